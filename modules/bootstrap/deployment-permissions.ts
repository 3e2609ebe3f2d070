/**
 * What the pipeline roles may do, per kind of resource the environment stacks manage. Terraform reads every
 * resource on plan and refresh (the plan role gets `read`), and creates, changes and deletes them on apply (the
 * deploy role gets `read` and `write`). Every action is exact (no wildcards) and scoped to the ARNs of one
 * environment's names, except the few AWS offers no resource-level permissions for (`unscoped`, granted on "*").
 * The guardrail tests check every action against AWS's service authorization catalogue, that `unscoped` holds
 * exactly the wildcard-only ones, and that every resource type the environment stacks synthesize has an entry.
 */

/** The names one role may touch: an environment (or every pull-request stack) of one account and region. */
export interface PermissionScope {
  readonly accountId: string;
  readonly region: string;
  /** Name prefix as an ARN pattern: `fakemon-dev`, `fakemon-pr-*`. */
  readonly namePrefix: string;
  /** The e-mail sender (SES identity) as an ARN pattern: `notifications+pr-*@dev.fakemon.example`. */
  readonly emailSender: string;
  /** The tags every resource of the scope carries, values as patterns: `{ environment: 'pr-*', … }`. */
  readonly resourceTags: Readonly<Record<string, string>>;
}

/** An IAM condition block. */
export type PolicyCondition = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

/** The permissions of one group of resources of one service. */
export interface PermissionGroup {
  /** Statement id. */
  readonly sid: string;
  /** Actions that only read. */
  readonly read: readonly string[];
  /** Actions that create, change or delete. */
  readonly write: readonly string[];
  /** The ARNs of a scope's resources. */
  readonly resources: (scope: PermissionScope) => readonly string[];
  /** A condition narrowing the grant further. @default none */
  readonly condition?: (scope: PermissionScope) => PolicyCondition;
}

const arn = (service: string, s: PermissionScope, resource: string, region = s.region): string =>
  `arn:aws:${service}:${region}:${s.accountId}:${resource}`;
const roleArn = (s: PermissionScope): string => `arn:aws:iam::${s.accountId}:role/${s.namePrefix}-*`;
const passRoleTo = (service: string): Omit<PermissionGroup, 'sid'> => ({
  read: [],
  write: ['iam:PassRole'],
  resources: (s) => [roleArn(s)],
  condition: () => ({ StringEquals: { 'iam:PassedToService': service } }),
});

