/**
 * The account's IAM, parsed once at start-up: roles (trust policy and identity-based policies) and resource-based
 * policies by resource ARN, plus the account-level CloudWatch Logs resource policies.
 */
import { assertKnownOperator } from './conditions';
import type { LocalIamConfig } from './model';
import { parsePolicy, type PolicyDocument } from './policy';

export interface IamRole {
  readonly name: string;
  readonly arn: string;
  readonly trustPolicy: PolicyDocument;
  readonly policies: readonly PolicyDocument[];
}

function checked(document: PolicyDocument): PolicyDocument {
  for (const statement of document.statements) for (const operator of Object.keys(statement.condition ?? {})) assertKnownOperator(operator);
  return document;
}

export class IamAccount {
  readonly roles: ReadonlyMap<string, IamRole>;
  private readonly resourcePolicies = new Map<string, PolicyDocument[]>();
  readonly logsPolicies: readonly PolicyDocument[];

  constructor(
    readonly accountId: string,
    config: LocalIamConfig,
  ) {
    this.roles = new Map(
      config.roles.map((role) => [
        role.arn,
        {
          name: role.name,
          arn: role.arn,
          trustPolicy: checked(parsePolicy(role.trustPolicy.document, role.trustPolicy.source)),
          policies: role.policies.map((p) => checked(parsePolicy(p.document, p.source))),
        },
      ]),
    );
    for (const policy of config.resourcePolicies) {
      const list = this.resourcePolicies.get(policy.resourceArn) ?? [];
      list.push(checked(parsePolicy(policy.document, policy.source)));
      this.resourcePolicies.set(policy.resourceArn, list);
    }
    this.logsPolicies = config.logsResourcePolicies.map((p) => checked(parsePolicy(p.document, p.source)));
  }

  role(arn: string): IamRole | undefined {
    return this.roles.get(arn);
  }

  /**
   * The resource-based policies that apply to a resource: its own (a function's permissions, a queue's policy),
   * or for CloudWatch Logs the account's logs resource policies.
   */
  resourcePoliciesFor(action: string, resourceArn: string): readonly PolicyDocument[] {
    if (action.toLowerCase().startsWith('logs:')) return this.logsPolicies;
    const unqualified = /^(arn:[^:]+:lambda:[^:]+:\d+:function:[^:]+)/.exec(resourceArn)?.[1] ?? resourceArn;
    return this.resourcePolicies.get(unqualified) ?? [];
  }

  /** Every policy document of the account (for the start-up check of action names). */
  allPolicies(): PolicyDocument[] {
    return [...this.roles.values()].flatMap((r) => [r.trustPolicy, ...r.policies]).concat([...this.resourcePolicies.values()].flat(), this.logsPolicies);
  }
}
