/**
 * What players receive on the WebSocket (the client contract). Delivery is at least once: a retried event is pushed
 * again, so clients deduplicate on `attemptId` (results) and on `fakemon` + `change` (world updates).
 *
 * - `capture_result`, to the attempting player's connections only (deliver-result):
 *   `{"type":"capture_result","attemptId","fakemon","outcome":"captured"}` or, on failure,
 *   `{"type":"capture_result","attemptId","fakemon","outcome":"<reason>","reason":"<reason>"}`;
 * - `world`, to the connections watching the change's cell or a neighbour of it (world-updates):
 *   `{"type":"world","change":"spawned","fakemon","species","expiresAt","lat","lng","cell"}` (drop it at
 *   `expiresAt`: it flees), `{"type":"world","change":"captured","fakemon","capturedAt","cell"}`,
 *   `{"type":"world","change":"fled","fakemon","cell"}`. A world update names no player: who captured what, and
 *   so where a player was, is not told to strangers nearby;
 * - the answers of the `watch` route, to the connection that sent it:
 *   `{"type":"watching","cell","cells":[…]}` or `{"type":"error","action":"watch","message"}`.
 */
import type { CaptureFailureReason } from './primitives';

export interface CaptureResultMessage {
  readonly type: 'capture_result';
  readonly attemptId: string;
  readonly fakemon: string;
  readonly outcome: 'captured' | CaptureFailureReason;
  readonly reason?: CaptureFailureReason;
}

export type WorldMessage =
  | {
      readonly type: 'world';
      readonly change: 'spawned';
      readonly fakemon: string;
      readonly species: string;
      readonly expiresAt: string;
      readonly lat: number;
      readonly lng: number;
      readonly cell: string;
    }
  | { readonly type: 'world'; readonly change: 'captured'; readonly fakemon: string; readonly capturedAt: string; readonly cell: string }
  | { readonly type: 'world'; readonly change: 'fled'; readonly fakemon: string; readonly cell: string };

export type WatchAnswer =
  | { readonly type: 'watching'; readonly cell: string; readonly cells: readonly string[] }
  | { readonly type: 'error'; readonly action: 'watch'; readonly message: string };

export type PlayerMessage = CaptureResultMessage | WorldMessage | WatchAnswer;

/** The bytes posted to a connection. */
export function encodeMessage(message: PlayerMessage): Uint8Array {
  return Buffer.from(JSON.stringify(message), 'utf8');
}
