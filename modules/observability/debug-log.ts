import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Construct } from 'constructs';
import type { EventBusRule, RetryPolicy } from '../event-bus';
import { EncryptedQueue } from '../queue';

/** Props of {@link DebugLog}. */
export interface DebugLogProps {
  /** Prefix of the log group and queue names. */
  readonly namePrefix: string;
  /** Retention of the log group, in days. */
  readonly retentionDays: number;
  /** Retry policy of the log target. */
  readonly retryPolicy: RetryPolicy;
}

/**
 * The catch-all debug log: a rule that matches every event (`{"source":[{"prefix":""}]}`) writes it to a
 * CloudWatch log group with retention. The group is named `/aws/events/<prefix>-debug`, which the account's one
 * logs resource policy (bootstrap stack) lets EventBridge write to.
 */
export class DebugLog extends Construct {
  /** The log group. */
  public readonly logGroup: CloudwatchLogGroup;
  /** Where events go that could not be written. */
  public readonly deadLetterQueue: EncryptedQueue;
  /** The rule for the bus. */
  public readonly rule: EventBusRule;

  constructor(scope: Construct, id: string, props: DebugLogProps) {
    super(scope, id);
    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: `/aws/events/${props.namePrefix}-debug`,
      retentionInDays: props.retentionDays,
    });
    this.deadLetterQueue = new EncryptedQueue(this, 'dlq', { queueName: `${props.namePrefix}-debug-dlq` });
    this.rule = {
      description: 'Writes every event on the bus to the debug log group',
      eventPattern: { source: [{ prefix: '' }] },
      targets: [{ kind: 'log-group', name: 'debug-log', logGroup: this.logGroup, deadLetterQueue: this.deadLetterQueue.queue, retryPolicy: props.retryPolicy }],
    };
  }
}
