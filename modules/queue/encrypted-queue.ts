import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { Construct } from 'constructs';

/** Props of {@link EncryptedQueue}. */
export interface EncryptedQueueProps {
  /** Full queue name, with the environment prefix. */
  readonly queueName: string;
  /** Seconds a received message stays invisible. @default 30 */
  readonly visibilityTimeoutSeconds?: number;
  /** Seconds messages are kept (60–1209600). @default 1209600 (14 days, the maximum) */
  readonly messageRetentionSeconds?: number;
  /** Send messages received this many times to `deadLetterQueue`. Requires `deadLetterQueue`. @default 5 */
  readonly maxReceiveCount?: number;
  /** Where messages go after `maxReceiveCount` receives. @default no redrive */
  readonly deadLetterQueue?: SqsQueue;
}

/** An SQS queue with server-side encryption (SQS-managed keys), explicit retention and an optional redrive. */
export class EncryptedQueue extends Construct {
  /** The queue resource. */
  public readonly queue: SqsQueue;
  /** The queue's name (a plain string, usable in construct ids). */
  public readonly queueName: string;

  constructor(scope: Construct, id: string, props: EncryptedQueueProps) {
    super(scope, id);
    this.queueName = props.queueName;
    const retention = props.messageRetentionSeconds ?? 1209600;
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(props.queueName)) {
      throw new Error(`EncryptedQueue "${props.queueName}": queue names are 1-80 letters, digits, dashes or underscores`);
    }
    if (retention < 60 || retention > 1209600) {
      throw new Error(`EncryptedQueue "${props.queueName}": messageRetentionSeconds must be 60-1209600 (got ${retention})`);
    }
    if (props.maxReceiveCount !== undefined && !props.deadLetterQueue) {
      throw new Error(`EncryptedQueue "${props.queueName}": maxReceiveCount needs a deadLetterQueue`);
    }
    this.queue = new SqsQueue(this, 'queue', {
      name: props.queueName,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: retention,
      visibilityTimeoutSeconds: props.visibilityTimeoutSeconds ?? 30,
      redrivePolicy: props.deadLetterQueue
        ? JSON.stringify({ deadLetterTargetArn: props.deadLetterQueue.arn, maxReceiveCount: props.maxReceiveCount ?? 5 })
        : undefined,
    });
  }
}
