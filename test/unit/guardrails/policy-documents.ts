import type { StackJson } from '../../support/synthesized-stacks';

/** One IAM statement found in a stack, with where it came from. */
export interface FoundStatement {
  readonly where: string;
  readonly actions: string[];
  readonly resources: string[];
  readonly principal?: unknown;
}

const list = (value: unknown): string[] => (value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)]);

/** Every IAM statement of a stack: role policies, resource policies, and the EventBridge module's statements. */
export function iamStatements(json: StackJson): FoundStatement[] {
  const found: FoundStatement[] = [];
  const documents: Array<[string, string]> = [];
  for (const [type, field] of [
    ['aws_iam_role_policy', 'policy'],
    ['aws_sqs_queue_policy', 'policy'],
    ['aws_cloudwatch_log_resource_policy', 'policy_document'],
    ['aws_sns_topic_policy', 'policy'],
  ] as const) {
    for (const [name, body] of Object.entries(json.resource[type] ?? {})) documents.push([`${type}.${name}`, String(body[field])]);
  }
  for (const [where, text] of documents) {
    const document = JSON.parse(text) as { Statement: Array<Record<string, unknown>> };
    for (const s of document.Statement) found.push({ where, actions: list(s.Action), resources: list(s.Resource), principal: s.Principal });
  }
  for (const [name, module] of Object.entries(json.module)) {
    for (const [sid, s] of Object.entries((module.policy_statements ?? {}) as Record<string, { actions?: string[]; resources?: string[] }>)) {
      found.push({ where: `module.${name}.policy_statements.${sid}`, actions: list(s.actions), resources: list(s.resources) });
    }
  }
  return found;
}
