/**
 * Reads a synthesized stack's IAM: roles with their trust policies and identity-based policies (inline, customer
 * managed and attached, and the role the EventBridge module creates), the resource-based policies of its
 * resources, and the account's CloudWatch Logs resource policies (from this stack and from the account's other
 * synthesized stacks, e.g. a bootstrap stack: the logs resource policy is account-level).
 */
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { LocalIamConfig, LocalPolicyConfig, LocalResourcePolicyConfig, LocalRoleConfig } from '../iam/model';
import { LocalEndpoints, StackAttributes } from './stack-attributes';
import { readSynthesizedStack, resourcesOf, SynthesizedStack } from './terraform-json';

type Body = Record<string, unknown>;

/** A policy the runtime cannot evaluate (an AWS managed policy: its document is not in the stack). */
export class UnevaluablePolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnevaluablePolicyError';
  }
}

const isAwsManaged = (arn: string): boolean => /^arn:aws[a-z-]*:iam::aws:policy\//.test(arn);

/** The IAM of one stack (plus the account-level logs resource policies of `accountStacks`). */
export function toIamConfig(stack: SynthesizedStack, endpoints: LocalEndpoints, accountStacks: readonly SynthesizedStack[] = []): LocalIamConfig {
  const attrs = new StackAttributes(stack.json, endpoints);
  const all = (type: string): Array<[string, Body]> => resourcesOf(stack.json, type).map(([name]) => [name, attrs.attributes(type, name)]);
  const { accountId } = endpoints;
  const notes: string[] = [];

  const managed = new Map(all('aws_iam_policy').map(([name, p]) => [String(p.arn ?? `arn:aws:iam::${accountId}:policy/${String(p.name)}`), { source: `aws_iam_policy.${name}`, document: p.policy }]));
  const attachments = new Map<string, string[]>();
  const attach = (role: string, policyArn: string): void => {
    attachments.set(role, [...(attachments.get(role) ?? []), policyArn]);
  };
  for (const [, a] of all('aws_iam_role_policy_attachment')) attach(String(a.role), String(a.policy_arn));
  for (const [, a] of all('aws_iam_policy_attachment')) for (const role of (a.roles ?? []) as string[]) attach(String(role), String(a.policy_arn));

  const roles: LocalRoleConfig[] = all('aws_iam_role').map(([name, role]) => {
    const roleName = String(role.name);
    const inline = all('aws_iam_role_policy')
      .filter(([, p]) => p.role === roleName || p.role === role.arn)
      .map(([policyName, p]): LocalPolicyConfig => ({ source: `aws_iam_role_policy.${policyName}`, document: p.policy }));
    const blocks = ((role.inline_policy ?? []) as Body[]).map((p): LocalPolicyConfig => ({ source: `aws_iam_role.${name} inline_policy ${String(p.name)}`, document: p.policy }));
    const attachedArns = [...(attachments.get(roleName) ?? []), ...((role.managed_policy_arns ?? []) as string[])];
    const attached = attachedArns.map((arn): LocalPolicyConfig => {
      if (isAwsManaged(arn)) throw new UnevaluablePolicyError(`aws_iam_role.${name} attaches the AWS managed policy ${arn}, whose document is not in the stack: the local runtime cannot evaluate it (attach a policy of the stack, or run with --iam off)`);
      const policy = managed.get(arn);
      if (!policy) throw new UnevaluablePolicyError(`aws_iam_role.${name} attaches ${arn}, which is not a policy of the stack`);
      return policy;
    });
    return {
      name: roleName,
      arn: String(role.arn),
      trustPolicy: { source: `aws_iam_role.${name} assume_role_policy`, document: role.assume_role_policy },
      policies: [...inline, ...blocks, ...attached],
    };
  });
  roles.push(...moduleRoles(stack, attrs, accountId));

  return {
    roles,
    resourcePolicies: [...lambdaPermissions(all, endpoints), ...queuePolicies(all), ...topicPolicies(all)],
    logsResourcePolicies: [
      ...logsResourcePolicies(stack, attrs),
      ...accountStacks.flatMap((other) => {
        try {
          return logsResourcePolicies(other, new StackAttributes(other.json, endpoints));
        } catch (error) {
          notes.push(`the logs resource policies of ${other.name} cannot be read locally (${(error as Error).message}); they are not applied`);
          return [];
        }
      }),
    ],
    notes,
  };
}

/**
 * The role the EventBridge module creates (`create_role`, default true): trusted by EventBridge, and by
 * EventBridge Scheduler when the module has schedules; `policy_statements` become its attached policy.
 * https://registry.terraform.io/modules/terraform-aws-modules/eventbridge/aws/3.17.1 (inputs `create_role`,
 * `role_name`, `trusted_entities`, `attach_policy_statements`, `policy_statements`)
 */
