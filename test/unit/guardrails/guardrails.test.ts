import { BOOTSTRAP_PREFIX } from '../../../modules/bootstrap/names';
import { iamStatements } from './policy-documents';
import { guardedStacks, referencedType, resourcesOf } from './stacks';

const all = guardedStacks();
const stacks = Object.fromEntries(all.map((s) => [s.name, s]));
const names = all.map((s) => s.name);
const resources = (json: (typeof all)[number]['json'], type: string): Array<[string, Record<string, unknown>]> => resourcesOf(json, type);

describe.each(names)('%s guardrails', (name) => {
  const { json, bootstrap } = stacks[name];
  const prefix = bootstrap ? BOOTSTRAP_PREFIX : name;

  it('no IAM statement allows "*" or "<service>:*"', () => {
    const broad = iamStatements(json)
      .filter((s) => s.effect === 'Allow')
      .flatMap((s) => s.actions.filter((a) => a === '*' || /^[a-z0-9-]+:\*$/i.test(a)).map((a) => `${s.where}: ${a}`));
    expect(broad).toEqual([]);
  });

  it('no IAM action that allows anything uses a wildcard at all (a Deny of "s3:*" only takes away)', () => {
    const wildcards = iamStatements(json).flatMap((s) => s.actions.filter((a) => a.includes('*')).map((a) => `${s.where}: ${s.effect} ${a}`));
    expect(wildcards.filter((w) => !/: Deny [a-z0-9-]+:\*$/.test(w))).toEqual([]);
  });

  it('every Lambda and SQS target of every rule has a dead-letter queue and a retry policy', () => {
    const missing: string[] = [];
    for (const [moduleName, module] of Object.entries(json.module ?? {})) {
      for (const [rule, targets] of Object.entries((module.targets ?? {}) as Record<string, Array<Record<string, unknown>>>)) {
        for (const target of targets) {
          const type = referencedType(target.arn);
          if (type !== 'aws_lambda_function' && type !== 'aws_sqs_queue') continue;
          if (!target.dead_letter_arn) missing.push(`${moduleName}.${rule}.${String(target.name)}: no dead_letter_arn`);
          if (!target.retry_policy) missing.push(`${moduleName}.${rule}.${String(target.name)}: no retry_policy`);
        }
      }
      for (const [schedule, body] of Object.entries((module.schedules ?? {}) as Record<string, Record<string, unknown>>)) {
        if (!body.dead_letter_arn || !body.retry_policy) missing.push(`${moduleName}.schedules.${schedule}: no DLQ or retry policy`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every queue, topic, table and bucket is encrypted', () => {
    const encryptedBuckets = new Set(resources(json, 'aws_s3_bucket_server_side_encryption_configuration').map(([, e]) => String(e.bucket)));
    const plain = [
      ...resources(json, 'aws_s3_bucket').filter(([n]) => !encryptedBuckets.has(`\${aws_s3_bucket.${n}.id}`)).map(([n]) => `aws_s3_bucket.${n}`),
      ...resources(json, 'aws_sqs_queue').filter(([, q]) => q.sqs_managed_sse_enabled !== true && !q.kms_master_key_id).map(([n]) => `aws_sqs_queue.${n}`),
      ...resources(json, 'aws_sns_topic').filter(([, t]) => !t.kms_master_key_id).map(([n]) => `aws_sns_topic.${n}`),
      ...resources(json, 'aws_dynamodb_table').filter(([, t]) => (t.server_side_encryption as { enabled?: boolean })?.enabled !== true).map(([n]) => `aws_dynamodb_table.${n}`),
    ];
    expect(plain).toEqual([]);
  });

  it('every log group has a retention', () => {
    expect(resources(json, 'aws_cloudwatch_log_group').filter(([, g]) => !g.retention_in_days).map(([n]) => n)).toEqual([]);
  });

  it('every resource name carries the environment prefix', () => {
    const named: Array<[string, string]> = [
      ['aws_dynamodb_table', 'name'],
      ['aws_sqs_queue', 'name'],
      ['aws_lambda_function', 'function_name'],
      ['aws_iam_role', 'name'],
      ['aws_iam_role_policy', 'name'],
      ['aws_cloudwatch_log_group', 'name'],
      ['aws_cloudwatch_log_resource_policy', 'policy_name'],
      ['aws_api_gateway_rest_api', 'name'],
      ['aws_apigatewayv2_api', 'name'],
      ['aws_sns_topic', 'name'],
      ['aws_cloudwatch_metric_alarm', 'alarm_name'],
      ['aws_cloudwatch_dashboard', 'dashboard_name'],
      ['aws_schemas_registry', 'name'],
      ['aws_iam_policy', 'name'],
      ['aws_kms_alias', 'name'],
    ];
    const unprefixed: string[] = [];
    for (const [type, field] of named) {
      for (const [n, body] of resources(json, type)) if (!String(body[field]).includes(`${prefix}-`)) unprefixed.push(`${type}.${n}: ${String(body[field])}`);
    }
    for (const module of Object.values(json.module ?? {})) {
      for (const value of [module.bus_name, module.role_name, ...Object.values((module.schedule_groups ?? {}) as Record<string, { name: string }>).map((g) => g.name), ...Object.keys((module.archives ?? {}) as object)]) {
        if (!String(value).startsWith(`${prefix}-`)) unprefixed.push(`module: ${String(value)}`);
      }
    }
    expect(unprefixed).toEqual([]);
  });
});

describe('prod guardrails', () => {
  const { json } = stacks['fakemon-prod'];

  it('has point-in-time recovery and deletion protection on every table', () => {
    for (const [, table] of resources(json, 'aws_dynamodb_table')) {
      expect(table.point_in_time_recovery).toEqual({ enabled: true });
      expect(table.deletion_protection_enabled).toBe(true);
    }
  });

});

describe.each(names)('%s provider', (name) => {
  it('is locked to its one account (allowed_account_ids)', () => {
    expect(stacks[name].json.provider.aws[0].allowed_account_ids).toEqual([expect.stringMatching(/^\d{12}$/)]);
  });
});

describe('across environments', () => {
  it('no two stacks share a backend key', () => {
    const keys = names.map((n) => `${stacks[n].json.terraform.backend.s3.bucket}/${stacks[n].json.terraform.backend.s3.key}`);
    expect(new Set(keys).size).toBe(names.length);
  });
});
