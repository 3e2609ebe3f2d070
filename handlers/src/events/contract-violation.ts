import type { z } from 'zod';

export interface ContractProblem {
  /** Dotted path of the offending value, e.g. `detail.player` ('' for the value itself). */
  readonly path: string;
  readonly message: string;
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

export function problemsOf(error: z.ZodError, prefix: readonly PropertyKey[] = []): ContractProblem[] {
  return error.issues.map((issue) => ({
    path: formatPath([...prefix, ...issue.path]),
    message: issue.message,
    code: issue.code,
  }));
}

/** Parses `value` with `schema` or throws a {@link ContractViolation} naming every problem. */
export function parseWith<S extends z.ZodType>(contract: string, schema: S, value: unknown, prefix: readonly PropertyKey[] = []): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ContractViolation(contract, problemsOf(result.error, prefix));
  return result.data;
}
