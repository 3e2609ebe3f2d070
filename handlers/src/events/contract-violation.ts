import type * as z from 'zod/mini';

export interface ContractProblem {
  /** Dotted path of the offending value, e.g. `detail.player` ('' for the value itself). */
  readonly path: string;
  readonly message: string;
  /** The zod issue code (`too_small`, `invalid_type`, `unrecognized_keys` …) or `invalid_value`. */
  readonly code: string;
}

/** Input that does not satisfy its contract. Retrying will not help: the message is malformed. */
export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';

  constructor(
    /** The contract that was violated, e.g. `captureAttempt` or `apiBodies.capture`. */
    readonly contract: string,
    readonly issues: readonly ContractProblem[],
  ) {
    super(`${contract} violates its contract: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`);
  }
}

export function isContractViolation(error: unknown): error is ContractViolation {
  return error instanceof ContractViolation;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[');
}

type Issue = z.core.$ZodIssue;

const unit = (origin: string | undefined, n: number | bigint): string =>
  origin === 'string' ? ` character${n === 1 ? '' : 's'}` : origin === 'array' || origin === 'set' ? ` item${n === 1 ? '' : 's'}` : '';

/** A readable message for a zod issue (zod/mini ships no locale: its own messages are just "Invalid input"). */
export function describeIssue(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'too_small': {
      const n = issue.minimum;
      if (issue.origin === 'string' || issue.origin === 'array' || issue.origin === 'set') return `must have at least ${n}${unit(issue.origin, n)}`;
      return `must be ${issue.inclusive === false ? '>' : '>='} ${n}`;
    }
    case 'too_big': {
      const n = issue.maximum;
      if (issue.origin === 'string' || issue.origin === 'array' || issue.origin === 'set') return `must have at most ${n}${unit(issue.origin, n)}`;
      return `must be ${issue.inclusive === false ? '<' : '<='} ${n}`;
    }
    case 'invalid_format':
      return issue.format === 'regex' && issue.pattern ? `must match ${issue.pattern}` : `must be a valid ${issue.format}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    case 'invalid_union': {
      const branches = (issue.errors ?? []).map((branch) => branch.map((i) => `${formatPath(i.path) || '(value)'} ${describeIssue(i)}`).join(', '));
      return branches.length > 0 ? `matches none of the allowed shapes (${branches.join(' | ')})` : 'matches none of the allowed shapes';
    }
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    default:
      return issue.message && issue.message !== 'Invalid input' ? issue.message : `invalid (${issue.code})`;
  }
}

export function problemsOf(error: { readonly issues: readonly Issue[] }, prefix: readonly PropertyKey[] = []): ContractProblem[] {
  return error.issues.map((issue) => ({ path: formatPath([...prefix, ...issue.path]), message: describeIssue(issue), code: issue.code }));
}

/** Parses `value` with `schema` or throws a {@link ContractViolation} naming every problem. */
export function parseWith<S extends z.ZodMiniType>(contract: string, schema: S, value: unknown, prefix: readonly PropertyKey[] = []): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ContractViolation(contract, problemsOf(result.error, prefix));
  return result.data;
}
