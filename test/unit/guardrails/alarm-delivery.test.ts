import { GuardedStack, guardedStacks, referencedResource, resourcesOf } from './stacks';

/**
 * An alarm reaches someone only if CloudWatch can publish to its topic: the topic policy must let
 * `cloudwatch.amazonaws.com` publish, and an encrypted topic's key must be a customer-managed key whose policy lets
 * CloudWatch use it. CloudWatch cannot use AWS-managed keys (`alias/aws/sns`): alarms sent to such a topic are never
 * delivered (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
 */
const all = guardedStacks();
const stacksWithTopics = all.filter((s) => resourcesOf(s.json, 'aws_sns_topic').length > 0);

type Statement = { Effect: string; Principal?: { Service?: string | string[] }; Action: string | string[]; Resource?: unknown; Condition?: Record<string, Record<string, unknown>> };
const statementsOf = (text: unknown): Statement[] => (JSON.parse(String(text)) as { Statement: Statement[] }).Statement;
const servesCloudWatch = (s: Statement): boolean => s.Effect === 'Allow' && [s.Principal?.Service].flat().includes('cloudwatch.amazonaws.com');
const scopedToAccount = (s: Statement, accountId: string): boolean => s.Condition?.StringEquals?.['aws:SourceAccount'] === accountId;

/** The customer-managed key a topic's `kms_master_key_id` names: in the same stack, or by alias in a bootstrap stack of its account and region. */
function keyOf(stack: GuardedStack, keyId: string): Record<string, unknown> | undefined {
  const local = referencedResource(keyId);
  if (local?.startsWith('aws_kms_key.')) return resourcesOf(stack.json, 'aws_kms_key').find(([n]) => `aws_kms_key.${n}` === local)?.[1];
  for (const owner of all.filter((s) => s.accountId === stack.accountId && s.region === stack.region)) {
    const alias = resourcesOf(owner.json, 'aws_kms_alias').find(([, a]) => a.name === keyId);
    if (alias) return resourcesOf(owner.json, 'aws_kms_key').find(([n]) => `aws_kms_key.${n}` === referencedResource(alias[1].target_key_id))?.[1];
  }
  return undefined;
}

describe.each(stacksWithTopics.map((s) => [s.name, s] as const))('%s: alarms reach their topic', (_name, stack) => {
  const topics = resourcesOf(stack.json, 'aws_sns_topic');

  it.each(topics.map(([name, topic]) => [name, topic] as const))('%s is encrypted with a customer-managed key CloudWatch may use, rotated', (_topic, topic) => {
    const keyId = String(topic.kms_master_key_id);
    expect(keyId).not.toMatch(/(^|:)alias\/aws\//);
    const key = keyOf(stack, keyId);
    expect(key).toBeDefined();
    expect(key?.enable_key_rotation).toBe(true);
    const grants = statementsOf(key?.policy).filter(servesCloudWatch);
    expect(grants.some((s) => ['kms:Decrypt', 'kms:GenerateDataKey'].every((a) => [s.Action].flat().includes(a)) && scopedToAccount(s, stack.accountId))).toBe(true);
  });

  it.each(topics.map(([name]) => name))('%s has a topic policy letting this account’s CloudWatch alarms publish', (topicName) => {
    const policies = resourcesOf(stack.json, 'aws_sns_topic_policy').filter(([, p]) => p.arn === `\${aws_sns_topic.${topicName}.arn}`);
    expect(policies).toHaveLength(1);
    const grants = statementsOf(policies[0][1].policy).filter(servesCloudWatch);
    expect(grants.some((s) => [s.Action].flat().includes('sns:Publish') && scopedToAccount(s, stack.accountId))).toBe(true);
  });

  it('sends every alarm to a topic of the stack', () => {
    const topicArns = topics.map(([name]) => `\${aws_sns_topic.${name}.arn}`);
    const alarms = resourcesOf(stack.json, 'aws_cloudwatch_metric_alarm');
    expect(alarms.filter(([, a]) => !((a.alarm_actions ?? []) as string[]).every((arn) => topicArns.includes(arn))).map(([n]) => n)).toEqual([]);
  });
});
