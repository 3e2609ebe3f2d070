/**
 * AWS's policy evaluation for requests within one account: an explicit `Deny` in any applicable policy wins; else
 * an `Allow` in an identity-based policy of the caller or in the resource's resource-based policy allows; else the
 * request is implicitly denied. A service principal (`events.amazonaws.com`) has no identity-based policies, so
 * only the resource-based policy can allow it. A resource policy that names the account (`"AWS": "<account id>"`
 * or `…:root`) delegates to the account's identity-based policies and allows nothing by itself.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
 */
import { conditionsHold } from './conditions';
import type { RequestContext } from './context';
import type { PolicyDocument, PrincipalBlock, Statement } from './policy';
import { matchesArn, matchesPattern } from './wildcard';

/** Who makes a request. */
export type Principal =
  /** A role session (a function's credentials, a role a service assumed). */
  | { readonly kind: 'role-session'; readonly arn: string; readonly roleArn: string; readonly accountId: string }
  /** An AWS service acting on its own behalf, e.g. EventBridge delivering to a Lambda target. */
  | { readonly kind: 'service'; readonly service: string; readonly arn: string };

/** One request to authorize. */
export interface AuthorizationRequest {
  readonly principal: Principal;
  /** `service:Action`. */
  readonly action: string;
  /** The resource ARN, or `*` for actions without resource types. */
  readonly resource: string;
  readonly context: RequestContext;
}

/** Which policy type decided a denial (AWS names it in the AccessDenied message). */
export type DenialReason = 'explicit-deny-identity' | 'explicit-deny-resource' | 'no-identity-allow' | 'no-resource-allow';

export interface Decision {
  readonly allowed: boolean;
  readonly reason?: DenialReason;
  /** The statement that allowed or explicitly denied, e.g. `aws_iam_role_policy.capture (CaptureInWorld)`. */
  readonly statement?: string;
}

/** The policies that apply to one request. */
export interface ApplicablePolicies {
  /** The caller's identity-based policies (empty for service principals). */
  readonly identity: readonly PolicyDocument[];
  /** The resource's resource-based policies (a role's trust policy for sts:AssumeRole). */
  readonly resource: readonly PolicyDocument[];
}

type PrincipalMatch = 'no' | 'direct' | 'account';

function principalMatch(block: PrincipalBlock, principal: Principal): PrincipalMatch {
  if (block === '*') return 'direct';
  let match: PrincipalMatch = 'no';
  for (const [type, ids] of Object.entries(block)) {
    for (const id of ids) {
      if (principal.kind === 'service') {
        if (type === 'Service' && id.toLowerCase() === principal.service.toLowerCase()) return 'direct';
        if (type === 'AWS' && id === '*') return 'direct';
        continue;
      }
      if (type !== 'AWS') continue;
      if (id === '*' || id === principal.roleArn || id === principal.arn) return 'direct';
      if (id === principal.accountId || id === `arn:aws:iam::${principal.accountId}:root`) match = 'account';
    }
  }
  return match;
}

const describe = (policy: PolicyDocument, statement: Statement): string => (statement.sid ? `${policy.source} (${statement.sid})` : policy.source);

function actionMatches(statement: Statement, action: string): boolean {
  const test = (patterns: readonly string[]): boolean => patterns.some((p) => matchesPattern(p, action, { ignoreCase: true }));
  return statement.action ? test(statement.action) : !test(statement.notAction ?? []);
}

function resourceMatches(statement: Statement, request: AuthorizationRequest, variables: boolean): boolean {
  const context = variables ? request.context : undefined;
  const test = (patterns: readonly string[]): boolean =>
    patterns.some((p) => p === '*' || (request.resource === '*' ? false : matchesArn(p, request.resource, context)));
  if (statement.resource) return test(statement.resource);
  if (statement.notResource) return !test(statement.notResource);
  return true;
}

/** Whether a statement applies to the request; for resource policies also how the principal matched. */
function applies(policy: PolicyDocument, statement: Statement, request: AuthorizationRequest, resourcePolicy: boolean): PrincipalMatch {
  let match: PrincipalMatch = 'direct';
  if (resourcePolicy) {
    if (statement.principal) match = principalMatch(statement.principal, request.principal);
    else if (statement.notPrincipal) match = principalMatch(statement.notPrincipal, request.principal) === 'no' ? 'direct' : 'no';
    else match = 'no';
    if (match === 'no') return 'no';
  }
  if (!actionMatches(statement, request.action)) return 'no';
  if (!resourceMatches(statement, request, policy.version === '2012-10-17')) return 'no';
  if (!conditionsHold(statement.condition, request.context)) return 'no';
  return match;
}

/** Evaluates a request against the identity-based and resource-based policies that apply to it. */
export function evaluate(request: AuthorizationRequest, policies: ApplicablePolicies): Decision {
  const identity = request.principal.kind === 'service' ? [] : policies.identity;
  for (const policy of identity) {
    for (const statement of policy.statements) {
      if (statement.effect === 'Deny' && applies(policy, statement, request, false) !== 'no') return { allowed: false, reason: 'explicit-deny-identity', statement: describe(policy, statement) };
    }
  }
  for (const policy of policies.resource) {
    for (const statement of policy.statements) {
      if (statement.effect === 'Deny' && applies(policy, statement, request, true) !== 'no') return { allowed: false, reason: 'explicit-deny-resource', statement: describe(policy, statement) };
    }
  }
  for (const policy of identity) {
    for (const statement of policy.statements) {
      if (statement.effect === 'Allow' && applies(policy, statement, request, false) !== 'no') return { allowed: true, statement: describe(policy, statement) };
    }
  }
  for (const policy of policies.resource) {
    for (const statement of policy.statements) {
      if (statement.effect === 'Allow' && applies(policy, statement, request, true) === 'direct') return { allowed: true, statement: describe(policy, statement) };
    }
  }
  return { allowed: false, reason: request.principal.kind === 'service' ? 'no-resource-allow' : 'no-identity-allow' };
}

/** AWS's AccessDenied wording: `User: <arn> is not authorized to perform: <action> on resource: <arn> because …`. */
export function denialMessage(request: AuthorizationRequest, decision: Decision, options: { lowerCaseAction?: boolean } = {}): string {
  const action = options.lowerCaseAction ? request.action.toLowerCase() : request.action;
  const on = request.resource === '*' ? '' : ` on resource: ${request.resource}`;
  const why: Record<DenialReason, string> = {
    'explicit-deny-identity': 'with an explicit deny in an identity-based policy',
    'explicit-deny-resource': 'with an explicit deny in a resource-based policy',
    'no-identity-allow': `because no identity-based policy allows the ${action} action`,
    'no-resource-allow': `because no resource-based policy allows the ${action} action`,
  };
  return `User: ${request.principal.arn} is not authorized to perform: ${action}${on} ${why[decision.reason ?? 'no-identity-allow']}`;
}
