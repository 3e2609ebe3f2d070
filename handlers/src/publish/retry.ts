/**
 * Which failed PutEvents entries are worth sending again, and when. EventBridge documents `InternalFailure` and
 * `ThrottlingException` as the retryable entry errors; every other code (`AccessDeniedException`,
 * `InvalidAccountIdException`, `InvalidArgument`, `MalformedDetail`, `RedactionFailure`,
 * `NotAuthorizedForSourceException`, `NotAuthorizedForDetailTypeException`, `ResourceNotFoundException` …) fails the
 * same way again.
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsResultEntry.html
 */

export const RETRYABLE_ENTRY_ERRORS: ReadonlySet<string> = new Set(['InternalFailure', 'ThrottlingException']);

export function isRetryableEntryError(code: string | undefined): boolean {
  return code !== undefined && RETRYABLE_ENTRY_ERRORS.has(code);
}

export interface BackoffOptions {
  /** Delay before the first retry. @default 100 */
  readonly baseDelayMs?: number;
  /** No delay is longer. @default 5000 */
  readonly maxDelayMs?: number;
}

/**
 * Exponential backoff with full jitter: a random delay in [0, min(max, base × 2^(retry-1))), so that producers
 * throttled together do not retry together. `retry` counts from 1; `random` returns [0, 1).
 */
export function backoffDelay(retry: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const base = options.baseDelayMs ?? 100;
  const cap = Math.min(options.maxDelayMs ?? 5000, base * 2 ** (retry - 1));
  return Math.floor(random() * cap);
}
