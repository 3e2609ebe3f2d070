import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import type { AlarmSubscription } from '../config/environment-config';

/** Props of {@link AlarmTopic}. */
export interface AlarmTopicProps {
  /** Topic name, with the environment prefix. */
  readonly topicName: string;
  /** Account of the topic and of the alarms that publish to it. */
  readonly accountId: string;
  /** Region of the topic and the alarms. */
  readonly region: string;
  /** Name prefix of the alarms allowed to publish (`<prefix>-*`). */
  readonly alarmNamePrefix: string;
  /**
   * The customer-managed KMS key the topic is encrypted with (id, ARN or alias). CloudWatch cannot use AWS-managed
   * keys such as `alias/aws/sns`, so alarms publishing to a topic encrypted with one are never delivered; the key's
   * policy must let `cloudwatch.amazonaws.com` use it
   * (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
   */
  readonly kmsKeyId: string;
  /** Who is notified. @default none */
  readonly subscriptions?: readonly AlarmSubscription[];
}

/**
 * The environment's alarm topic: encrypted with a customer-managed key CloudWatch may use, with a topic policy that
 * lets this account's alarms (and only those named with the environment prefix) publish.
 */
export class AlarmTopic extends Construct {
  /** The topic. */
  public readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    if (/^(alias\/aws\/|arn:aws:kms:[^:]*:[^:]*:alias\/aws\/)/.test(props.kmsKeyId)) {
      throw new Error(`AlarmTopic "${props.topicName}": ${props.kmsKeyId} is an AWS-managed key, which CloudWatch cannot use; give a customer-managed key`);
    }
    this.topic = new SnsTopic(this, 'topic', { name: props.topicName, kmsMasterKeyId: props.kmsKeyId });
    new SnsTopicPolicy(this, 'policy', {
      arn: this.topic.arn,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'CloudWatchAlarmsPublish',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: this.topic.arn,
            Condition: {
              StringEquals: { 'aws:SourceAccount': props.accountId },
              ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:${props.region}:${props.accountId}:alarm:${props.alarmNamePrefix}-*` },
            },
          },
        ],
      }),
    });
    (props.subscriptions ?? []).forEach((subscription, i) => {
      new SnsTopicSubscription(this, `subscription-${i}`, {
        topicArn: this.topic.arn,
        protocol: subscription.protocol,
        endpoint: subscription.endpoint,
      });
    });
  }
}
