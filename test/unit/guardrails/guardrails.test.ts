import { synthesizeAll, StackJson } from '../../support/synthesized-stacks';
import { iamStatements } from './policy-documents';

const stacks = synthesizeAll();
const names = Object.keys(stacks).sort();

/**
 * The only statements allowed `Resource: "*"`, and why: AWS offers nothing narrower for these actions.
 */
const WILDCARD_RESOURCE_ALLOWED: Readonly<Record<string, string>> = {
  'xray:PutTraceSegments': 'X-Ray trace segments have no resource-level permissions',
  'xray:PutTelemetryRecords': 'X-Ray telemetry has no resource-level permissions',
};

const resources = (json: StackJson, type: string): Array<[string, Record<string, unknown>]> => Object.entries(json.resource[type] ?? {});
const referencedType = (arn: unknown): string | undefined => /^\$\{(aws_[a-z0-9_]+)\./.exec(String(arn))?.[1];

describe.each(names)('%s guardrails', (name) => {
  const { json } = stacks[name];
  const prefix = name;

  it('no IAM statement allows "*" or "<service>:*"', () => {
    const broad = iamStatements(json).flatMap((s) => s.actions.filter((a) => a === '*' || /^[a-z0-9-]+:\*$/i.test(a)).map((a) => `${s.where}: ${a}`));
    expect(broad).toEqual([]);
  });

  it('no IAM action uses a wildcard at all', () => {
    const wildcards = iamStatements(json).flatMap((s) => s.actions.filter((a) => a.includes('*')).map((a) => `${s.where}: ${a}`));
    expect(wildcards).toEqual([]);
  });

  it('Resource "*" appears only for the listed actions where AWS offers nothing narrower', () => {
    const unjustified = iamStatements(json)
      .filter((s) => s.resources.includes('*'))
      .flatMap((s) => s.actions.filter((a) => !(a in WILDCARD_RESOURCE_ALLOWED)).map((a) => `${s.where}: ${a} on *`));
    expect(unjustified).toEqual([]);
  });

  it('every Lambda and SQS target of every rule has a dead-letter queue and a retry policy', () => {
    const missing: string[] = [];
    for (const [moduleName, module] of Object.entries(json.module)) {
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

  it('every Lambda function invoked asynchronously (a rule or schedule target) sends failed invocations to a queue', () => {
    const configured = new Set(resources(json, 'aws_lambda_function_event_invoke_config').filter(([, c]) => (c.destination_config as { on_failure?: unknown })?.on_failure).map(([, c]) => String(c.function_name)));
    const targeted = new Set([...JSON.stringify(json.module ?? {}).matchAll(/aws_lambda_function\.([A-Za-z0-9_-]+)\.arn/g)].map((m) => m[1]));
    expect(targeted.size).toBeGreaterThan(0);
    const functions = [...targeted].map((n) => `\${aws_lambda_function.${n}.function_name}`);
    expect(functions.filter((f) => !configured.has(f))).toEqual([]);
  });

  it('every queue, topic and table is encrypted', () => {
    const plain = [
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
    ];
    const unprefixed: string[] = [];
    for (const [type, field] of named) {
      for (const [n, body] of resources(json, type)) if (!String(body[field]).includes(`${prefix}-`)) unprefixed.push(`${type}.${n}: ${String(body[field])}`);
    }
    for (const module of Object.values(json.module)) {
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

  it('restricts the provider to its account', () => {
    expect(json.provider.aws[0].allowed_account_ids).toEqual([expect.stringMatching(/^\d{12}$/)]);
  });
});

describe('across environments', () => {
  it('no two environments share a backend key', () => {
    const keys = names.map((n) => `${stacks[n].json.terraform.backend.s3.bucket}/${stacks[n].json.terraform.backend.s3.key}`);
    expect(new Set(keys).size).toBe(names.length);
  });
});
