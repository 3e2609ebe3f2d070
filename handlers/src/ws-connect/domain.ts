import type { WebSocketEvent } from '../events/invocations';
import { isPlayerName, PLAYER_NAME_RULE } from '../events/primitives';
import { epochSeconds } from '../shared/clock';

/** What to do with a WebSocket route event. */
export type ConnectionAction =
  | { readonly kind: 'connect'; readonly connectionId: string; readonly player: string }
  | { readonly kind: 'disconnect'; readonly connectionId: string }
  | { readonly kind: 'reject'; readonly statusCode: 400 | 403; readonly message: string };

/**
 * `$connect` stores the connection under the player the `$connect` authorizer verified (its context's `player`;
 * the query string means nothing here), `$disconnect` removes it; anything else is refused. A connection
 * without a verified player is refused: the route is only reachable through the authorizer, so its absence is
 * a misconfiguration, never a reason to trust the client.
 */
export function decideConnection(event: WebSocketEvent): ConnectionAction {
  const { routeKey, connectionId } = event.requestContext;
  if (routeKey === '$disconnect') return { kind: 'disconnect', connectionId };
  if (routeKey !== '$connect') return { kind: 'reject', statusCode: 400, message: `unsupported route ${routeKey}` };
  const player = event.requestContext.authorizer?.player;
  if (player === undefined) return { kind: 'reject', statusCode: 403, message: 'the connection has no verified player' };
  if (!isPlayerName(player)) return { kind: 'reject', statusCode: 403, message: PLAYER_NAME_RULE };
  return { kind: 'connect', connectionId, player };
}

export function connectionRecord(connectionId: string, player: string, now: Date, ttlSeconds: number) {
  return { connectionId, player, connectedAt: now.toISOString(), expiresAt: epochSeconds(now) + ttlSeconds };
}
