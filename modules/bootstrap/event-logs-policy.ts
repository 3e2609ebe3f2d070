import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { Construct } from 'constructs';
import { EVENT_LOGS_POLICY } from './names';

/** Props of {@link EventLogsPolicy}. */
export interface EventLogsPolicyProps {
  readonly accountId: string;
  readonly region: string;
  /** Name prefix patterns of the environments in this account and region (`fakemon-dev`, `fakemon-pr-*`). */
  readonly namePrefixes: readonly string[];
}

/** Services that write an EventBridge rule's events to a log-group target. */
const WRITERS = ['events.amazonaws.com', 'delivery.logs.amazonaws.com'];

/**
 * The one CloudWatch Logs resource policy that lets EventBridge rules write to every environment's
 * `/aws/events/<prefix>-*` log groups (resource policies are account-wide, at most 10 per region, so environments
 * cannot each own one). As in AWS's own sample, the statements are split: `logs:CreateLogStream` carries no
 * `aws:SourceArn` condition, because that key is evaluated only for `logs:PutLogEvents`, which is limited to the
 * rules of the environments' buses.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-cloudwatchlogs-permissions
 * https://github.com/aws-samples/serverless-patterns/pull/618 (eventbridge-cloudwatch/template.yaml)
 */
export class EventLogsPolicy extends Construct {
  /** The policy. */
  public readonly policy: CloudwatchLogResourcePolicy;

  constructor(scope: Construct, id: string, props: EventLogsPolicyProps) {
    super(scope, id);
    const logs = (prefix: string): string => `arn:aws:logs:${props.region}:${props.accountId}:log-group:/aws/events/${prefix}-*:*`;
    const rules = (prefix: string): string => `arn:aws:events:${props.region}:${props.accountId}:rule/${prefix}-bus/*`;
    this.policy = new CloudwatchLogResourcePolicy(this, 'policy', {
      policyName: EVENT_LOGS_POLICY,
      policyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'EventBridgeCreatesLogStreams',
            Effect: 'Allow',
            Principal: { Service: WRITERS },
            Action: 'logs:CreateLogStream',
            Resource: props.namePrefixes.map(logs),
          },
          {
            Sid: 'EnvironmentRulesPutLogEvents',
            Effect: 'Allow',
            Principal: { Service: WRITERS },
            Action: 'logs:PutLogEvents',
            Resource: props.namePrefixes.map(logs),
            Condition: { ArnLike: { 'aws:SourceArn': props.namePrefixes.map(rules) } },
          },
        ],
      }),
    });
  }
}
