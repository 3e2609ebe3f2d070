import { matchesPattern } from '../../../modules/config/environment-family';
import { environmentFamilies } from '../../../modules/config/environments';
import { deployRoleName, PLAN_ROLE } from '../../../modules/bootstrap/names';
import { EVENTBRIDGE_MODULE_RESOURCE_TYPES, unmappedResourceTypes } from '../../../modules/bootstrap/deployment-permissions';
import { GuardedStack, guardedStacks, referencedResource, resourcesOf } from './stacks';

/**
 * Account-level pieces belong to one bootstrap stack per account and region, never to an environment: several
 * environments share an account (dev and every pull-request stack), and a setting each of them manages is fought
 * over, left pointing at deleted resources when one is destroyed, and capped (10 logs resource policies per region).
 * Environment stacks find the bootstrap pieces by name and never reference another stack.
 */
const all = guardedStacks();
const environments = all.filter((s) => !s.bootstrap);
const bootstraps = all.filter((s) => s.bootstrap);
const families = environmentFamilies();

/** Resource types that are one per account or per account and region. */
const ACCOUNT_LEVEL_TYPES = [
  'aws_api_gateway_account',
  'aws_cloudwatch_log_resource_policy',
  'aws_iam_openid_connect_provider',
  'aws_iam_account_password_policy',
  'aws_iam_account_alias',
  'aws_s3_account_public_access_block',
  'aws_ebs_encryption_by_default',
  'aws_s3_bucket',
];

const count = (stacks: readonly GuardedStack[], type: string): number => stacks.reduce((n, s) => n + resourcesOf(s.json, type).length, 0);
const accountRegions = [...new Set(environments.map((s) => `${s.accountId}/${s.region}`))].sort();
const accounts = [...new Set(environments.map((s) => s.accountId))].sort();
const homeOf = (accountId: string): GuardedStack => {
  const home = bootstraps.filter((s) => s.accountId === accountId && resourcesOf(s.json, 'aws_iam_openid_connect_provider').length > 0);
  if (home.length !== 1) throw new Error(`account ${accountId} has ${home.length} bootstrap stacks holding its account-wide pieces`);
  return home[0];
};
const regionalBootstrap = (accountId: string, region: string): GuardedStack[] => bootstraps.filter((s) => s.accountId === accountId && s.region === region);