/** The permission groups, by key. */
export const PERMISSION_GROUPS: Readonly<Record<string, PermissionGroup>> = {
  dynamodb: {
    sid: 'DynamoDbTables',
    read: ['dynamodb:DescribeTable', 'dynamodb:DescribeContinuousBackups', 'dynamodb:DescribeTimeToLive', 'dynamodb:ListTagsOfResource'],
    write: ['dynamodb:CreateTable', 'dynamodb:DeleteTable', 'dynamodb:UpdateTable', 'dynamodb:UpdateContinuousBackups', 'dynamodb:UpdateTimeToLive', 'dynamodb:TagResource', 'dynamodb:UntagResource'],
    resources: (s) => [arn('dynamodb', s, `table/${s.namePrefix}-*`)],
  },
  sqs: {
    sid: 'SqsQueues',
    read: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ListQueueTags'],
    write: ['sqs:CreateQueue', 'sqs:DeleteQueue', 'sqs:SetQueueAttributes', 'sqs:TagQueue', 'sqs:UntagQueue'],
    resources: (s) => [arn('sqs', s, `${s.namePrefix}-*`)],
  },
  lambda: {
    sid: 'LambdaFunctions',
    read: ['lambda:GetFunction', 'lambda:GetFunctionCodeSigningConfig', 'lambda:ListVersionsByFunction', 'lambda:GetFunctionEventInvokeConfig', 'lambda:GetPolicy', 'lambda:ListTags'],
    write: [
      'lambda:CreateFunction', 'lambda:DeleteFunction', 'lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration',
      'lambda:PutFunctionConcurrency', 'lambda:DeleteFunctionConcurrency', 'lambda:PutFunctionEventInvokeConfig',
      'lambda:UpdateFunctionEventInvokeConfig', 'lambda:DeleteFunctionEventInvokeConfig', 'lambda:AddPermission',
      'lambda:RemovePermission', 'lambda:TagResource', 'lambda:UntagResource',
    ],
    resources: (s) => [arn('lambda', s, `function:${s.namePrefix}-*`)],
  },
  passRoleToLambda: { sid: 'PassRolesToLambda', ...passRoleTo('lambda.amazonaws.com') },
  passRoleToApiGateway: { sid: 'PassRolesToApiGateway', ...passRoleTo('apigateway.amazonaws.com') },
  passRoleToScheduler: { sid: 'PassRolesToScheduler', ...passRoleTo('scheduler.amazonaws.com') },
  iamRoles: {
    sid: 'IamRoles',
    read: ['iam:GetRole', 'iam:ListRolePolicies', 'iam:ListAttachedRolePolicies', 'iam:GetRolePolicy', 'iam:ListInstanceProfilesForRole'],
    write: ['iam:CreateRole', 'iam:DeleteRole', 'iam:UpdateRole', 'iam:UpdateAssumeRolePolicy', 'iam:TagRole', 'iam:UntagRole', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy'],
    resources: (s) => [roleArn(s)],
  },
  iamPolicies: {
    sid: 'IamPolicies',
    read: ['iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:ListPolicyVersions', 'iam:ListEntitiesForPolicy'],
    write: ['iam:CreatePolicy', 'iam:DeletePolicy', 'iam:CreatePolicyVersion', 'iam:DeletePolicyVersion', 'iam:TagPolicy', 'iam:UntagPolicy'],
    resources: (s) => [`arn:aws:iam::${s.accountId}:policy/${s.namePrefix}-*`],
  },
  // Only the environment's own managed policies may be attached to its roles (never AWS's administrator ones).
  iamPolicyAttachments: {
    sid: 'AttachOwnPolicies',
    read: [],
    write: ['iam:AttachRolePolicy', 'iam:DetachRolePolicy'],
    resources: (s) => [roleArn(s)],
    condition: (s) => ({ ArnLike: { 'iam:PolicyARN': `arn:aws:iam::${s.accountId}:policy/${s.namePrefix}-*` } }),
  },
  logGroups: {
    sid: 'LogGroups',
    read: ['logs:ListTagsForResource', 'logs:ListTagsLogGroup'],
    write: ['logs:CreateLogGroup', 'logs:DeleteLogGroup', 'logs:PutRetentionPolicy', 'logs:DeleteRetentionPolicy', 'logs:TagResource', 'logs:UntagResource'],
    resources: (s) =>
      ['/aws/lambda', '/aws/apigateway', '/aws/events'].flatMap((path) => [
        arn('logs', s, `log-group:${path}/${s.namePrefix}-*`),
        arn('logs', s, `log-group:${path}/${s.namePrefix}-*:*`),
      ]),
  },
  // REST and WebSocket API ids are random, so API Gateway's own paths are the narrowest scope it offers.
  apiGateway: {
    sid: 'ApiGatewayApis',
    read: ['apigateway:GET'],
    write: ['apigateway:POST', 'apigateway:PUT', 'apigateway:PATCH', 'apigateway:DELETE'],
    resources: (s) =>
      ['/restapis', '/restapis/*', '/apis', '/apis/*', '/tags/*'].map((path) => `arn:aws:apigateway:${s.region}::${path}`),
  },
  events: {
    sid: 'EventBridgeBus',
    read: ['events:DescribeEventBus', 'events:DescribeRule', 'events:ListTargetsByRule', 'events:ListTagsForResource', 'events:DescribeArchive'],
    write: [
      'events:CreateEventBus', 'events:DeleteEventBus', 'events:UpdateEventBus', 'events:PutRule', 'events:DeleteRule',
      'events:EnableRule', 'events:DisableRule', 'events:PutTargets', 'events:RemoveTargets', 'events:TagResource',
      'events:UntagResource', 'events:CreateArchive', 'events:UpdateArchive', 'events:DeleteArchive',
    ],
    // Managed rules of the archive and the schema discoverer live on the bus too, so they match `rule/<bus>/*`.
    resources: (s) => [
      arn('events', s, `event-bus/${s.namePrefix}-bus`),
      arn('events', s, `rule/${s.namePrefix}-bus/*`),
      arn('events', s, `archive/${s.namePrefix}-*`),
    ],
  },
  schemaRegistry: {
    sid: 'SchemaRegistry',
    read: ['schemas:DescribeRegistry', 'schemas:DescribeSchema', 'schemas:ListTagsForResource'],
    write: ['schemas:CreateRegistry', 'schemas:UpdateRegistry', 'schemas:DeleteRegistry', 'schemas:CreateSchema', 'schemas:UpdateSchema', 'schemas:DeleteSchema', 'schemas:TagResource', 'schemas:UntagResource'],
    resources: (s) => [arn('schemas', s, `registry/${s.namePrefix}-*`), arn('schemas', s, `schema/${s.namePrefix}-*`)],
  },
  // Discoverer ids are random; the discoverer only ever reads the scope's own bus.
  schemaDiscoverer: {
    sid: 'SchemaDiscoverer',
    read: ['schemas:DescribeDiscoverer'],
    write: ['schemas:UpdateDiscoverer', 'schemas:DeleteDiscoverer', 'schemas:StartDiscoverer', 'schemas:StopDiscoverer'],
    resources: (s) => [arn('schemas', s, 'discoverer/*')],
  },
  scheduler: {
    sid: 'SchedulerSchedules',
    read: ['scheduler:GetScheduleGroup', 'scheduler:GetSchedule', 'scheduler:ListTagsForResource'],
    write: ['scheduler:CreateScheduleGroup', 'scheduler:DeleteScheduleGroup', 'scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule', 'scheduler:TagResource', 'scheduler:UntagResource'],
    resources: (s) => [arn('scheduler', s, `schedule-group/${s.namePrefix}-*`), arn('scheduler', s, `schedule/${s.namePrefix}-*/*`)],
  },
  sns: {
    sid: 'SnsTopics',
    read: ['sns:GetTopicAttributes', 'sns:ListTagsForResource', 'sns:GetSubscriptionAttributes', 'sns:ListSubscriptionsByTopic'],
    write: ['sns:CreateTopic', 'sns:DeleteTopic', 'sns:SetTopicAttributes', 'sns:TagResource', 'sns:UntagResource', 'sns:Subscribe', 'sns:Unsubscribe', 'sns:SetSubscriptionAttributes'],
    resources: (s) => [arn('sns', s, `${s.namePrefix}-*`)],
  },
  // User pool ids are random; the account's pools are the narrowest scope (CreateUserPool has none at all).
  cognito: {
    sid: 'CognitoUserPools',
    read: ['cognito-idp:DescribeUserPool', 'cognito-idp:GetUserPoolMfaConfig', 'cognito-idp:DescribeUserPoolClient', 'cognito-idp:ListTagsForResource'],
    write: [
      'cognito-idp:UpdateUserPool', 'cognito-idp:DeleteUserPool', 'cognito-idp:SetUserPoolMfaConfig', 'cognito-idp:CreateUserPoolClient',
      'cognito-idp:UpdateUserPoolClient', 'cognito-idp:DeleteUserPoolClient', 'cognito-idp:TagResource', 'cognito-idp:UntagResource',
    ],
    resources: (s) => [arn('cognito-idp', s, 'userpool/*')],
  },
  // SES identities are named by their address, not the prefix: each environment's own sender.
  emailIdentities: {
    sid: 'SesEmailIdentities',
    read: ['ses:GetEmailIdentity', 'ses:ListTagsForResource'],
    write: ['ses:CreateEmailIdentity', 'ses:DeleteEmailIdentity', 'ses:TagResource', 'ses:UntagResource'],
    resources: (s) => [arn('ses', s, `identity/${s.emailSender}`)],
  },
  alarms: {
    sid: 'CloudWatchAlarms',
    read: ['cloudwatch:DescribeAlarms', 'cloudwatch:ListTagsForResource', 'cloudwatch:GetDashboard'],
    write: ['cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms', 'cloudwatch:TagResource', 'cloudwatch:UntagResource', 'cloudwatch:PutDashboard', 'cloudwatch:DeleteDashboards'],
    resources: (s) => [arn('cloudwatch', s, `alarm:${s.namePrefix}-*`), arn('cloudwatch', s, `dashboard/${s.namePrefix}-*`, '')],
  },
};

/** Actions AWS offers no resource-level permissions for: granted on "*", one statement each for read and write. */
export const UNSCOPED_ACTIONS: Readonly<Record<string, { readonly read: readonly string[]; readonly write: readonly string[] }>> = {
  logGroups: { read: ['logs:DescribeLogGroups'], write: [] },
  schemaDiscoverer: { read: [], write: ['schemas:CreateDiscoverer'] },
  bootstrapCheck: { read: ['iam:ListRoles'], write: [] },
  cognito: { read: [], write: ['cognito-idp:CreateUserPool'] },
};

/**
 * The EventBridge module's resources for the inputs the project passes (the synthesized JSON shows only the module
 * block): as the offline plan with the real module 3.17.1 lists them. `npm run plan:offline` fails on any planned
 * type without permissions, so a new module input that creates more is caught there.
 */
export const EVENTBRIDGE_MODULE_RESOURCE_TYPES: readonly string[] = [
  'aws_cloudwatch_event_bus',
  'aws_cloudwatch_event_rule',
  'aws_cloudwatch_event_target',
  'aws_cloudwatch_event_archive',
  'aws_schemas_discoverer',
  'aws_scheduler_schedule_group',
  'aws_scheduler_schedule',
  'aws_iam_role',
  'aws_iam_policy',
  'aws_iam_policy_attachment',
];

/**
 * Which permission groups each Terraform resource type (and data source, as `data.<type>`) needs. Types that make
 * no AWS call of their own (policy documents, the caller identity, which needs no permission) map to nothing.
 */
export const RESOURCE_TYPE_PERMISSIONS: Readonly<Record<string, readonly string[]>> = {
  aws_dynamodb_table: ['dynamodb'],
  aws_sqs_queue: ['sqs'],
  aws_sqs_queue_policy: ['sqs'],
  aws_lambda_function: ['lambda', 'passRoleToLambda'],
  aws_lambda_function_event_invoke_config: ['lambda'],
  aws_lambda_permission: ['lambda'],
  aws_iam_role: ['iamRoles'],
  aws_iam_role_policy: ['iamRoles'],
  aws_iam_policy: ['iamPolicies'],
  aws_iam_policy_attachment: ['iamPolicies', 'iamPolicyAttachments'],
  aws_iam_role_policy_attachment: ['iamRoles', 'iamPolicyAttachments'],
  aws_cloudwatch_log_group: ['logGroups'],
  aws_api_gateway_rest_api: ['apiGateway'],
  aws_api_gateway_resource: ['apiGateway'],
  aws_api_gateway_method: ['apiGateway'],
  aws_api_gateway_method_response: ['apiGateway'],
  aws_api_gateway_integration: ['apiGateway', 'passRoleToApiGateway'],
  aws_api_gateway_integration_response: ['apiGateway'],
  aws_api_gateway_model: ['apiGateway'],
  aws_api_gateway_request_validator: ['apiGateway'],
  aws_api_gateway_gateway_response: ['apiGateway'],
  aws_api_gateway_deployment: ['apiGateway'],
  aws_api_gateway_stage: ['apiGateway'],
  aws_api_gateway_method_settings: ['apiGateway'],
  aws_apigatewayv2_api: ['apiGateway'],
  aws_apigatewayv2_integration: ['apiGateway'],
  aws_apigatewayv2_route: ['apiGateway'],
  aws_apigatewayv2_route_response: ['apiGateway'],
  aws_apigatewayv2_stage: ['apiGateway'],
  aws_api_gateway_authorizer: ['apiGateway'],
  aws_apigatewayv2_authorizer: ['apiGateway'],
  aws_cognito_user_pool: ['cognito'],
  aws_cognito_user_pool_client: ['cognito'],
  aws_cloudwatch_event_bus: ['events'],
  aws_cloudwatch_event_rule: ['events'],
  aws_cloudwatch_event_target: ['events'],
  aws_cloudwatch_event_archive: ['events'],
  aws_schemas_discoverer: ['schemaDiscoverer', 'events'],
  aws_schemas_registry: ['schemaRegistry'],
  aws_schemas_schema: ['schemaRegistry'],
  aws_scheduler_schedule_group: ['scheduler'],
  aws_scheduler_schedule: ['scheduler', 'passRoleToScheduler'],
  aws_sns_topic: ['sns'],
  aws_sns_topic_policy: ['sns'],
  aws_sns_topic_subscription: ['sns'],
  aws_sesv2_email_identity: ['emailIdentities'],
  aws_cloudwatch_metric_alarm: ['alarms'],
  aws_cloudwatch_dashboard: ['alarms'],
  'data.aws_iam_roles': ['bootstrapCheck'],
  'data.aws_caller_identity': [],
  'data.aws_partition': [],
  'data.aws_region': [],
  'data.aws_iam_policy_document': [],
};

/** One statement of a role's policy. */
export interface GrantStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: PolicyCondition;
}

