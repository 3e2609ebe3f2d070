/**
 * Exponential backoff with jitter for target retries (EventBridge and Scheduler). Neither documents its schedule
 * (only "exponential back off and jitter", 185 attempts over 24 hours by default); this one doubles
 * from 1 s up to 8 minutes and picks a delay in the upper half of each step.
 */
export const BACKOFF_BASE_SECONDS = 1;
export const BACKOFF_CAP_SECONDS = 480;

/** Nominal delay in seconds before retry number `retry` (1-based). */
export function backoffSeconds(retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** Math.max(0, retry - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}

export interface RetryDecision {
  readonly retry: boolean;
  /** Set when retries ended because of the policy (for EXHAUSTED_RETRY_CONDITION). */
  readonly exhausted?: 'MaximumRetryAttempts' | 'MaximumEventAgeInSeconds';
  readonly delaySeconds?: number;
}

/**
 * Whether to retry after a failed attempt.
 * @param retriesMade retries already made (attempts - 1)
 * @param ageSeconds nominal age of the event now
 */
export function decideRetry(
  policy: { maximumRetryAttempts: number; maximumEventAgeInSeconds: number },
  retriesMade: number,
  ageSeconds: number,
  random: () => number = Math.random,
): RetryDecision {
  if (retriesMade >= policy.maximumRetryAttempts) return { retry: false, exhausted: 'MaximumRetryAttempts' };
  const delaySeconds = backoffSeconds(retriesMade + 1, random);
  if (ageSeconds + delaySeconds > policy.maximumEventAgeInSeconds) return { retry: false, exhausted: 'MaximumEventAgeInSeconds' };
  return { retry: true, delaySeconds };
}
