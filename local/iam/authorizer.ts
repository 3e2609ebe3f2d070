/**
 * The local runtime's enforcement point: evaluates a request of a role session or a service principal against the
 * account's policies, records denials (per principal, action and resource), and in `enforce` mode refuses; in
 * `warn` mode it reports and lets the request through; `off` evaluates nothing. Requests whose credentials were not
 * issued to a function or an assumed role come from the account's administrator (the developer's CLI, tests) and
 * are allowed.
 */
import type { ActionCatalog } from './catalog';
import { RequestContext, type ContextValue } from './context';
import { CredentialStore, type RoleSession, type SessionCredentials } from './credentials';
import { denialMessage, evaluate, type AuthorizationRequest, type Decision, type Principal } from './evaluate';
import type { IamAccount } from './account';

import type { IamMode } from './mode';

export { IAM_MODES, isIamMode, type IamMode } from './mode';

/** One call to authorize. */
export interface IamCall {
  /** `service:Action`. */
  readonly action: string;
  /** The resource ARN, or `*`. */
  readonly resource: string;
  /** Request-specific condition keys (e.g. `dynamodb:EnclosingOperation`, `iam:PassedToService`). */
  readonly context?: Readonly<Record<string, ContextValue | undefined>>;
}

/** A request that was (or in warn mode would have been) refused. */
export interface Denial {
  readonly request: AuthorizationRequest;
  readonly decision: Decision;
  /** AWS's wording: `User: … is not authorized to perform: …`. */
  readonly message: string;
}

/** Denials counted by principal, action and resource. */
export interface DenialCount {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** For a service's delivery: the rule, schedule or API route it was made for (`aws:SourceArn`). */
  readonly sourceArn?: string;
  readonly reason: string;
  count: number;
  readonly message: string;
}

export interface AuthorizerOptions {
  readonly mode: IamMode;
  readonly region: string;
  /** Reports denials in warn mode (and unusual findings). @default console.warn */
  readonly warn?: (line: string) => void;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

const serviceCaller = (service: string): Principal => ({ kind: 'service', service, arn: service });

export class Authorizer {
  readonly credentials = new CredentialStore();
  private readonly counts = new Map<string, DenialCount>();
  private readonly warned = new Set<string>();

  constructor(
    readonly account: IamAccount,
    readonly catalog: ActionCatalog,
    readonly options: AuthorizerOptions,
  ) {}

  get mode(): IamMode {
    return this.options.mode;
  }

  /** Credentials of a session of `roleArn` (a function's execution role). */
  issue(roleArn: string, sessionName: string): SessionCredentials {
    return this.credentials.issue(roleArn, sessionName);
  }

  /** The principal behind an access key id; undefined means the account's administrator. */
  principalOf(accessKeyId: string | undefined): Principal | undefined {
    const session = this.credentials.resolve(accessKeyId);
    return session ? this.sessionPrincipal(session) : undefined;
  }

  sessionPrincipal(session: RoleSession): Principal {
    return { kind: 'role-session', arn: session.arn, roleArn: session.roleArn, accountId: session.accountId };
  }

  /** A service principal, e.g. `events.amazonaws.com`. */
  service(name: string): Principal {
    return serviceCaller(name);
  }

  /** Evaluates without enforcing. */
  evaluate(principal: Principal, call: IamCall): { request: AuthorizationRequest; decision: Decision } {
    const request: AuthorizationRequest = {
      principal,
      action: this.catalog.canonical(call.action) ?? call.action,
      resource: call.resource,
      context: this.contextOf(principal).with(call.context ?? {}),
    };
    const identity = principal.kind === 'role-session' ? (this.account.role(principal.roleArn)?.policies ?? []) : [];
    const resource = call.action.toLowerCase() === 'sts:assumerole'
      ? [this.account.role(call.resource)?.trustPolicy].filter((p) => p !== undefined)
      : this.account.resourcePoliciesFor(call.action, call.resource);
    return { request, decision: evaluate(request, { identity, resource }) };
  }

