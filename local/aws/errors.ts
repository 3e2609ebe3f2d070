/**
 * A service error as AWS reports it: a code (the error shape name), a message, an HTTP status and
 * optional extra members of the error shape (e.g. `Reason` of Lambda's TooManyRequestsException).
 */
export class AwsServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly statusCode = 400,
    readonly extra: Record<string, unknown> = {},
    /** `Sender` (client fault) or `Receiver` (server fault), for query-compatible error headers. */
    readonly fault: 'Sender' | 'Receiver' = statusCode >= 500 ? 'Receiver' : 'Sender',
    /** The awsQuery error code when it differs from the shape name (SQS). */
    readonly queryCode?: string,
  ) {
    super(message);
    this.name = code;
  }
}

export function isAwsServiceError(error: unknown): error is AwsServiceError {
  return error instanceof AwsServiceError;
}

/** The error Smithy validation produces for a missing or malformed member. */
export function validationError(message: string): AwsServiceError {
  return new AwsServiceError('ValidationException', message, 400);
}

/**
 * The ValidationException a Smithy service answers for constraint violations, each worded
 * "Value '<value>' at '<member path>' failed to satisfy constraint: <constraint>".
 */
export function constraintViolations(violations: readonly string[]): AwsServiceError {
  const count = violations.length === 1 ? '1 validation error' : `${violations.length} validation errors`;
  return validationError(`${count} detected: ${violations.join('; ')}`);
}

/** One violation of {@link constraintViolations}. */
export function violation(value: unknown, path: string, constraint: string): string {
  return `Value '${String(value)}' at '${path}' failed to satisfy constraint: ${constraint}`;
}
