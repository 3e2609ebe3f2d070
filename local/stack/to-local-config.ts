import * as path from 'node:path';
import type {
  LocalBusConfig,
  LocalFunctionConfig,
  LocalQueueConfig,
  LocalRetryPolicy,
  LocalScheduleConfig,
  LocalScheduleGroupConfig,
  LocalTableConfig,
  LocalTargetConfig,
} from '../aws/model';
import type { LocalRestApiConfig, LocalRestRoute } from '../apigateway/model';
import type { LocalSesConfig } from '../ses/model';
import { DEFAULT_EXPLICIT_AUTH_FLOWS, DEFAULT_PASSWORD_POLICY, type LocalUserPoolConfig } from '../cognito/model';
import type { LocalWebSocketApiConfig } from '../websocket/websocket-server';
import { assertEmulatable, noLocalEffectOf, type NoLocalEffect } from './resource-support';
import { LocalEndpoints, moduleRuleName, moduleScheduleName, StackAttributes } from './stack-attributes';
import { resourcesOf, SynthesizedStack } from './terraform-json';

/** A WebSocket API with its name (for start-up output). */
export type LocalWebSocketApiDefinition = LocalWebSocketApiConfig & { readonly name: string };

/** Everything the local runtime runs, read from one synthesized stack. */
export interface LocalStackConfig {
  readonly stackName: string;
  readonly accountId: string;
  readonly region: string;
  readonly functions: LocalFunctionConfig[];
  readonly queues: LocalQueueConfig[];
  readonly tables: LocalTableConfig[];
  readonly buses: LocalBusConfig[];
  readonly scheduleGroups: LocalScheduleGroupConfig[];
  readonly schedules: LocalScheduleConfig[];
  readonly logGroups: string[];
  readonly restApis: LocalRestApiConfig[];
  readonly webSocketApis: LocalWebSocketApiDefinition[];
  /** SES identities (verified locally) and configuration sets. */
  readonly ses: Required<Pick<LocalSesConfig, 'identities' | 'configurationSets'>>;
  readonly userPools: LocalUserPoolConfig[];
  /** The stack's outputs, resolved to local values. */
  readonly outputs: Record<string, unknown>;
  /** Resources that exist on AWS but have no behaviour locally, by reason (printed at start-up). */
  readonly noLocalEffect: NoLocalEffect[];
}

type Body = Record<string, unknown>;

const asRetryPolicy = (policy: unknown): LocalRetryPolicy => {
  const p = (policy ?? {}) as { maximum_retry_attempts?: number | string; maximum_event_age_in_seconds?: number | string };
  return {
    maximumRetryAttempts: p.maximum_retry_attempts === undefined ? 185 : Number(p.maximum_retry_attempts),
    maximumEventAgeInSeconds: p.maximum_event_age_in_seconds === undefined ? 86400 : Number(p.maximum_event_age_in_seconds),
  };
};
const parseJson = (value: unknown): object => (typeof value === 'string' ? JSON.parse(value) : (value as object));