  /**
   * Authorizes each call in turn; returns the first denial to enforce (undefined when every call is allowed, in
   * warn mode, and when off). Administrator requests (`principal` undefined) are allowed.
   */
  authorize(principal: Principal | undefined, calls: readonly IamCall[], options: { lowerCaseAction?: boolean } = {}): Denial | undefined {
    if (this.options.mode === 'off' || !principal) return undefined;
    for (const call of calls) {
      const { request, decision } = this.evaluate(principal, call);
      if (decision.allowed) continue;
      const denial: Denial = { request, decision, message: denialMessage(request, decision, options) };
      this.record(denial);
      if (this.options.mode === 'enforce') return denial;
    }
    return undefined;
  }

  /**
   * A service assumes a role (Scheduler its execution role, API Gateway its integration role): the role's trust
   * policy must allow the service `sts:AssumeRole` with the request's `aws:SourceArn` / `aws:SourceAccount`.
   */
  assumeRole(service: string, roleArn: string, sessionName: string, context: Readonly<Record<string, string | undefined>>): { session: Principal; credentials: SessionCredentials } | { denial: Denial } {
    const principal = serviceCaller(service);
    const role = this.account.role(roleArn);
    const denial = this.authorize(principal, [{ action: 'sts:AssumeRole', resource: roleArn, context }]);
    if (denial) return { denial };
    if (!role && this.options.mode === 'enforce') {
      const request: AuthorizationRequest = { principal, action: 'sts:AssumeRole', resource: roleArn, context: new RequestContext() };
      const missing: Denial = { request, decision: { allowed: false, reason: 'no-resource-allow' }, message: `${service} cannot assume ${roleArn}: the role does not exist` };
      this.record(missing);
      return { denial: missing };
    }
    const credentials = this.credentials.issue(roleArn, sessionName);
    return { session: this.principalOf(credentials.accessKeyId) as Principal, credentials };
  }

  /** Denials so far, most frequent first. */
  denials(): DenialCount[] {
    return [...this.counts.values()].sort((a, b) => b.count - a.count);
  }

  /** Action patterns in the account's policies that match no AWS action (a typo never allows anything). */
  unknownActions(): string[] {
    const unknown = new Set<string>();
    for (const policy of this.account.allPolicies()) {
      for (const statement of policy.statements) {
        for (const action of [...(statement.action ?? []), ...(statement.notAction ?? [])]) {
          if (!this.catalog.matchesAnyAction(action)) unknown.add(`${action} (${policy.source})`);
        }
      }
    }
    return [...unknown];
  }

  private record(denial: Denial): void {
    const source = denial.request.context.get('aws:SourceArn');
    const sourceArn = typeof source === 'string' ? source : undefined;
    const key = `${denial.request.principal.arn}|${denial.request.action}|${denial.request.resource}|${sourceArn ?? ''}`;
    const existing = this.counts.get(key);
    if (existing) existing.count += 1;
    else {
      const { principal, action, resource } = denial.request;
      this.counts.set(key, { principal: principal.arn, action, resource, ...(sourceArn ? { sourceArn } : {}), reason: denial.decision.reason ?? '', count: 1, message: denial.message });
    }
    if (!this.warned.has(key)) {
      this.warned.add(key);
      const via = sourceArn ? ` (for ${sourceArn})` : '';
      (this.options.warn ?? ((line: string) => console.warn(line)))(`[iam ${this.options.mode === 'enforce' ? 'denied' : 'would deny'}] ${denial.message}${via}`);
    }
  }

  /** The global condition keys AWS adds to every request of this principal. */
  private contextOf(principal: Principal): RequestContext {
    const now = (this.options.now ?? (() => new Date()))();
    const common = {
      'aws:CurrentTime': now.toISOString(),
      'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
      'aws:RequestedRegion': this.options.region,
      'aws:SecureTransport': 'true',
    };
    if (principal.kind === 'service') return new RequestContext({ ...common, 'aws:PrincipalServiceName': principal.service });
    const roleName = principal.roleArn.split('/').pop() ?? '';
    return new RequestContext({
      ...common,
      'aws:PrincipalArn': principal.roleArn,
      'aws:PrincipalAccount': principal.accountId,
      'aws:PrincipalType': 'AssumedRole',
      'aws:userid': `${roleName}:${principal.arn.split('/').pop() ?? ''}`,
    });
  }
}
