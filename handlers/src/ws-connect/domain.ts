import { identifier } from '../events/primitives';
import type { WebSocketEvent } from '../events/invocations';
import { epochSeconds } from '../shared/clock';

/** What to do with a WebSocket route event. */
export type ConnectionAction =
  | { readonly kind: 'connect'; readonly connectionId: string; readonly player: string }
  | { readonly kind: 'disconnect'; readonly connectionId: string }
  | { readonly kind: 'reject'; readonly statusCode: 400; readonly message: string };

/** `$connect?player=…` stores the connection, `$disconnect` removes it; anything else is refused. */
export function decideConnection(event: WebSocketEvent): ConnectionAction {
  const { routeKey, connectionId } = event.requestContext;
  if (routeKey === '$disconnect') return { kind: 'disconnect', connectionId };
  if (routeKey !== '$connect') return { kind: 'reject', statusCode: 400, message: `unsupported route ${routeKey}` };
  const player = event.queryStringParameters?.player;
  if (player === undefined) return { kind: 'reject', statusCode: 400, message: 'the player query string parameter is required' };
  const valid = identifier.safeParse(player);
  if (!valid.success) return { kind: 'reject', statusCode: 400, message: 'player must be 1 to 64 characters' };
  return { kind: 'connect', connectionId, player: valid.data };
}

export function connectionRecord(connectionId: string, player: string, now: Date, ttlSeconds: number) {
  return { connectionId, player, connectedAt: now.toISOString(), expiresAt: epochSeconds(now) + ttlSeconds };
}