/** Reads a synthesized stack into the local runtime's config objects, refusing anything it cannot emulate. */
export function toLocalStackConfig(stack: SynthesizedStack, endpoints: LocalEndpoints): LocalStackConfig {
  const json = stack.json;
  assertEmulatable(
    Object.keys(json.resource ?? {}),
    Object.fromEntries(Object.entries(json.module ?? {}).map(([name, body]) => [name, Object.keys(body).filter((k) => k !== '//')])),
    Object.entries(json.data ?? {}).flatMap(([type, items]) => Object.keys(items).map((n) => `${type}.${n}`)),
  );
  const attrs = new StackAttributes(json, endpoints);
  const all = (type: string): Array<[string, Body]> => resourcesOf(json, type).map(([name]) => [name, attrs.attributes(type, name)]);

  const webSocketApis = readWebSocketApis(all);
  const userPools = readUserPools(all);
  const managementRewrite = managementEndpointRewrite(webSocketApis, endpoints);
  const issuerRewrite = userPoolIssuerRewrite(userPools, endpoints);

  const invokeConfigs = new Map(all('aws_lambda_function_event_invoke_config').map(([, c]) => [String(c.function_name), c]));
  const functions: LocalFunctionConfig[] = all('aws_lambda_function').map(([, fn]) => {
    const name = String(fn.function_name);
    const invoke = invokeConfigs.get(name);
    const destination = (invoke?.destination_config as { on_failure?: { destination?: string }; on_success?: { destination?: string } } | undefined);
    const variables = ((fn.environment as { variables?: Record<string, string> } | undefined)?.variables ?? {}) as Record<string, string>;
    return {
      name,
      arn: String(fn.arn),
      zipPath: path.resolve(stack.dir, String(fn.filename)),
      handler: String(fn.handler),
      runtime: String(fn.runtime),
      environment: Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, issuerRewrite(managementRewrite(String(v)))])),
      timeoutSeconds: Number(fn.timeout ?? 3),
      memoryMb: Number(fn.memory_size ?? 128),
      reservedConcurrency: fn.reserved_concurrent_executions === undefined ? undefined : Number(fn.reserved_concurrent_executions),
      asyncRetryAttempts: invoke?.maximum_retry_attempts === undefined ? undefined : Number(invoke.maximum_retry_attempts),
      asyncMaxEventAgeSeconds: invoke?.maximum_event_age_in_seconds === undefined ? undefined : Number(invoke.maximum_event_age_in_seconds),
      onFailureDestinationArn: destination?.on_failure?.destination,
      onSuccessDestinationArn: destination?.on_success?.destination,
      roleArn: fn.role === undefined ? undefined : String(fn.role),
      logGroupName: String((fn.logging_config as { log_group?: string } | undefined)?.log_group ?? `/aws/lambda/${name}`),
    };
  });

  const queues: LocalQueueConfig[] = all('aws_sqs_queue').map(([, q]) => {
    const redrive = q.redrive_policy ? (parseJson(q.redrive_policy) as { deadLetterTargetArn: string; maxReceiveCount: number }) : undefined;
    return {
      name: String(q.name),
      arn: String(q.arn),
      url: String(q.url),
      visibilityTimeoutSeconds: Number(q.visibility_timeout_seconds ?? 30),
      messageRetentionSeconds: Number(q.message_retention_seconds ?? 345600),
      redrive: redrive ? { deadLetterTargetArn: redrive.deadLetterTargetArn, maxReceiveCount: Number(redrive.maxReceiveCount) } : undefined,
      fifo: q.fifo_queue === true,
      maximumMessageSize: q.max_message_size === undefined ? undefined : Number(q.max_message_size),
      delaySeconds: q.delay_seconds === undefined ? undefined : Number(q.delay_seconds),
      receiveWaitTimeSeconds: q.receive_wait_time_seconds === undefined ? undefined : Number(q.receive_wait_time_seconds),
      contentBasedDeduplication: q.content_based_deduplication === true,
      deduplicationScope: q.deduplication_scope as LocalQueueConfig['deduplicationScope'],
      fifoThroughputLimit: q.fifo_throughput_limit as LocalQueueConfig['fifoThroughputLimit'],
      sqsManagedSseEnabled: q.sqs_managed_sse_enabled === undefined ? undefined : q.sqs_managed_sse_enabled === true,
      kmsMasterKeyId: q.kms_master_key_id === undefined ? undefined : String(q.kms_master_key_id),
      kmsDataKeyReusePeriodSeconds: q.kms_data_key_reuse_period_seconds === undefined ? undefined : Number(q.kms_data_key_reuse_period_seconds),
    };
  });

  const tables: LocalTableConfig[] = all('aws_dynamodb_table').map(([, t]) => ({
    name: String(t.name),
    hashKey: String(t.hash_key),
    rangeKey: t.range_key === undefined ? undefined : String(t.range_key),
    attributes: ((t.attribute ?? []) as Array<{ name: string; type: 'S' | 'N' | 'B' }>).map((a) => ({ name: a.name, type: a.type })),
    globalSecondaryIndexes: ((t.global_secondary_index ?? []) as Array<Record<string, unknown>>).map((i) => ({
      name: String(i.name),
      hashKey: String(i.hash_key),
      rangeKey: i.range_key === undefined ? undefined : String(i.range_key),
      projectionType: i.projection_type as 'ALL' | 'KEYS_ONLY' | 'INCLUDE',
      nonKeyAttributes: i.non_key_attributes as string[] | undefined,
    })),
    ttlAttribute: (t.ttl as { enabled?: boolean; attribute_name?: string } | undefined)?.enabled ? String((t.ttl as { attribute_name: string }).attribute_name) : undefined,
  }));

  const buses: LocalBusConfig[] = [];
  const scheduleGroups: LocalScheduleGroupConfig[] = [];
  const schedules: LocalScheduleConfig[] = [];
  for (const moduleName of Object.keys(json.module ?? {})) {
    const outputs = attrs.moduleOutputs(moduleName);
    const inputs = outputs.inputs as Body;
    const busName = String(outputs.eventbridge_bus_name);
    const rulePostfix = inputs.append_rule_postfix !== false;
    const targets = (inputs.targets ?? {}) as Record<string, Body[]>;
    const rules = Object.entries((inputs.rules ?? {}) as Record<string, Body>).map(([key, rule]) => ({
      name: moduleRuleName(key, rulePostfix),
      arn: (outputs.eventbridge_rule_arns as Record<string, string>)[key],
      eventPattern: parseJson(rule.event_pattern),
      state: rule.enabled === false || String(rule.state ?? 'ENABLED').toUpperCase() === 'DISABLED' ? 'DISABLED' : 'ENABLED',
      description: rule.description === undefined ? undefined : String(rule.description),
      targets: (targets[key] ?? []).map(
        (t): LocalTargetConfig => ({
          id: String(t.name),
          arn: String(t.arn),
          input: t.input === undefined ? undefined : String(t.input),
          inputPath: t.input_path === undefined ? undefined : String(t.input_path),
          inputTransformer: t.input_transformer
            ? {
                inputPaths: (t.input_transformer as { input_paths: Record<string, string> }).input_paths,
                inputTemplate: (t.input_transformer as { input_template: string }).input_template,
              }
            : undefined,
          retryPolicy: asRetryPolicy(t.retry_policy),
          deadLetterArn: t.dead_letter_arn === undefined ? undefined : String(t.dead_letter_arn),
        }),
      ),
    }));
    const archives = inputs.create_archives === true
      ? Object.entries((inputs.archives ?? {}) as Record<string, Body>).map(([name, archive]) => ({
          name: String(archive.name ?? name),
          arn: (outputs.eventbridge_archive_arns as Record<string, string>)[name],
          retentionDays: Number(archive.retention_days ?? 0),
          eventPattern: archive.event_pattern === undefined ? undefined : parseJson(archive.event_pattern),
          description: archive.description === undefined ? undefined : String(archive.description),
        }))
      : [];
    buses.push({ name: busName, arn: String(outputs.eventbridge_bus_arn), rules, archives });

    const groupIds = outputs.eventbridge_schedule_group_ids as Record<string, string>;
    for (const groupName of Object.values(groupIds)) scheduleGroups.push({ name: groupName });
    for (const [key, schedule] of Object.entries((inputs.schedules ?? {}) as Record<string, Body>)) {
      const parameters = schedule.eventbridge_parameters as { detail_type: string; source: string } | undefined;
      schedules.push({
        name: moduleScheduleName(key, true),
        groupName: groupIds[String(schedule.group_name)] ?? (schedule.group_name === undefined ? undefined : String(schedule.group_name)),
        description: schedule.description === undefined ? undefined : String(schedule.description),
        scheduleExpression: String(schedule.schedule_expression),
        scheduleExpressionTimezone: schedule.timezone === undefined ? undefined : String(schedule.timezone),
        flexibleTimeWindow: schedule.use_flexible_time_window === true
          ? { mode: 'FLEXIBLE', maximumWindowInMinutes: Number(schedule.maximum_window_in_minutes) }
          : { mode: 'OFF' },
        state: schedule.state === false || schedule.state === 'false' ? 'DISABLED' : 'ENABLED',
        target: {
          arn: String(schedule.arn),
          roleArn: String(schedule.role_arn ?? outputs.eventbridge_role_arn),
          input: schedule.input === undefined ? undefined : String(schedule.input),
          eventBridgeParameters: parameters ? { detailType: parameters.detail_type, source: parameters.source } : undefined,
          retryPolicy: schedule.retry_policy === undefined ? undefined : asRetryPolicy(schedule.retry_policy),
          deadLetterArn: schedule.dead_letter_arn === undefined ? undefined : String(schedule.dead_letter_arn),
        },
      });
    }
  }

  return {
    stackName: stack.name,
    accountId: endpoints.accountId,
    region: endpoints.region,
    functions,
    queues,
    tables,
    buses,
    scheduleGroups,
    schedules,
    logGroups: all('aws_cloudwatch_log_group').map(([, g]) => String(g.name)),
    restApis: readRestApis(all),
    webSocketApis,
    ses: readSes(all),
    userPools,
    outputs: Object.fromEntries(Object.entries(json.output ?? {}).map(([k, o]) => [k, attrs.resolve(o.value, `output.${k}`)])),
    noLocalEffect: noLocalEffectOf(Object.fromEntries(Object.entries(json.resource ?? {}).map(([type, items]) => [type, Object.keys(items).length]))),
  };
}

