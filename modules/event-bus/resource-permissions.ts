import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { Construct } from 'constructs';
import type { EventBusRule, QueueRef } from './types';

/** One rule, its key and its ARN (a Terraform reference to the module output). */
export interface RuleWithArn {
  readonly key: string;
  readonly ruleArn: string;
  readonly rule: EventBusRule;
}

/**
 * The module creates no resource-based permissions. These are them: a Lambda permission per Lambda target and
 * one queue policy per queue (target or DLQ) listing the rules allowed to send to it, each scoped to the sending
 * rules' ARNs. Log-group targets get nothing here: CloudWatch Logs resource policies are account-wide (at most 10
 * per region), so the account's bootstrap stack holds the one policy for every environment's
 * `/aws/events/<prefix>-*` groups.
 */
export class EventBusResourcePermissions extends Construct {
  /** The Lambda permissions, by target name. */
  public readonly lambdaPermissions: Readonly<Record<string, LambdaPermission>>;
  /** The queue policies, one per queue. */
  public readonly queuePolicies: readonly SqsQueuePolicy[];

  constructor(scope: Construct, id: string, props: { readonly busName: string; readonly rules: readonly RuleWithArn[] }) {
    super(scope, id);
    const lambdaPermissions: Record<string, LambdaPermission> = {};
    // Keyed by the queue object: one policy per queue, named after the first target that uses it.
    const senders = new Map<QueueRef, { readonly id: string; readonly ruleArns: Set<string> }>();
    const allow = (queue: QueueRef, id: string, ruleArn: string): void => {
      const entry = senders.get(queue) ?? { id, ruleArns: new Set<string>() };
      entry.ruleArns.add(ruleArn);
      senders.set(queue, entry);
    };

    for (const { key, ruleArn, rule } of props.rules) {
      for (const target of rule.targets) {
        if (target.deadLetterQueue) allow(target.deadLetterQueue, `${target.name}-dlq`, ruleArn);
        if (target.kind === 'sqs') allow(target.queue, `${target.name}-queue`, ruleArn);
        if (target.kind === 'lambda') {
          lambdaPermissions[target.name] = new LambdaPermission(this, `invoke-${target.name}`, {
            statementId: `AllowEventBridgeRule-${key}`.slice(0, 100),
            action: 'lambda:InvokeFunction',
            functionName: target.function.functionName,
            principal: 'events.amazonaws.com',
            sourceArn: ruleArn,
          });
        }
      }
    }

    this.queuePolicies = [...senders.entries()].map(([queue, { id: policyId, ruleArns }]) =>
      new SqsQueuePolicy(this, `policy-${policyId}`, {
        queueUrl: queue.url,
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'EventBridgeRulesSendMessages',
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Action: 'sqs:SendMessage',
              Resource: queue.arn,
              Condition: { ArnEquals: { 'aws:SourceArn': [...ruleArns] } },
            },
          ],
        }),
      }),
    );
    this.lambdaPermissions = lambdaPermissions;
  }
}