function moduleRoles(stack: SynthesizedStack, attrs: StackAttributes, accountId: string): LocalRoleConfig[] {
  return Object.keys(stack.json.module ?? {}).flatMap((moduleName) => {
    const outputs = attrs.moduleOutputs(moduleName);
    const inputs = outputs.inputs as Body;
    if (inputs.create_role === false) return [];
    const services = ['events.amazonaws.com', ...((inputs.trusted_entities ?? []) as string[])];
    if (Object.keys((inputs.schedules ?? {}) as object).length > 0 && inputs.create_schedules !== false) services.push('scheduler.amazonaws.com');
    const statements = inputs.attach_policy_statements === true
      ? Object.entries((inputs.policy_statements ?? {}) as Record<string, Body>).map(([key, s]) => ({
          Sid: String(s.sid ?? key.replace(/[^0-9A-Za-z]*/g, '')),
          Effect: s.effect === 'Deny' ? 'Deny' : 'Allow',
          ...(s.actions ? { Action: s.actions } : {}),
          ...(s.not_actions ? { NotAction: s.not_actions } : {}),
          ...(s.resources ? { Resource: s.resources } : {}),
          ...(s.not_resources ? { NotResource: s.not_resources } : {}),
          ...(s.condition
            ? { Condition: ((s.condition ?? []) as Body[]).reduce<Record<string, Record<string, unknown>>>((acc, c) => ({ ...acc, [String(c.test)]: { ...(acc[String(c.test)] ?? {}), [String(c.variable)]: c.values } }), {}) }
            : {}),
        }))
      : [];
    const name = String(outputs.eventbridge_role_name);
    return [
      {
        name,
        arn: `arn:aws:iam::${accountId}:role/${name}`,
        trustPolicy: {
          source: `module.${moduleName} role ${name} (trust)`,
          document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: [...new Set(services)] } }] },
        },
        policies: statements.length > 0 ? [{ source: `module.${moduleName} policy_statements`, document: { Version: '2012-10-17', Statement: statements } }] : [],
      },
    ];
  });
}

/**
 * `aws_lambda_permission` as the statements Lambda's AddPermission writes into the function policy (the source
 * ARN as an `ArnLike` condition on `AWS:SourceArn`, the source account as `StringEquals` on `AWS:SourceAccount`).
 * https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
 */
function lambdaPermissions(all: (type: string) => Array<[string, Body]>, endpoints: LocalEndpoints): LocalResourcePolicyConfig[] {
  const functions = all('aws_lambda_function');
  return all('aws_lambda_permission').map(([name, p]) => {
    const ref = String(p.function_name);
    const fn = functions.find(([, f]) => f.function_name === ref || f.arn === ref)?.[1];
    const functionArn = fn ? String(fn.arn) : ref.startsWith('arn:') ? ref : `arn:aws:lambda:${endpoints.region}:${endpoints.accountId}:function:${ref}`;
    const resource = p.qualifier === undefined ? functionArn : `${functionArn}:${String(p.qualifier)}`;
    const principal = String(p.principal);
    const condition: Record<string, Record<string, string>> = {};
    if (p.source_arn !== undefined) condition.ArnLike = { 'AWS:SourceArn': String(p.source_arn) };
    if (p.source_account !== undefined) condition.StringEquals = { 'AWS:SourceAccount': String(p.source_account) };
    if (p.principal_org_id !== undefined) condition.StringEquals = { ...(condition.StringEquals ?? {}), 'aws:PrincipalOrgID': String(p.principal_org_id) };
    if (p.event_source_token !== undefined) condition.StringEquals = { ...(condition.StringEquals ?? {}), 'lambda:EventSourceToken': String(p.event_source_token) };
    return {
      resourceArn: functionArn,
      source: `aws_lambda_permission.${name}`,
      document: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: String(p.statement_id ?? name),
            Effect: 'Allow',
            Principal: principal.endsWith('.amazonaws.com') ? { Service: principal } : { AWS: principal },
            Action: String(p.action),
            Resource: resource,
            ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
          },
        ],
      },
    };
  });
}

function queuePolicies(all: (type: string) => Array<[string, Body]>): LocalResourcePolicyConfig[] {
  const queues = all('aws_sqs_queue');
  return all('aws_sqs_queue_policy').map(([name, p]) => {
    const queue = queues.find(([, q]) => q.url === p.queue_url || q.id === p.queue_url)?.[1];
    if (!queue) throw new Error(`aws_sqs_queue_policy.${name}: queue_url ${String(p.queue_url)} is not a queue of the stack`);
    return { resourceArn: String(queue.arn), source: `aws_sqs_queue_policy.${name}`, document: p.policy };
  });
}

function topicPolicies(all: (type: string) => Array<[string, Body]>): LocalResourcePolicyConfig[] {
  return all('aws_sns_topic_policy').map(([name, p]) => ({ resourceArn: String(p.arn), source: `aws_sns_topic_policy.${name}`, document: p.policy }));
}

function logsResourcePolicies(stack: SynthesizedStack, attrs: StackAttributes): LocalPolicyConfig[] {
  return resourcesOf(stack.json, 'aws_cloudwatch_log_resource_policy').map(([name]) => ({
    source: `${stack.name}: aws_cloudwatch_log_resource_policy.${name}`,
    document: attrs.attributes('aws_cloudwatch_log_resource_policy', name).policy_document,
  }));
}

/** The account a synthesized stack deploys to: its `account_id` output or the provider's `allowed_account_ids`. */
function accountOf(stack: SynthesizedStack): string[] {
  const output = stack.json.output?.account_id?.value;
  const allowed = (stack.json.provider?.aws ?? []).flatMap((p) => (p.allowed_account_ids ?? []) as string[]);
  return [...(typeof output === 'string' ? [output] : []), ...allowed.map(String)];
}

/** The other synthesized stacks in `outdir` that deploy to `accountId` (a bootstrap stack, for instance). */
export function accountStacksOf(outdir: string, accountId: string, exclude: string): SynthesizedStack[] {
  const dir = path.join(outdir, 'stacks');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name !== exclude && existsSync(path.join(dir, name, 'cdk.tf.json')))
    .map((name) => readSynthesizedStack(outdir, name))
    .filter((stack) => accountOf(stack).includes(accountId));
}
