/**
 * IAM policy documents as the evaluator reads them: every element that may be a string or a list becomes a list,
 * condition values become strings, and a malformed document is refused with a message naming the element.
 * Grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */

export type Effect = 'Allow' | 'Deny';

/** `Principal` / `NotPrincipal`: `"*"` or principal type → identifiers. */
export type PrincipalBlock = '*' | Readonly<Record<string, readonly string[]>>;

/** Condition operator (e.g. `ForAnyValue:StringLikeIfExists`) → condition key → values. */
export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

export interface Statement {
  readonly sid?: string;
  readonly effect: Effect;
  readonly action?: readonly string[];
  readonly notAction?: readonly string[];
  readonly resource?: readonly string[];
  readonly notResource?: readonly string[];
  readonly principal?: PrincipalBlock;
  readonly notPrincipal?: PrincipalBlock;
  readonly condition?: ConditionBlock;
}

export interface PolicyDocument {
  /** Where the document comes from, for messages (e.g. `aws_iam_role_policy.capture`). */
  readonly source: string;
  /** Policy variables are only replaced in version 2012-10-17 documents; in others `${…}` is literal text. */
  readonly version?: string;
  readonly statements: readonly Statement[];
}

/** A policy document that does not follow the grammar. */
export class PolicyError extends Error {
  constructor(source: string, problem: string) {
    super(`${source}: ${problem}`);
    this.name = 'PolicyError';
  }
}

type Json = Record<string, unknown>;

const list = (value: unknown, source: string, element: string): string[] => {
  const values = Array.isArray(value) ? value : [value];
  for (const item of values) {
    if (typeof item !== 'string') throw new PolicyError(source, `${element} must be a string or a list of strings, got ${JSON.stringify(item)}`);
  }
  return values as string[];
};

function principalBlock(value: unknown, source: string, element: string): PrincipalBlock {
  if (value === '*') return '*';
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new PolicyError(source, `${element} must be "*" or an object such as {"Service": "events.amazonaws.com"}`);
  return Object.fromEntries(Object.entries(value as Json).map(([type, ids]) => [type, list(ids, source, `${element}.${type}`)]));
}

function conditionBlock(value: unknown, source: string): ConditionBlock {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new PolicyError(source, 'Condition must be an object of operators');
  return Object.fromEntries(
    Object.entries(value as Json).map(([operator, keys]) => {
      if (!keys || typeof keys !== 'object' || Array.isArray(keys)) throw new PolicyError(source, `Condition.${operator} must be an object of condition keys`);
      return [
        operator,
        Object.fromEntries(
          Object.entries(keys as Json).map(([key, values]) => {
            const items = Array.isArray(values) ? values : [values];
            for (const item of items) {
              if (!['string', 'number', 'boolean'].includes(typeof item)) throw new PolicyError(source, `Condition.${operator}.${key} values must be strings, numbers or booleans`);
            }
            return [key, items.map(String)];
          }),
        ),
      ];
    }),
  );
}

function statementOf(raw: unknown, index: number, source: string): Statement {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new PolicyError(source, `Statement[${index}] must be an object`);
  const s = raw as Json;
  const where = `${source} Statement[${index}]${typeof s.Sid === 'string' ? ` (${s.Sid})` : ''}`;
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw new PolicyError(where, 'Effect must be "Allow" or "Deny"');
  if ((s.Action === undefined) === (s.NotAction === undefined)) throw new PolicyError(where, 'exactly one of Action and NotAction is required');
  if (s.Resource !== undefined && s.NotResource !== undefined) throw new PolicyError(where, 'Resource and NotResource cannot both be given');
  if (s.Principal !== undefined && s.NotPrincipal !== undefined) throw new PolicyError(where, 'Principal and NotPrincipal cannot both be given');
  return {
    sid: typeof s.Sid === 'string' ? s.Sid : undefined,
    effect: s.Effect,
    action: s.Action === undefined ? undefined : list(s.Action, where, 'Action'),
    notAction: s.NotAction === undefined ? undefined : list(s.NotAction, where, 'NotAction'),
    resource: s.Resource === undefined ? undefined : list(s.Resource, where, 'Resource'),
    notResource: s.NotResource === undefined ? undefined : list(s.NotResource, where, 'NotResource'),
    principal: s.Principal === undefined ? undefined : principalBlock(s.Principal, where, 'Principal'),
    notPrincipal: s.NotPrincipal === undefined ? undefined : principalBlock(s.NotPrincipal, where, 'NotPrincipal'),
    condition: s.Condition === undefined ? undefined : conditionBlock(s.Condition, where),
  };
}

/** Parses a policy document given as JSON text or as an object. */
export function parsePolicy(document: unknown, source: string): PolicyDocument {
  let value = document;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (error) {
      throw new PolicyError(source, `not valid JSON (${(error as Error).message})`);
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new PolicyError(source, 'a policy document must be a JSON object');
  const statements = (value as Json).Statement;
  if (statements === undefined) throw new PolicyError(source, 'Statement is required');
  const items = Array.isArray(statements) ? statements : [statements];
  const version = (value as Json).Version;
  return { source, version: typeof version === 'string' ? version : undefined, statements: items.map((s, i) => statementOf(s, i, source)) };
}