/** Resource types the map above does not know (the guardrail test lists them). */
export const unmappedResourceTypes = (types: Iterable<string>): string[] =>
  [...new Set(types)].filter((type) => !(type in RESOURCE_TYPE_PERMISSIONS)).sort();

/**
 * The statements a role needs to plan (`write` false) or apply (`write` true) resources of the given types in the
 * given scopes. Groups are taken in a fixed order, so the policy text does not depend on the order of the types.
 */
export function grantStatements(resourceTypes: Iterable<string>, scopes: readonly PermissionScope[], write: boolean): GrantStatement[] {
  const groups = new Set([...resourceTypes].flatMap((type) => RESOURCE_TYPE_PERMISSIONS[type] ?? []));
  const statements: GrantStatement[] = [];
  const unscoped: string[] = [];
  for (const key of [...Object.keys(PERMISSION_GROUPS), ...Object.keys(UNSCOPED_ACTIONS)]) {
    if (!groups.has(key)) continue;
    const free = UNSCOPED_ACTIONS[key];
    if (free) unscoped.push(...free.read, ...(write ? free.write : []));
    const group = PERMISSION_GROUPS[key];
    if (!group) continue;
    const actions = [...group.read, ...(write ? group.write : [])];
    if (actions.length === 0) continue;
    // Scopes with different conditions (a pattern per scope) get a statement each; otherwise one lists every ARN.
    const bundles = group.condition ? scopes.map((scope) => [scope]) : [scopes];
    bundles.forEach((bundle, i) => {
      statements.push({
        Sid: bundles.length > 1 ? `${group.sid}${i + 1}` : group.sid,
        Effect: 'Allow',
        Action: actions,
        Resource: [...new Set(bundle.flatMap((scope) => group.resources(scope)))],
        ...(group.condition ? { Condition: group.condition(bundle[0]) } : {}),
      });
    });
  }
  if (unscoped.length > 0) {
    statements.push({ Sid: write ? 'UnscopedByAws' : 'UnscopedReadsByAws', Effect: 'Allow', Action: [...new Set(unscoped)].sort(), Resource: '*' });
  }
  return statements;
}
