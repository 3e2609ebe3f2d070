/**
 * Interest management, free of I/O: what a `watch` message asks for, and which watcher entries change. A connection
 * watches the cell of its position and the cells around it; it has one watcher entry per watched cell, so a world
 * change in a cell reaches it through a Query on that cell alone.
 */
import { watchMessageBody } from '../events/api-bodies';
import { parseWith, isContractViolation } from '../events/contract-violation';
import type { WebSocketMessageEvent } from '../events/invocations';
import { isPlayerName, PLAYER_NAME_RULE } from '../events/primitives';
import type { Position } from '../shared/play-area';

export type WatchRequest =
  | { readonly kind: 'watch'; readonly connectionId: string; readonly player: string; readonly position: Position }
  /** Answered on the socket with `{"type":"error","action":"watch","message"}` and this status (the route's response). */
  | { readonly kind: 'reject'; readonly statusCode: 400 | 403; readonly message: string };

/**
 * Reads a `watch` message: the player comes from the `$connect` authorizer's context (never from the message), the
 * body must be `{"action":"watch","lat":…,"lng":…}` and nothing else.
 */
export function readWatchRequest(event: WebSocketMessageEvent): WatchRequest {
  const { connectionId, authorizer } = event.requestContext;
  const player = authorizer?.player;
  if (player === undefined) return { kind: 'reject', statusCode: 403, message: 'the connection has no verified player' };
  if (!isPlayerName(player)) return { kind: 'reject', statusCode: 403, message: PLAYER_NAME_RULE };
  if (event.isBase64Encoded) return { kind: 'reject', statusCode: 400, message: 'a watch message is JSON text, not binary' };
  let body: unknown;
  try {
    body = JSON.parse(event.body ?? '');
  } catch {
    return { kind: 'reject', statusCode: 400, message: 'the message is not JSON' };
  }
  try {
    const { lat, lng } = parseWith('apiBodies.watch', watchMessageBody, body);
    return { kind: 'watch', connectionId, player, position: { lat, lng } };
  } catch (error) {
    if (isContractViolation(error)) return { kind: 'reject', statusCode: 400, message: error.message };
    throw error;
  }
}

/**
 * Watcher entries to write and to remove when a connection goes from watching `previous` to watching `next`. Every
 * cell of `next` is written again (an idempotent put): a watch that failed half-way is repaired by the next one.
 */
export function planWatch(previous: readonly string[], next: readonly string[]): { readonly put: string[]; readonly remove: string[] } {
  const keep = new Set(next);
  return { put: [...next], remove: previous.filter((cell) => !keep.has(cell)) };
}

/**
 * Entries this watch wrote that the connection no longer watches: a concurrent `watch` of the same connection
 * replaced its cells (or `$disconnect` removed the connection) while this one was writing.
 */
export function strayCells(written: readonly string[], current: readonly string[] | undefined): string[] {
  const keep = new Set(current ?? []);
  return written.filter((cell) => !keep.has(cell));
}