type AllOf = (type: string) => Array<[string, Body]>;

function readRestApis(all: AllOf): LocalRestApiConfig[] {
  const resources = all('aws_api_gateway_resource');
  const models = all('aws_api_gateway_model');
  const authorizers = all('aws_api_gateway_authorizer');
  const validators = all('aws_api_gateway_request_validator');
  return all('aws_api_gateway_rest_api').map(([, api]) => {
    const apiId = String(api.id);
    const pathOf = (resourceId: string): string => {
      if (resourceId === api.root_resource_id) return '';
      const found = resources.find(([, r]) => r.id === resourceId && r.rest_api_id === apiId);
      if (!found) throw new Error(`REST API ${String(api.name)}: unknown resource id ${resourceId}`);
      return `${pathOf(String(found[1].parent_id))}/${String(found[1].path_part)}`;
    };
    const ofApi = (type: string): Body[] => all(type).map(([, b]) => b).filter((b) => b.rest_api_id === apiId);
    const integrations = ofApi('aws_api_gateway_integration');
    const integrationResponses = ofApi('aws_api_gateway_integration_response');
    const routes = ofApi('aws_api_gateway_method').map((method): LocalRestRoute => {
      const same = (b: Body): boolean => b.resource_id === method.resource_id && b.http_method === method.http_method;
      const integration = integrations.find(same);
      if (!integration) throw new Error(`REST API ${String(api.name)}: ${String(method.http_method)} ${pathOf(String(method.resource_id))} has no integration`);
      const validator = validators.find(([, v]) => v.id === method.request_validator_id)?.[1];
      const requestModels = Object.fromEntries(
        Object.entries((method.request_models ?? {}) as Record<string, string>).map(([contentType, modelName]) => {
          const model = models.find(([, m]) => m.name === modelName && m.rest_api_id === apiId)?.[1];
          if (!model && modelName !== 'Empty') throw new Error(`REST API ${String(api.name)}: unknown model ${modelName}`);
          return [contentType, model ? parseJson(model.schema) : {}];
        }),
      );
      const authorization = String(method.authorization ?? 'NONE');
      let routeAuthorization: LocalRestRoute['authorization'];
      if (authorization === 'COGNITO_USER_POOLS') {
        const authorizer = authorizers.find(([, a]) => a.id === method.authorizer_id && a.rest_api_id === apiId)?.[1];
        if (!authorizer || authorizer.type !== 'COGNITO_USER_POOLS') {
          throw new Error(`REST API ${String(api.name)}: ${String(method.http_method)} ${pathOf(String(method.resource_id))} names no COGNITO_USER_POOLS authorizer of the API`);
        }
        routeAuthorization = {
          type: 'COGNITO_USER_POOLS',
          providerArns: ((authorizer.provider_arns ?? []) as unknown[]).map(String),
          identitySource: String(authorizer.identity_source ?? 'method.request.header.Authorization'),
          scopes: ((method.authorization_scopes ?? []) as unknown[]).map(String),
        };
      } else if (authorization !== 'NONE') {
        throw new Error(`REST API ${String(api.name)}: ${String(method.http_method)} ${pathOf(String(method.resource_id))}: authorization ${authorization} is not emulated`);
      }
      return {
        httpMethod: String(method.http_method),
        path: pathOf(String(method.resource_id)) || '/',
        ...(routeAuthorization ? { authorization: routeAuthorization } : {}),
        requestModels,
        validateBody: validator?.validate_request_body === true,
        validateParameters: validator?.validate_request_parameters === true,
        requiredParameters: Object.entries((method.request_parameters ?? {}) as Record<string, boolean>).filter(([, required]) => required).map(([p]) => p),
        integration: {
          type: integrationType(integration, `REST API ${String(api.name)}: ${String(method.http_method)} ${pathOf(String(method.resource_id))}`),
          uri: String(integration.uri ?? ''),
          httpMethod: String(integration.integration_http_method),
          requestParameters: (integration.request_parameters ?? {}) as Record<string, string>,
          requestTemplates: (integration.request_templates ?? {}) as Record<string, string>,
          passthroughBehavior: String(integration.passthrough_behavior ?? 'WHEN_NO_MATCH'),
          credentials: integration.credentials === undefined ? undefined : String(integration.credentials),
        },
        integrationResponses: integrationResponses.filter(same).map((r) => ({
          statusCode: String(r.status_code),
          selectionPattern: r.selection_pattern === undefined ? undefined : String(r.selection_pattern),
          responseTemplates: (r.response_templates ?? {}) as Record<string, string>,
          responseParameters: (r.response_parameters ?? {}) as Record<string, string>,
        })),
      };
    });
    const stage = ofApi('aws_api_gateway_stage')[0];
    if (!stage) throw new Error(`REST API ${String(api.name)} has no stage`);
    const settings = ofApi('aws_api_gateway_method_settings').find((s) => s.stage_name === stage.stage_name && s.method_path === '*/*');
    const throttle = settings?.settings as { throttling_rate_limit?: number; throttling_burst_limit?: number } | undefined;
    return {
      name: String(api.name),
      id: apiId,
      accountId: String(api.execution_arn).split(':')[4],
      stageName: String(stage.stage_name),
      routes,
      gatewayResponses: ofApi('aws_api_gateway_gateway_response').map((g) => ({
        responseType: String(g.response_type),
        statusCode: g.status_code === undefined ? undefined : String(g.status_code),
        responseTemplates: (g.response_templates ?? {}) as Record<string, string>,
        responseParameters: (g.response_parameters ?? {}) as Record<string, string>,
      })),
      throttle: throttle?.throttling_rate_limit ? { rateLimit: Number(throttle.throttling_rate_limit), burstLimit: Number(throttle.throttling_burst_limit) } : undefined,
    };
  });
}

