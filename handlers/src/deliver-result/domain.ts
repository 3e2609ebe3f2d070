/**
 * A player's own capture result, free of I/O. It has its own rule and function, apart from world updates, so a
 * result never waits behind broadcasts: its cost is the player's own connections, whatever happens around them.
 */
import type { AnyCatalogEvent } from '../events/envelope';
import type { CaptureResultMessage } from '../events/socket-messages';

export const RESULT_EVENTS = ['captureSucceeded', 'captureFailed'] as const;
export type ResultEventName = (typeof RESULT_EVENTS)[number];

/** Who is told, and what. */
export function resultMessage(parsed: AnyCatalogEvent<ResultEventName>): { readonly player: string; readonly message: CaptureResultMessage } {
  if (parsed.name === 'captureSucceeded') {
    const { attemptId, player, fakemon } = parsed.event.detail;
    return { player, message: { type: 'capture_result', attemptId, fakemon, outcome: 'captured' } };
  }
  const { attemptId, player, fakemon, reason } = parsed.event.detail;
  return { player, message: { type: 'capture_result', attemptId, fakemon, outcome: reason, reason } };
}

/**
 * Seconds a connection record counts as still connecting. ws-connect stores the record during `$connect`, and
 * API Gateway answers 410 for the connection until `$connect` returns (its integration timeout is 29 s), so a
 * 410 for a younger record must not delete it.
 */
export const CONNECTING_GRACE_SECONDS = 30;

/** Records written before this time (ISO-8601) are stale when their connection answers 410. */
export function staleCutoff(now: Date): string {
  return new Date(now.getTime() - CONNECTING_GRACE_SECONDS * 1000).toISOString();
}
