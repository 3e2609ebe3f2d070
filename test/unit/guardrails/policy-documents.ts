import type { StackJson } from '../../support/synthesized-stacks';

/** What kind of policy a statement belongs to. */
export type PolicyKind = 'identity' | 'trust' | 'resource' | 'key';

/** One IAM statement found in a stack, with where it came from. */
export interface FoundStatement {
  readonly where: string;
  readonly kind: PolicyKind;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: string[];
  readonly resources: string[];
  readonly principal?: unknown;
  readonly condition: Record<string, Record<string, unknown>>;
}

/** One policy document found in a stack. */
export interface FoundDocument {
  readonly where: string;
  readonly kind: PolicyKind;
  /** The JSON text as synthesized (Terraform references still unresolved). */
  readonly text: string;
}

const list = (value: unknown): string[] => (value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)]);

/** The resource types holding policy documents, the field, and the kind of policy. */
const DOCUMENT_FIELDS: ReadonlyArray<readonly [string, string, PolicyKind]> = [
  ['aws_iam_role_policy', 'policy', 'identity'],
  ['aws_iam_policy', 'policy', 'identity'],
  ['aws_iam_role', 'assume_role_policy', 'trust'],
  ['aws_sqs_queue_policy', 'policy', 'resource'],
  ['aws_sns_topic_policy', 'policy', 'resource'],
  ['aws_cloudwatch_log_resource_policy', 'policy_document', 'resource'],
  ['aws_s3_bucket_policy', 'policy', 'resource'],
  ['aws_kms_key', 'policy', 'key'],
];

/** Every policy document of a stack, as text. */
export function policyDocuments(json: StackJson): FoundDocument[] {
  const found: FoundDocument[] = [];
  for (const [type, field, kind] of DOCUMENT_FIELDS) {
    for (const [name, body] of Object.entries(json.resource?.[type] ?? {})) {
      if (body[field] !== undefined) found.push({ where: `${type}.${name}`, kind, text: String(body[field]) });
    }
  }
  return found;
}

/**
 * Every IAM statement of a stack: identity, trust, resource and key policies, Lambda permissions (a one-statement
 * resource policy each), and the EventBridge module's statements.
 */
export function iamStatements(json: StackJson): FoundStatement[] {
  const found: FoundStatement[] = [];
  for (const { where, kind, text } of policyDocuments(json)) {
    const document = JSON.parse(text) as { Statement: Array<Record<string, unknown>> };
    for (const s of document.Statement) {
      found.push({
        where,
        kind,
        effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
        actions: list(s.Action),
        resources: list(s.Resource),
        principal: s.Principal,
        condition: (s.Condition ?? {}) as Record<string, Record<string, unknown>>,
      });
    }
  }
  for (const [name, permission] of Object.entries(json.resource?.aws_lambda_permission ?? {})) {
    found.push({
      where: `aws_lambda_permission.${name}`,
      kind: 'resource',
      effect: 'Allow',
      actions: [String(permission.action)],
      resources: [String(permission.function_name)],
      principal: { Service: permission.principal },
      condition: permission.source_arn ? { ArnLike: { 'aws:SourceArn': permission.source_arn } } : {},
    });
  }
  for (const [name, module] of Object.entries(json.module ?? {})) {
    for (const [sid, s] of Object.entries((module.policy_statements ?? {}) as Record<string, { effect?: string; actions?: string[]; resources?: string[] }>)) {
      found.push({
        where: `module.${name}.policy_statements.${sid}`,
        kind: 'identity',
        effect: s.effect === 'Deny' ? 'Deny' : 'Allow',
        actions: list(s.actions),
        resources: list(s.resources),
        condition: {},
      });
    }
  }
  return found;
}

/** The condition keys of a statement (`StringEquals: { "aws:SourceArn": … }` → `aws:SourceArn`). */
export const conditionKeys = (statement: FoundStatement): string[] => Object.values(statement.condition).flatMap((block) => Object.keys(block));
