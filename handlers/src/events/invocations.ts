import { z } from 'zod';
import { identifier } from './primitives';

/** Most fakémon one spawn invocation creates. */
export const MAX_SPAWN = 100;

/**
 * Input of the spawn function (set by the EventBridge Scheduler schedule):
 * `{"count": n}` spawns n fakémon with generated ids; `{"fakemon": ["id", …]}` (re)spawns these ids.
 */
export const spawnInput = z.union([
  z.strictObject({ count: z.number().int().min(1).max(MAX_SPAWN) }),
  z.strictObject({
    fakemon: z
      .array(identifier)
      .min(1)
      .max(MAX_SPAWN)
      .refine((ids) => new Set(ids).size === ids.length, { message: 'fakemon ids must be unique' }),
  }),
]);
export type SpawnInput = z.infer<typeof spawnInput>;

/** The part of an API Gateway WebSocket `$connect` / `$disconnect` event ws-connect reads. */
export const webSocketEvent = z.looseObject({
  requestContext: z.looseObject({
    routeKey: z.string().min(1),
    connectionId: z.string().min(1),
    eventType: z.string().optional(),
    connectedAt: z.number().optional(),
    identity: z.looseObject({ sourceIp: z.string().optional() }).optional(),
  }),
  queryStringParameters: z.record(z.string(), z.string().optional()).nullish(),
});
export type WebSocketEvent = z.infer<typeof webSocketEvent>;
