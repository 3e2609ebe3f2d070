/**
 * The IAM configuration of a stack as plain objects (the wiring layer reads it from the synthesized JSON; nothing
 * below it knows Terraform). Policy documents stay as JSON text or objects and are parsed by the account model.
 */

/** A policy document and where it comes from (for messages). */
export interface LocalPolicyConfig {
  /** e.g. `aws_iam_role_policy.game_capture_policy_925A78CF` or `module bus (policy_statements)`. */
  readonly source: string;
  readonly document: unknown;
}

/** An IAM role with its trust policy and identity-based policies (inline and attached). */
export interface LocalRoleConfig {
  readonly name: string;
  readonly arn: string;
  readonly trustPolicy: LocalPolicyConfig;
  readonly policies: readonly LocalPolicyConfig[];
}

/** A resource-based policy of one resource (a Lambda function's permissions, a queue policy, a topic policy). */
export interface LocalResourcePolicyConfig extends LocalPolicyConfig {
  readonly resourceArn: string;
}

export interface LocalIamConfig {
  readonly roles: readonly LocalRoleConfig[];
  readonly resourcePolicies: readonly LocalResourcePolicyConfig[];
  /**
   * The account's CloudWatch Logs resource policies (`aws_cloudwatch_log_resource_policy` is account-level: each
   * applies to the log groups its statements name), from this stack and from the account's other stacks.
   */
  readonly logsResourcePolicies: readonly LocalPolicyConfig[];
  /** What the reader could not take into account, printed at start-up. */
  readonly notes: readonly string[];
}