/** The emulated integration types; any other is refused when the stack is read, not when a request arrives. */
function integrationType(integration: Body, where: string): 'AWS' | 'MOCK' {
  const type = String(integration.type ?? 'AWS');
  if (type === 'AWS' || type === 'MOCK') return type;
  throw new Error(`${where}: integration type ${type} is not emulated (AWS service and MOCK integrations are)`);
}

function readSes(all: AllOf): LocalStackConfig['ses'] {
  const optional = (value: unknown): string | undefined => (value === undefined || value === null ? undefined : String(value));
  return {
    identities: [
      ...all('aws_sesv2_email_identity').map(([, i]) => ({ identity: String(i.email_identity), arn: String(i.arn), configurationSetName: optional(i.configuration_set_name) })),
      ...all('aws_ses_email_identity').map(([, i]) => ({ identity: String(i.email), arn: String(i.arn) })),
      ...all('aws_ses_domain_identity').map(([, i]) => ({ identity: String(i.domain), arn: String(i.arn) })),
    ],
    configurationSets: [
      ...all('aws_sesv2_configuration_set').map(([, c]) => String(c.configuration_set_name)),
      ...all('aws_ses_configuration_set').map(([, c]) => String(c.name)),
    ],
  };
}

function readWebSocketApis(all: AllOf): LocalWebSocketApiDefinition[] {
  const functions = all('aws_lambda_function');
  const integrations = all('aws_apigatewayv2_integration');
  return all('aws_apigatewayv2_api')
    .filter(([, api]) => api.protocol_type === 'WEBSOCKET')
    .map(([, api]) => {
      const apiId = String(api.id);
      const stage = all('aws_apigatewayv2_stage').find(([, s]) => s.api_id === apiId)?.[1];
      if (!stage) throw new Error(`WebSocket API ${String(api.name)} has no stage`);
      const routes: Record<string, { functionName: string; twoWay?: boolean }> = {};
      const routeResponses = all('aws_apigatewayv2_route_response').filter(([, r]) => r.api_id === apiId);
      let connectAuthorizer: LocalWebSocketApiConfig['connectAuthorizer'];
      for (const [, route] of all('aws_apigatewayv2_route').filter(([, r]) => r.api_id === apiId)) {
        const authorizationType = String(route.authorization_type ?? 'NONE');
        if (authorizationType === 'CUSTOM') {
          const authorizer = all('aws_apigatewayv2_authorizer').find(([, a]) => a.id === route.authorizer_id && a.api_id === apiId)?.[1];
          const authorizerFunction = functions.find(([, f]) => f.invoke_arn === authorizer?.authorizer_uri)?.[1];
          if (route.route_key !== '$connect' || !authorizer || authorizer.authorizer_type !== 'REQUEST' || !authorizerFunction) {
            throw new Error(`WebSocket API ${String(api.name)}: route ${String(route.route_key)} must use a REQUEST authorizer whose function is in the stack (only $connect can have one)`);
          }
          connectAuthorizer = {
            functionName: String(authorizerFunction.function_name),
            identitySources: ((authorizer.identity_sources ?? []) as unknown[]).map(String),
          };
        } else if (authorizationType !== 'NONE') {
          throw new Error(`WebSocket API ${String(api.name)}: route ${String(route.route_key)}: authorization ${authorizationType} is not emulated`);
        }
        const integrationId = String(route.target).replace(/^integrations\//, '');
        const integration = integrations.find(([, i]) => i.id === integrationId)?.[1];
        const fn = functions.find(([, f]) => f.invoke_arn === integration?.integration_uri)?.[1];
        if (!integration || integration.integration_type !== 'AWS_PROXY' || !fn) {
          throw new Error(`WebSocket API ${String(api.name)}: route ${String(route.route_key)} must be an AWS_PROXY integration of a function in the stack`);
        }
        // Two-way: the backend's response reaches the client only with a `$default` route response
        // (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-response.html).
        const selection = route.route_response_selection_expression;
        if (selection !== undefined && selection !== null && selection !== '$default') {
          throw new Error(`WebSocket API ${String(api.name)}: route ${String(route.route_key)}: route response selection expression ${String(selection)} is not emulated (only $default)`);
        }
        const hasResponse = routeResponses.some(([, r]) => r.route_id === route.id && r.route_response_key === '$default');
        routes[String(route.route_key)] = { functionName: String(fn.function_name), ...(selection === '$default' && hasResponse ? { twoWay: true } : {}) };
      }
      for (const [, response] of routeResponses) {
        if (response.route_response_key !== '$default') {
          throw new Error(`WebSocket API ${String(api.name)}: route response key ${String(response.route_response_key)} is not emulated (WebSocket APIs only define $default)`);
        }
      }
      return {
        name: String(api.name),
        apiId,
        stageName: String(stage.name),
        routes,
        routeSelectionExpression: api.route_selection_expression as string | undefined,
        ...(connectAuthorizer ? { connectAuthorizer, executionArn: String(api.execution_arn) } : {}),
      };
    });
}

function readUserPools(all: AllOf): LocalUserPoolConfig[] {
  const clients = all('aws_cognito_user_pool_client');
  return all('aws_cognito_user_pool').map(([, pool]) => {
    const id = String(pool.id);
    const policy = (pool.password_policy ?? {}) as Record<string, unknown>;
    const flag = (value: unknown, fallback: boolean): boolean => (value === undefined ? fallback : value === true || value === 'true');
    const lambda = (pool.lambda_config ?? {}) as Record<string, unknown>;
    const unsupportedTriggers = Object.keys(lambda).filter((k) => k !== 'pre_sign_up' && lambda[k] !== undefined);
    if (unsupportedTriggers.length > 0) throw new Error(`User pool ${String(pool.name)}: the triggers ${unsupportedTriggers.join(', ')} are not emulated`);
    return {
      id,
      name: String(pool.name),
      arn: String(pool.arn),
      passwordPolicy: {
        minimumLength: Number(policy.minimum_length ?? DEFAULT_PASSWORD_POLICY.minimumLength),
        requireLowercase: flag(policy.require_lowercase, DEFAULT_PASSWORD_POLICY.requireLowercase),
        requireUppercase: flag(policy.require_uppercase, DEFAULT_PASSWORD_POLICY.requireUppercase),
        requireNumbers: flag(policy.require_numbers, DEFAULT_PASSWORD_POLICY.requireNumbers),
        requireSymbols: flag(policy.require_symbols, DEFAULT_PASSWORD_POLICY.requireSymbols),
        temporaryPasswordValidityDays: Number(policy.temporary_password_validity_days ?? DEFAULT_PASSWORD_POLICY.temporaryPasswordValidityDays),
      },
      usernameCaseSensitive: flag((pool.username_configuration as { case_sensitive?: unknown } | undefined)?.case_sensitive, true),
      mfaConfiguration: String(pool.mfa_configuration ?? 'OFF'),
      deletionProtection: String(pool.deletion_protection ?? 'INACTIVE'),
      adminCreateUserOnly: flag((pool.admin_create_user_config as { allow_admin_create_user_only?: unknown } | undefined)?.allow_admin_create_user_only, false),
      ...(lambda.pre_sign_up === undefined ? {} : { preSignUpLambdaArn: String(lambda.pre_sign_up) }),
      clients: clients
        .filter(([, c]) => c.user_pool_id === id)
        .map(([, c]) => {
          const units = ((c.token_validity_units as Array<Record<string, string>> | undefined)?.[0] ?? {}) as Record<string, string>;
          const inUnit = (value: unknown, unit: string | undefined, fallback: number, wanted: 'minutes' | 'days'): number => {
            if (value === undefined) return fallback;
            const seconds = Number(value) * ({ seconds: 1, minutes: 60, hours: 3600, days: 86400 }[unit ?? (wanted === 'days' ? 'days' : 'hours')] ?? 1);
            return seconds / (wanted === 'days' ? 86400 : 60);
          };
          return {
            id: String(c.id),
            name: String(c.name),
            explicitAuthFlows: c.explicit_auth_flows === undefined ? [...DEFAULT_EXPLICIT_AUTH_FLOWS] : (c.explicit_auth_flows as unknown[]).map(String),
            idTokenValidityMinutes: inUnit(c.id_token_validity, units.id_token, 60, 'minutes'),
            accessTokenValidityMinutes: inUnit(c.access_token_validity, units.access_token, 60, 'minutes'),
            refreshTokenValidityDays: inUnit(c.refresh_token_validity, units.refresh_token, 30, 'days'),
            preventUserExistenceErrors: c.prevent_user_existence_errors === 'LEGACY' ? 'LEGACY' : 'ENABLED',
          };
        }),
    };
  });
}

/** Issuers of the stack's user pools (`https://cognito-idp.<region>.amazonaws.com/<poolId>`) → the local endpoint. */
function userPoolIssuerRewrite(pools: readonly LocalUserPoolConfig[], endpoints: LocalEndpoints): (value: string) => string {
  const ids = new Set(pools.map((p) => p.id));
  return (value) => {
    const match = /^https:\/\/cognito-idp\.[a-z0-9-]+\.amazonaws\.com\/([^/]+)$/.exec(value);
    return match && ids.has(match[1]) ? `${endpoints.awsEndpoint}/${match[1]}` : value;
  };
}

/** Management-API URLs of the stack's WebSocket APIs (`https://{id}.execute-api…/{stage}`) → the local emulator. */
function managementEndpointRewrite(apis: readonly LocalWebSocketApiDefinition[], endpoints: LocalEndpoints): (value: string) => string {
  const ids = new Set(apis.map((a) => a.apiId));
  const base = endpoints.webSocketEndpoint.replace(/^ws/, 'http');
  return (value) => {
    const match = /^https:\/\/([a-z0-9]+)\.execute-api\.[a-z0-9-]+\.amazonaws\.com\/(.+)$/.exec(value);
    return match && ids.has(match[1]) ? `${base}/${match[2]}` : value;
  };
}
