/**
 * What an IAM policy allows, read for the picture: which actions on which resources. Only `Allow` statements
 * with explicit resources count (a `Resource: "*"` statement, such as X-Ray's, is about no resource in particular).
 */

/** One allowed action on one resource pattern. */
export interface AllowedAccess {
  /** `service:Action`, e.g. `dynamodb:PutItem`. */
  readonly action: string;
  /** ARN pattern with IAM wildcards (`*`, `?`). */
  readonly resource: string;
  /** The statement's `Condition` block, if any. */
  readonly condition?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

interface Statement {
  readonly Effect?: string;
  readonly Action?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

const asList = (value: string | readonly string[] | undefined): readonly string[] => (value === undefined ? [] : typeof value === 'string' ? [value] : value);

/** Every (action, resource) pair a policy document allows; unreadable documents allow nothing. */
export function allowedAccess(policy: unknown): AllowedAccess[] {
  let document: unknown = policy;
  if (typeof policy === 'string') {
    try {
      document = JSON.parse(policy);
    } catch {
      return [];
    }
  }
  const statements = (document as { Statement?: Statement | Statement[] } | undefined)?.Statement;
  const list = Array.isArray(statements) ? statements : statements ? [statements] : [];
  return list
    .filter((s) => s.Effect === 'Allow')
    .flatMap((s) =>
      asList(s.Action).flatMap((action) =>
        asList(s.Resource)
          .filter((resource) => resource !== '*')
          .map((resource) => ({ action, resource, ...(s.Condition ? { condition: s.Condition } : {}) })),
      ),
    );
}

/** Whether an IAM resource pattern (`*` any run of characters, `?` one character) matches an ARN. */
export function arnMatches(pattern: string, arn: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(arn);
}

