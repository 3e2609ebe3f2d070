import type { GrantStatement, PermissionGroup, PermissionScope } from './deployment-permissions';

/**
 * What the end-to-end suite does to a deployed pull-request stack (`E2E_TARGET=aws`), beyond what Terraform needs to
 * deploy it: sign players in, read and write items, receive and redrive dead letters, invoke the spawn function,
 * put events, read and change reminder schedules. Granted to the deploy role of the GitHub environment the
 * ephemeral stacks deploy from, scoped to their names (`fakemon-pr-*`), never to dev's resources in the same account.
 * `test/unit/guardrails/e2e-permissions.test.ts` reads the suite's SDK commands and fails when one needs an action
 * granted neither here nor by the deploy catalogue, or when an action here is no longer used.
 */

const arn = (service: string, s: PermissionScope, resource: string): string => `arn:aws:${service}:${s.region}:${s.accountId}:${resource}`;

/** The end-to-end suite's permission groups, by key. */
export const E2E_PERMISSION_GROUPS: Readonly<Record<string, PermissionGroup>> = {
  dynamodb: {
    sid: 'E2eDynamoDbItems',
    read: ['dynamodb:GetItem', 'dynamodb:Scan'],
    write: ['dynamodb:PutItem'],
    resources: (s) => [arn('dynamodb', s, `table/${s.namePrefix}-*`)],
  },
  sqs: {
    sid: 'E2eSqsMessages',
    read: ['sqs:GetQueueUrl', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'],
    write: ['sqs:DeleteMessage', 'sqs:ChangeMessageVisibility'],
    resources: (s) => [arn('sqs', s, `${s.namePrefix}-*`)],
  },
  lambda: {
    sid: 'E2eLambdaFunctions',
    read: ['lambda:GetFunctionConfiguration'],
    write: ['lambda:InvokeFunction', 'lambda:PutFunctionConcurrency', 'lambda:DeleteFunctionConcurrency'],
    resources: (s) => [arn('lambda', s, `function:${s.namePrefix}-*`)],
  },
  events: {
    sid: 'E2eEventBridge',
    read: ['events:DescribeArchive'],
    write: ['events:PutEvents'],
    resources: (s) => [arn('events', s, `event-bus/${s.namePrefix}-bus`), arn('events', s, `archive/${s.namePrefix}-*`)],
  },
  scheduler: {
    sid: 'E2eSchedules',
    read: ['scheduler:GetSchedule'],
    write: ['scheduler:UpdateSchedule', 'scheduler:DeleteSchedule'],
    resources: (s) => [arn('scheduler', s, `schedule/${s.namePrefix}-*/*`)],
  },
  // UpdateSchedule passes the schedule's role again, as AWS's own Scheduler policy allows it to
  // (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonEventBridgeSchedulerFullAccess.html).
  passRoleToScheduler: {
    sid: 'E2ePassRolesToScheduler',
    read: [],
    write: ['iam:PassRole'],
    resources: (s) => [`arn:aws:iam::${s.accountId}:role/${s.namePrefix}-*`],
    condition: () => ({ StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } }),
  },
  // User pool ARNs carry a random id, not the stack's name, so `userpool/*` alone would reach every pool of the
  // account (dev's players included): the pools' tags narrow it to the scope's stacks
  // (https://docs.aws.amazon.com/cognito/latest/developerguide/tagging.html).
  cognito: {
    sid: 'E2eCognitoPlayers',
    read: [],
    write: ['cognito-idp:AdminCreateUser', 'cognito-idp:AdminSetUserPassword'],
    resources: (s) => [arn('cognito-idp', s, 'userpool/*')],
    condition: (s) => ({
      StringLike: Object.fromEntries(Object.entries(s.resourceTags).map(([key, value]) => [`aws:ResourceTag/${key}`, value])),
    }),
  },
};

/** The statements that let the end-to-end suite run against the stacks of the given scopes. */
export function e2eStatements(scopes: readonly PermissionScope[]): GrantStatement[] {
  // A role with no ephemeral scope gets nothing: a statement with an empty Resource list fails the apply.
  if (scopes.length === 0) return [];
  return Object.values(E2E_PERMISSION_GROUPS).flatMap((group) => {
    const bundles = group.condition ? scopes.map((scope) => [scope]) : [scopes];
    return bundles.map(
      (bundle, i): GrantStatement => ({
        Sid: bundles.length > 1 ? `${group.sid}${i + 1}` : group.sid,
        Effect: 'Allow',
        Action: [...group.read, ...group.write],
        Resource: [...new Set(bundle.flatMap((scope) => group.resources(scope)))],
        ...(group.condition ? { Condition: group.condition(bundle[0]) } : {}),
      }),
    );
  });
}
