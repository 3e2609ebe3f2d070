import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { ALARM_TOPIC_KEY_ALIAS } from './names';

/** Props of {@link AlarmTopicKey}. */
export interface AlarmTopicKeyProps {
  readonly accountId: string;
  readonly region: string;
  /** Days a deleted key waits before AWS deletes it (7–30). @default 30 */
  readonly deletionWindowDays?: number;
}

/**
 * Key administration the account delegates to its IAM policies (the key policy's "root" statement). Listed action by
 * action: the key stays manageable by the account's administrators without granting `kms:*`.
 */
const KEY_ADMINISTRATION = [
  'kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:PutKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:EnableKeyRotation',
  'kms:DisableKeyRotation', 'kms:ListResourceTags', 'kms:TagResource', 'kms:UntagResource', 'kms:UpdateKeyDescription',
  'kms:EnableKey', 'kms:DisableKey', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion', 'kms:CreateAlias',
  'kms:DeleteAlias', 'kms:UpdateAlias', 'kms:ListGrants', 'kms:RevokeGrant',
];

/**
 * The customer-managed key every alarm topic of the account and region is encrypted with (environments find it by
 * its alias). CloudWatch cannot use AWS-managed keys, so alarms sent to a topic encrypted with `alias/aws/sns` are
 * never delivered; this key's policy lets `cloudwatch.amazonaws.com` use it for this account's alarms only
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services). Rotation on.
 */
export class AlarmTopicKey extends Construct {
  /** The key. */
  public readonly key: KmsKey;
  /** Its alias. */
  public readonly alias: KmsAlias;

  constructor(scope: Construct, id: string, props: AlarmTopicKeyProps) {
    super(scope, id);
    this.key = new KmsKey(this, 'key', {
      description: 'Encrypts the alarm topics of every environment in this account and region; CloudWatch may use it',
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowDays ?? 30,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AccountAdministersKey',
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${props.accountId}:root` },
            Action: KEY_ADMINISTRATION,
            Resource: '*',
          },
          {
            Sid: 'CloudWatchAlarmsEncryptNotifications',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
            Resource: '*',
            Condition: {
              StringEquals: { 'aws:SourceAccount': props.accountId },
              ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:${props.region}:${props.accountId}:alarm:*` },
            },
          },
        ],
      }),
    });
    this.alias = new KmsAlias(this, 'alias', { name: ALARM_TOPIC_KEY_ALIAS, targetKeyId: this.key.keyId });
  }
}