describe.each(environments.map((s) => [s.name, s] as const))('%s leaves account-level pieces to its bootstrap stack', (_name, stack) => {
  it('manages no account-level resource', () => {
    expect(ACCOUNT_LEVEL_TYPES.filter((type) => count([stack], type) > 0)).toEqual([]);
  });

  it('references no other stack (no remote state, no cross-stack outputs)', () => {
    expect(Object.keys(stack.json.data ?? {}).filter((type) => type === 'terraform_remote_state')).toEqual([]);
    expect(JSON.stringify(stack.json)).not.toMatch(/terraform_remote_state|cross-stack-output/);
  });

  it('creates every stage that logs only after the check that its account’s bootstrap stack was applied', () => {
    const checks = Object.keys(stack.json.data?.aws_iam_roles ?? {}).map((n) => `data.aws_iam_roles.${n}`);
    expect(checks).toHaveLength(1);
    const stages = [...resourcesOf(stack.json, 'aws_api_gateway_stage'), ...resourcesOf(stack.json, 'aws_apigatewayv2_stage')].filter(([, s]) => s.access_log_settings);
    expect(stages.length).toBeGreaterThan(0);
    expect(stages.filter(([, s]) => !((s.depends_on ?? []) as string[]).includes(checks[0])).map(([n]) => n)).toEqual([]);
  });

  it('checks for the role its account’s bootstrap stack creates and points API Gateway’s logging setting at', () => {
    const [check] = Object.values(stack.json.data?.aws_iam_roles ?? {});
    const home = homeOf(stack.accountId);
    const created = resourcesOf(home.json, 'aws_iam_role').filter(([, r]) => String(r.path).startsWith(String(check.path_prefix)) && new RegExp(String(check.name_regex)).test(String(r.name)));
    expect(created).toHaveLength(1);
    const [roleName, role] = created[0];
    const roleArn = `arn:aws:iam::${stack.accountId}:role${String(role.path)}${String(role.name)}`;
    const [setting] = regionalBootstrap(stack.accountId, stack.region).flatMap((b) => resourcesOf(b.json, 'aws_api_gateway_account'));
    expect([`\${aws_iam_role.${roleName}.arn}`, roleArn]).toContain(setting[1].cloudwatch_role_arn);
  });

  it('writes its EventBridge log-group targets only where its account’s one logs resource policy lets its rules write', () => {
    const [bootstrap] = regionalBootstrap(stack.accountId, stack.region);
    const [, policy] = resourcesOf(bootstrap.json, 'aws_cloudwatch_log_resource_policy')[0];
    const statements = (JSON.parse(String(policy.policy_document)) as { Statement: Array<{ Action: string | string[]; Resource: string[]; Condition?: { ArnLike?: { 'aws:SourceArn'?: string[] } } }> }).Statement;
    const putLogEvents = statements.filter((s) => [s.Action].flat().includes('logs:PutLogEvents'));
    const createStream = statements.filter((s) => [s.Action].flat().includes('logs:CreateLogStream'));
    const uncovered: string[] = [];
    for (const module of Object.values(stack.json.module ?? {})) {
      for (const [ruleKey, targets] of Object.entries((module.targets ?? {}) as Record<string, Array<{ arn: string }>>)) {
        for (const target of targets) {
          const group = referencedResource(target.arn);
          if (!group?.startsWith('aws_cloudwatch_log_group.')) continue;
          const logGroupName = String(resourcesOf(stack.json, 'aws_cloudwatch_log_group').find(([n]) => `aws_cloudwatch_log_group.${n}` === group)?.[1].name);
          const stream = `arn:aws:logs:${stack.region}:${stack.accountId}:log-group:${logGroupName}:log-stream:x`;
          const ruleArn = `arn:aws:events:${stack.region}:${stack.accountId}:rule/${String(module.bus_name)}/${ruleKey.replace(/_/g, '-')}-rule`;
          const writes = putLogEvents.some((s) => s.Resource.some((r) => matchesPattern(r, stream)) && (s.Condition?.ArnLike?.['aws:SourceArn'] ?? []).some((p) => matchesPattern(p, ruleArn)));
          const creates = createStream.some((s) => s.Resource.some((r) => matchesPattern(r, stream)));
          if (!writes || !creates) uncovered.push(`${ruleKey} → ${logGroupName}`);
        }
      }
    }
    expect(uncovered).toEqual([]);
  });

  it('manages only resource types its deploy and plan roles are granted', () => {
    const types = [
      ...Object.keys(stack.json.resource ?? {}),
      ...Object.keys(stack.json.data ?? {}).map((type) => `data.${type}`),
      ...(Object.keys(stack.json.module ?? {}).length > 0 ? EVENTBRIDGE_MODULE_RESOURCE_TYPES : []),
    ];
    expect(unmappedResourceTypes(types)).toEqual([]);
  });

  it('is deployed by a role its account’s bootstrap stack creates for its GitHub environment, planned by the plan role', () => {
    const family = families.find((f) => matchesPattern(f.namePrefixPattern, stack.name));
    const roles = resourcesOf(homeOf(stack.accountId).json, 'aws_iam_role').map(([, r]) => String(r.name));
    expect(roles).toEqual(expect.arrayContaining([PLAN_ROLE, deployRoleName(String(family?.config.githubEnvironment))]));
  });

  it('keeps its state in the bucket its account’s bootstrap stack creates: versioned, encrypted, private, TLS only', () => {
    const home = homeOf(stack.accountId);
    const [[bucketName, bucket]] = resourcesOf(home.json, 'aws_s3_bucket');
    expect(bucket.bucket).toBe(stack.json.terraform.backend.s3.bucket);
    expect((bucket.lifecycle as { prevent_destroy?: boolean }).prevent_destroy).toBe(true);
    const ref = `\${aws_s3_bucket.${bucketName}.id}`;
    const of = (type: string): Record<string, unknown> | undefined => resourcesOf(home.json, type).find(([, r]) => r.bucket === ref)?.[1];
    expect(of('aws_s3_bucket_versioning')?.versioning_configuration).toEqual({ status: 'Enabled' });
    expect(of('aws_s3_bucket_server_side_encryption_configuration')).toBeDefined();
    expect(of('aws_s3_bucket_public_access_block')).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    const tlsOnly = (JSON.parse(String(of('aws_s3_bucket_policy')?.policy)) as { Statement: Array<Record<string, unknown>> }).Statement;
    expect(tlsOnly).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
  });
});

describe('one bootstrap stack per account and region', () => {
  it.each(accountRegions)('%s: exactly one API Gateway logging setting and one logs resource policy, in a bootstrap stack', (accountRegion) => {
    const [accountId, region] = accountRegion.split('/');
    const inRegion = all.filter((s) => s.accountId === accountId && s.region === region);
    expect(regionalBootstrap(accountId, region)).toHaveLength(1);
    expect(count(inRegion, 'aws_api_gateway_account')).toBe(1);
    expect(count(inRegion, 'aws_cloudwatch_log_resource_policy')).toBe(1);
  });

  it.each(accounts)('%s: one GitHub OIDC provider and one state bucket for the whole account', (accountId) => {
    const inAccount = all.filter((s) => s.accountId === accountId);
    expect(count(inAccount, 'aws_iam_openid_connect_provider')).toBe(1);
    expect(count(inAccount, 'aws_s3_bucket')).toBe(1);
  });

  it('has no bootstrap stack for an account or region no environment uses', () => {
    const used = new Set([...accountRegions, ...environments.map((s) => `${s.accountId}/${String(s.json.terraform.backend.s3.region)}`)]);
    expect(bootstraps.filter((b) => !used.has(`${b.accountId}/${b.region}`)).map((b) => b.name)).toEqual([]);
  });

  it('keeps every bootstrap stack’s state in its account’s bucket, under its own key', () => {
    for (const b of bootstraps) {
      const [[, bucket]] = resourcesOf(homeOf(b.accountId).json, 'aws_s3_bucket');
      expect(b.json.terraform.backend.s3).toMatchObject({ bucket: bucket.bucket, encrypt: true, use_lockfile: true });
    }
  });
});
