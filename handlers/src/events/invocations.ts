import * as z from 'zod/mini';
import { identifier } from './primitives';

/** Most fakémon one spawn invocation creates. */
export const MAX_SPAWN = 100;

/**
 * Input of the spawn function (set by the EventBridge Scheduler schedule):
 * `{"count": n}` spawns n fakémon with generated ids; `{"fakemon": ["id", …]}` (re)spawns these ids.
 */
export const spawnInput = z.union([
  z.strictObject({ count: z.int().check(z.minimum(1), z.maximum(MAX_SPAWN)) }),
  z.strictObject({
    fakemon: z
      .array(identifier)
      .check(
        z.minLength(1),
        z.maxLength(MAX_SPAWN),
        z.refine((ids) => new Set(ids).size === ids.length, { message: 'fakemon ids must be unique' }),
      ),
  }),
]);
export type SpawnInput = z.infer<typeof spawnInput>;

/** The part of an API Gateway WebSocket `$connect` / `$disconnect` event ws-connect reads. */
export const webSocketEvent = z.looseObject({
  requestContext: z.looseObject({
    routeKey: z.string().check(z.minLength(1)),
    connectionId: z.string().check(z.minLength(1)),
    eventType: z.optional(z.string()),
    connectedAt: z.optional(z.number()),
    identity: z.optional(z.looseObject({ sourceIp: z.optional(z.string()) })),
  }),
  queryStringParameters: z.nullish(z.record(z.string(), z.optional(z.string()))),
});
export type WebSocketEvent = z.infer<typeof webSocketEvent>;
