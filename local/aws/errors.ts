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
