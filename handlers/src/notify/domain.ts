/**
 * What players are told, free of I/O. Two message types go down the WebSocket:
 *
 * - `capture_result` to the attempting player's connections:
 *   `{"type":"capture_result","attemptId","fakemon","outcome":"captured"}` or, on failure,
 *   `{"type":"capture_result","attemptId","fakemon","outcome":"<reason>","reason":"<reason>"}`;
 * - `world` to every connection: `{"type":"world","change":"captured","fakemon","capturedBy","capturedAt"}`
 *   or `{"type":"world","change":"spawned","fakemon","species","expiresAt"}`.
 *
 * Delivery is at least once (a retried event is pushed again): clients deduplicate on attemptId /
 * fakemon + change.
 */
import type { AnyCatalogEvent } from '../events/envelope';
import type { CaptureFailureReason } from '../events/primitives';

export const NOTIFY_EVENTS = ['captureSucceeded', 'captureFailed', 'spawned'] as const;
export type NotifyEventName = (typeof NOTIFY_EVENTS)[number];

export interface CaptureResultMessage {
  readonly type: 'capture_result';
  readonly attemptId: string;
  readonly fakemon: string;
  readonly outcome: 'captured' | CaptureFailureReason;
  readonly reason?: CaptureFailureReason;
}

export type WorldMessage =
  | { readonly type: 'world'; readonly change: 'captured'; readonly fakemon: string; readonly capturedBy: string; readonly capturedAt: string }
  | { readonly type: 'world'; readonly change: 'spawned'; readonly fakemon: string; readonly species: string; readonly expiresAt: string };

export type PlayerMessage = CaptureResultMessage | WorldMessage;

export interface NotificationPlan {
  /** Sent to every connection of one player. */
  readonly toPlayer?: { readonly player: string; readonly message: CaptureResultMessage };
  /** Sent to every connection. */
  readonly broadcast?: WorldMessage;
}

export function planNotifications(parsed: AnyCatalogEvent<NotifyEventName>): NotificationPlan {
  switch (parsed.name) {
    case 'captureSucceeded': {
      const { attemptId, player, fakemon, capturedAt } = parsed.event.detail;
      return {
        toPlayer: { player, message: { type: 'capture_result', attemptId, fakemon, outcome: 'captured' } },
        broadcast: { type: 'world', change: 'captured', fakemon, capturedBy: player, capturedAt },
      };
    }
    case 'captureFailed': {
      const { attemptId, player, fakemon, reason } = parsed.event.detail;
      return { toPlayer: { player, message: { type: 'capture_result', attemptId, fakemon, outcome: reason, reason } } };
    }
    case 'spawned': {
      const { fakemon, species, expiresAt } = parsed.event.detail;
      return { broadcast: { type: 'world', change: 'spawned', fakemon, species, expiresAt } };
    }
  }
}

/** The bytes posted to a connection. */
export function encodeMessage(message: PlayerMessage): Uint8Array {
  return Buffer.from(JSON.stringify(message), 'utf8');
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
