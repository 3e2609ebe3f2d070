import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import type { AlarmSubscription } from '../config/environment-config';

/** Props of {@link AlarmTopic}. */
export interface AlarmTopicProps {
  /** Topic name, with the environment prefix. */
  readonly topicName: string;
  /** Who is notified. @default none */
  readonly subscriptions?: readonly AlarmSubscription[];
}

/** The environment's alarm topic, encrypted with the AWS-managed SNS key. */
export class AlarmTopic extends Construct {
  /** The topic. */
  public readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    this.topic = new SnsTopic(this, 'topic', { name: props.topicName, kmsMasterKeyId: 'alias/aws/sns' });
    (props.subscriptions ?? []).forEach((subscription, i) => {
      new SnsTopicSubscription(this, `subscription-${i}`, {
        topicArn: this.topic.arn,
        protocol: subscription.protocol,
        endpoint: subscription.endpoint,
      });
    });
  }
}
