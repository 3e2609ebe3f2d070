import { createHash } from 'node:crypto';
import type { UserPoolIds } from '../cognito/ids';
import { resolveReferences } from './references';
import { TERRAFORM_ONLY_ATTRIBUTES } from './resource-support';
import { ResourceBody, resourcesOf, StackJson } from './terraform-json';

/** Where the local runtime serves each kind of endpoint, and the identity its ARNs use. */
export interface LocalEndpoints {
  readonly accountId: string;
  readonly region: string;
  /** The single AWS endpoint, e.g. `http://127.0.0.1:4566`. */
  readonly awsEndpoint: string;
  /** Base URL of the REST API emulator, e.g. `http://127.0.0.1:3000`. */
  readonly restEndpoint: string;
  /** Base URL of the WebSocket emulator, e.g. `ws://127.0.0.1:3001`. */
  readonly webSocketEndpoint: string;
  /** Ids of Cognito user pools and app clients (random, kept with `--data-dir`). @default derived from the address */
  readonly userPoolIds?: UserPoolIds;
}

/** Module rule and schedule names as the module derives them from their keys. */
export const moduleRuleName = (key: string, postfix: boolean): string => (postfix ? `${key.replace(/_/g, '-')}-rule` : key);
export const moduleScheduleName = (key: string, postfix: boolean): string => (postfix ? `${key.replace(/_/g, '-')}-schedule` : key);

/** API-Gateway-like id (10 lowercase alphanumerics), stable for a resource address. */
const generatedId = (address: string): string => createHash('sha256').update(address).digest('hex').replace(/[^a-z]/g, '').padEnd(10, 'x').slice(0, 10);

/**
 * The attributes of every resource and module output of a stack, as they are on the local runtime: names from
 * the synthesized values, ARNs in the stack's account and region, URLs on the local endpoints.
 */
export class StackAttributes {
  private readonly cache = new Map<string, Record<string, unknown>>();

  constructor(
    private readonly stack: StackJson,
    private readonly endpoints: LocalEndpoints,
  ) {}

  /** Resolves every reference in a value. */
  public resolve<T>(value: unknown, where: string): T {
    return resolveReferences(value, (address) => this.lookup(address), where) as T;
  }

  /** A resource body with every reference resolved. */
  public body(type: string, name: string): ResourceBody {
    const body = resourcesOf(this.stack, type).find(([n]) => n === name)?.[1];
    if (!body) throw new Error(`No resource ${type}.${name} in the stack`);
    return this.resolve<ResourceBody>(body, `${type}.${name}`);
  }

  /** Looks up `type.name.attr…` or `module.name.output…`. */
  public lookup(address: readonly string[]): unknown {
    const [first, second, third, ...rest] = address;
    let value: unknown;
    if (first === 'module') value = this.moduleOutputs(second)[third];
    else value = this.attributes(first, second)[third];
    for (const key of rest) {
      if (value === null || typeof value !== 'object') return undefined;
      value = (value as Record<string, unknown>)[key];
    }
    return value;
  }

