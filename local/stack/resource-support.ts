/**
 * What the local runtime does with each resource type of a synthesized stack. Types not listed here stop
 * start-up with a message naming them: nothing is dropped silently.
 */

/** Types the runtime emulates. */
export const EMULATED_TYPES: ReadonlySet<string> = new Set([
  'aws_dynamodb_table',
  'aws_sqs_queue',
  'aws_lambda_function',
  'aws_lambda_function_event_invoke_config',
  'aws_cloudwatch_log_group',
  'aws_api_gateway_rest_api',
  'aws_api_gateway_resource',
  'aws_api_gateway_method',
  'aws_api_gateway_method_response',
  'aws_api_gateway_integration',
  'aws_api_gateway_integration_response',
  'aws_api_gateway_model',
  'aws_api_gateway_request_validator',
  'aws_api_gateway_gateway_response',
  'aws_api_gateway_deployment',
  'aws_api_gateway_stage',
  'aws_api_gateway_method_settings',
  'aws_apigatewayv2_api',
  'aws_apigatewayv2_integration',
  'aws_apigatewayv2_route',
  'aws_apigatewayv2_route_response',
  'aws_apigatewayv2_stage',
  // SES: the identities the account sends from (taken as verified) and its configuration sets.
  'aws_sesv2_email_identity',
  'aws_ses_email_identity',
  'aws_ses_domain_identity',
  'aws_sesv2_configuration_set',
  'aws_ses_configuration_set',
  // Enforced by local/iam (--iam enforce|warn|off).
  'aws_iam_role',
  'aws_iam_role_policy',
  'aws_iam_policy',
  'aws_iam_role_policy_attachment',
  'aws_iam_policy_attachment',
  'aws_lambda_permission',
  'aws_sqs_queue_policy',
  'aws_cloudwatch_log_resource_policy',
  'aws_api_gateway_authorizer',
  'aws_apigatewayv2_authorizer',
  'aws_cognito_user_pool',
  'aws_cognito_user_pool_client',
]);

/** Types that exist in AWS but have no behaviour to run locally, with the reason. */
export const NO_LOCAL_EFFECT: Readonly<Record<string, string>> = {
  aws_schemas_registry: 'the schema registry documents the catalog; nothing reads it at run time',
  aws_schemas_schema: 'the schema registry documents the catalog; nothing reads it at run time',
  aws_sns_topic: 'alarm notifications need CloudWatch metrics, which are not emulated',
  aws_sns_topic_policy: 'SNS is not emulated, so nothing calls the topic locally (its policy is parsed and checked at start-up)',
  aws_sns_topic_subscription: 'alarm notifications need CloudWatch metrics, which are not emulated',
  aws_cloudwatch_metric_alarm: 'CloudWatch metrics are not emulated',
  aws_cloudwatch_dashboard: 'CloudWatch metrics are not emulated',
  aws_ses_domain_identity_verification: "identity verification happens outside the stack (DNS records); the local SES takes the stack's identities as verified",
  aws_ses_domain_dkim: "identity verification happens outside the stack (DNS records); the local SES takes the stack's identities as verified",
  aws_sesv2_configuration_set_event_destination: 'SES event publishing (sends, bounces, deliveries) is not emulated',
};

/** Data sources with nothing to read locally, with the reason. */
export const NO_LOCAL_EFFECT_DATA_SOURCES: Readonly<Record<string, string>> = {
  aws_iam_roles: "the check that the account's bootstrap stack was applied: there is no account locally",
};

/**
 * Attributes that only steer Terraform itself and mean nothing to a runtime that always runs the current
 * configuration; they are not read (nor resolved) locally.
 */
export const TERRAFORM_ONLY_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  // What forces a redeployment (a hash over the API's resources, computed by Terraform).
  aws_api_gateway_deployment: ['triggers'],
};

/** Inputs of the EventBridge module the runtime understands (others stop start-up). */
export const EMULATED_MODULE_INPUTS: ReadonlySet<string> = new Set([
  'source',
  'version',
  'bus_name',
  'tags',
  'create_schemas_discoverer',
  'append_rule_postfix',
  'rules',
  'targets',
  'create_archives',
  'archives',
  'schedule_groups',
  'schedules',
  'create_role',
  'role_name',
  'attach_policy_statements',
  'policy_statements',
]);

/** A stack the local runtime cannot run faithfully. */
export class UnsupportedResourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedResourceError';
  }
}

/** Refuses a stack with resource types or module inputs the runtime cannot emulate, naming each. */
export function assertEmulatable(resourceTypes: readonly string[], moduleInputs: Readonly<Record<string, readonly string[]>>, dataSources: readonly string[]): void {
  const problems: string[] = [];
  for (const type of resourceTypes) {
    if (!EMULATED_TYPES.has(type) && !(type in NO_LOCAL_EFFECT)) problems.push(`resource type ${type} is not emulated`);
  }
  for (const [module, inputs] of Object.entries(moduleInputs)) {
    for (const input of inputs) {
      if (!EMULATED_MODULE_INPUTS.has(input)) problems.push(`module ${module}: input "${input}" is not emulated`);
    }
  }
  for (const data of dataSources) {
    if (!(data.split('.')[0] in NO_LOCAL_EFFECT_DATA_SOURCES)) problems.push(`data source ${data} is not emulated`);
  }
  if (problems.length > 0) {
    throw new UnsupportedResourceError(`The local runtime cannot run this stack:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Resources of a stack that exist on AWS but do nothing locally, grouped by why. */
export interface NoLocalEffect {
  readonly reason: string;
  /** Resource type → how many the stack has. */
  readonly resources: Readonly<Record<string, number>>;
}

/** Groups a stack's resources of {@link NO_LOCAL_EFFECT} types by reason (in the order of that table). */
export function noLocalEffectOf(resourceCounts: Readonly<Record<string, number>>): NoLocalEffect[] {
  const groups = new Map<string, Record<string, number>>();
  for (const [type, reason] of Object.entries(NO_LOCAL_EFFECT)) {
    const count = resourceCounts[type] ?? 0;
    if (count === 0) continue;
    groups.set(reason, { ...groups.get(reason), [type]: count });
  }
  return [...groups].map(([reason, resources]) => ({ reason, resources }));
}
