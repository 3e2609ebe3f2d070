/** One IAM policy statement a function is granted. */
export interface PolicyStatement {
  /** Statement id (letters and digits). */
  readonly sid: string;
  /** Exact actions, e.g. `dynamodb:GetItem`. Wildcard actions are refused. */
  readonly actions: readonly string[];
  /** Resource ARNs the actions apply to. */
  readonly resources: readonly string[];
  /** IAM condition block. @default none */
  readonly condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/** Refuses statements that are broader than least privilege allows. */
export function assertLeastPrivilege(owner: string, statements: readonly PolicyStatement[]): void {
  for (const statement of statements) {
    if (!/^[A-Za-z0-9]+$/.test(statement.sid)) {
      throw new Error(`${owner}: statement id "${statement.sid}" must be letters and digits`);
    }
    if (statement.actions.length === 0 || statement.resources.length === 0) {
      throw new Error(`${owner}: statement "${statement.sid}" needs at least one action and one resource`);
    }
    for (const action of statement.actions) {
      if (action.includes('*')) {
        throw new Error(`${owner}: statement "${statement.sid}" uses the wildcard action "${action}"; grant exact actions`);
      }
    }
    if (statement.resources.includes('*')) {
      throw new Error(`${owner}: statement "${statement.sid}" grants Resource "*"; scope it to the resources the function touches`);
    }
  }
}

/** Renders statements as an IAM policy document. */
export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: statements.map((s) => ({
      Sid: s.sid,
      Effect: 'Allow',
      Action: [...s.actions],
      Resource: [...s.resources],
      ...(s.condition ? { Condition: s.condition } : {}),
    })),
  });
}