  /** Attributes of one resource. */
  public attributes(type: string, name: string): Record<string, unknown> {
    const key = `${type}.${name}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const found = resourcesOf(this.stack, type).find(([n]) => n === name)?.[1];
    if (!found) return {};
    const ignored = TERRAFORM_ONLY_ATTRIBUTES[type] ?? [];
    const raw = Object.fromEntries(Object.entries(found).filter(([attribute]) => !ignored.includes(attribute)));
    const body = this.resolve<ResourceBody>(raw, key);
    const attributes = { ...body, ...this.computed(type, key, body) };
    this.cache.set(key, attributes);
    return attributes;
  }

  private arn(service: string, resource: string, global = false): string {
    const { accountId, region } = this.endpoints;
    return `arn:aws:${service}:${global ? '' : region}:${accountId}:${resource}`;
  }

  private computed(type: string, key: string, body: ResourceBody): Record<string, unknown> {
    const { accountId, region, awsEndpoint, restEndpoint, webSocketEndpoint } = this.endpoints;
    const name = body.name as string | undefined;
    switch (type) {
      case 'aws_dynamodb_table':
        return { id: name, arn: this.arn('dynamodb', `table/${name}`) };
      case 'aws_sqs_queue':
        return { id: `${awsEndpoint}/${accountId}/${name}`, url: `${awsEndpoint}/${accountId}/${name}`, arn: this.arn('sqs', String(name)) };
      case 'aws_lambda_function': {
        const arn = this.arn('lambda', `function:${body.function_name}`);
        return { id: body.function_name, arn, qualified_arn: `${arn}:$LATEST`, invoke_arn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arn}/invocations` };
      }
      case 'aws_cloudwatch_log_group':
        return { id: name, arn: this.arn('logs', `log-group:${name}`) };
      case 'aws_iam_role':
        return { id: name, arn: `arn:aws:iam::${accountId}:role/${name}`, unique_id: generatedId(key) };
      case 'aws_api_gateway_rest_api': {
        const id = generatedId(key);
        return { id, root_resource_id: generatedId(`${key}/`), execution_arn: this.arn('execute-api', id) };
      }
      case 'aws_api_gateway_stage':
        return { id: generatedId(key), invoke_url: `${restEndpoint}/${body.stage_name}` };
      case 'aws_apigatewayv2_api': {
        const id = generatedId(key);
        return { id, execution_arn: this.arn('execute-api', id), api_endpoint: webSocketEndpoint };
      }
      case 'aws_apigatewayv2_stage':
        return { id: body.name, invoke_url: `${webSocketEndpoint}/${body.name}` };
      case 'aws_cognito_user_pool': {
        const id = this.endpoints.userPoolIds?.userPoolId(key, region) ?? `${region}_${generatedId(key).slice(0, 9)}`;
        return { id, arn: this.arn('cognito-idp', `userpool/${id}`), endpoint: `cognito-idp.${region}.amazonaws.com/${id}` };
      }
      case 'aws_cognito_user_pool_client':
        return { id: this.endpoints.userPoolIds?.userPoolClientId(key) ?? createHash('sha256').update(key).digest('hex').slice(0, 26) };
      case 'aws_schemas_registry':
        return { id: name, arn: this.arn('schemas', `registry/${name}`) };
      case 'aws_sesv2_email_identity':
        return { id: body.email_identity, arn: this.arn('ses', `identity/${body.email_identity}`), identity_type: String(body.email_identity).includes('@') ? 'EMAIL_ADDRESS' : 'DOMAIN' };
      case 'aws_ses_email_identity':
        return { id: body.email, arn: this.arn('ses', `identity/${body.email}`) };
      case 'aws_ses_domain_identity':
        return { id: body.domain, arn: this.arn('ses', `identity/${body.domain}`), verification_token: generatedId(key) };
      case 'aws_sesv2_configuration_set':
        return { id: body.configuration_set_name, arn: this.arn('ses', `configuration-set/${body.configuration_set_name}`) };
      case 'aws_ses_configuration_set':
        return { id: name, arn: this.arn('ses', `configuration-set/${name}`) };
      case 'aws_sns_topic':
        return { id: this.arn('sns', String(name)), arn: this.arn('sns', String(name)) };
      default:
        return { id: name ?? generatedId(key) };
    }
  }

  /** Outputs of a module block of the EventBridge module, derived from its inputs as the module does. */
  public moduleOutputs(moduleName: string): Record<string, unknown> {
    const key = `module.${moduleName}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const raw = this.stack.module?.[moduleName];
    if (!raw) return {};
    const inputs = this.resolve<Record<string, unknown>>(raw, key);
    const busName = String(inputs.bus_name ?? 'default');
    const rules = (inputs.rules ?? {}) as Record<string, unknown>;
    const groups = (inputs.schedule_groups ?? {}) as Record<string, { name?: string }>;
    const rulePostfix = inputs.append_rule_postfix !== false;
    const ruleArns = Object.fromEntries(Object.keys(rules).map((k) => [k, this.arn('events', `rule/${busName}/${moduleRuleName(k, rulePostfix)}`)]));
    const groupName = (k: string): string => groups[k]?.name ?? k;
    const roleName = String(inputs.role_name ?? busName);
    const outputs = {
      eventbridge_bus_name: busName,
      eventbridge_bus_arn: this.arn('events', `event-bus/${busName}`),
      eventbridge_rule_arns: ruleArns,
      eventbridge_rule_ids: Object.fromEntries(Object.keys(rules).map((k) => [k, `${busName}|${moduleRuleName(k, rulePostfix)}`])),
      eventbridge_archive_arns: Object.fromEntries(Object.keys((inputs.archives ?? {}) as object).map((k) => [k, this.arn('events', `archive/${k}`)])),
      eventbridge_schedule_group_ids: Object.fromEntries(Object.keys(groups).map((k) => [k, groupName(k)])),
      eventbridge_schedule_group_arns: Object.fromEntries(Object.keys(groups).map((k) => [k, this.arn('scheduler', `schedule-group/${groupName(k)}`)])),
      eventbridge_role_name: roleName,
      eventbridge_role_arn: `arn:aws:iam::${this.endpoints.accountId}:role/${roleName}`,
      inputs,
    };
    this.cache.set(key, outputs);
    return outputs;
  }
}
