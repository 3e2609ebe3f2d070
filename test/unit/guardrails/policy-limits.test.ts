import { policyDocuments } from './policy-documents';
import { guardedStacks, referencedResource, resourcesOf } from './stacks';

/**
 * Policy documents over their service's size limit fail on apply. Sizes are counted as IAM does, without whitespace;
 * a document that still holds Terraform references (shorter than most ARNs they become) is checked with 10% to spare.
 * IAM: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 * CloudWatch Logs: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutResourcePolicy.html
 */
const LIMITS: Readonly<Record<string, number>> = {
  aws_iam_policy: 6144,
  aws_iam_role: 2048, // trust policy, default quota
  aws_cloudwatch_log_resource_policy: 5120,
  aws_s3_bucket_policy: 20480,
  aws_sns_topic_policy: 30720,
  aws_kms_key: 32768,
  aws_sqs_queue_policy: 8192,
};
const INLINE_POLICIES_PER_ROLE = 10240;
const MANAGED_POLICIES_PER_ROLE = 10;
const SPARE = 0.9;

const stacks = guardedStacks();
const size = (text: string): number => JSON.stringify(JSON.parse(text)).length;

describe.each(stacks.map((s) => [s.name, s] as const))('%s', (_name, stack) => {
  it('keeps every policy document under its service’s size limit', () => {
    const over = policyDocuments(stack.json)
      .map((d) => ({ where: d.where, size: size(d.text), limit: LIMITS[d.where.split('.')[0]] * (d.text.includes('${') ? SPARE : 1) }))
      .filter((d) => !Number.isNaN(d.limit) && d.size > d.limit)
      .map((d) => `${d.where}: ${d.size} of ${d.limit}`);
    expect(over).toEqual([]);
  });

  it('keeps every role under IAM’s inline-policy size and managed-policy count', () => {
    const problems: string[] = [];
    for (const [name] of resourcesOf(stack.json, 'aws_iam_role')) {
      const inline = resourcesOf(stack.json, 'aws_iam_role_policy').filter(([, p]) => referencedResource(p.role) === `aws_iam_role.${name}`);
      const total = inline.reduce((n, [, p]) => n + size(String(p.policy)), 0);
      if (total > INLINE_POLICIES_PER_ROLE * (inline.some(([, p]) => String(p.policy).includes('${')) ? SPARE : 1)) problems.push(`${name}: ${total} characters of inline policies`);
      const attached = resourcesOf(stack.json, 'aws_iam_role_policy_attachment').filter(([, a]) => referencedResource(a.role) === `aws_iam_role.${name}`);
      if (attached.length > MANAGED_POLICIES_PER_ROLE) problems.push(`${name}: ${attached.length} managed policies`);
    }
    expect(problems).toEqual([]);
  });

  it('gives every statement at least one action and one resource: IAM refuses an empty list ("MalformedPolicyDocument: Policy statement must contain resources")', () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
    const empty: string[] = [];
    for (const document of policyDocuments(stack.json)) {
      const statements = (JSON.parse(document.text) as { Statement?: unknown }).Statement;
      for (const [i, statement] of (Array.isArray(statements) ? statements : [statements]).entries()) {
        for (const key of ['Action', 'NotAction', 'Resource', 'NotResource']) {
          const value = (statement as Record<string, unknown> | undefined)?.[key];
          if (Array.isArray(value) && value.length === 0) empty.push(`${document.where} statement ${i} (${String((statement as { Sid?: string }).Sid ?? '')}): empty ${key}`);
        }
      }
    }
    expect(empty).toEqual([]);
  });
});
