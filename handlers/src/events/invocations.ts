import * as z from 'zod/mini';
import { identifier, latitude, longitude } from './primitives';

/** Most fakémon one spawn invocation creates. */
export const MAX_SPAWN = 100;

/** A position: where to spawn (`at` of the spawn input). */
export const position = z.strictObject({ lat: latitude, lng: longitude });

/**
 * Input of the spawn function (set by the EventBridge Scheduler schedule):
 * `{"count": n}` spawns n fakémon with generated ids; `{"fakemon": ["id", …]}` (re)spawns these ids. Each lands at
 * a random position of the play area, or at `at` (which must be inside the play area) when given.
 */
export const spawnInput = z.union([
  z.strictObject({ count: z.int().check(z.minimum(1), z.maximum(MAX_SPAWN)), at: z.optional(position) }),
  z.strictObject({
    at: z.optional(position),
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
    /** What the `$connect` authorizer returned in its context (values are strings), plus its `principalId`. */
    authorizer: z.nullish(z.record(z.string(), z.unknown())),
  }),
  queryStringParameters: z.nullish(z.record(z.string(), z.optional(z.string()))),
});
export type WebSocketEvent = z.infer<typeof webSocketEvent>;

/** The part of an API Gateway WebSocket message event (a route such as `watch`) a route's function reads. */
export const webSocketMessageEvent = z.looseObject({
  requestContext: z.looseObject({
    routeKey: z.string().check(z.minLength(1)),
    connectionId: z.string().check(z.minLength(1)),
    eventType: z.optional(z.string()),
    authorizer: z.nullish(z.record(z.string(), z.unknown())),
  }),
  body: z.nullish(z.string()),
  isBase64Encoded: z.optional(z.boolean()),
});
export type WebSocketMessageEvent = z.infer<typeof webSocketMessageEvent>;

/**
 * The part of an API Gateway WebSocket `REQUEST` authorizer event the `$connect` authorizer reads: the route's
 * ARN and the query string (browsers cannot set headers on a WebSocket, so the token travels as `?token=`).
 */
export const webSocketAuthorizerEvent = z.looseObject({
  type: z.literal('REQUEST'),
  methodArn: z.string().check(z.minLength(1)),
  queryStringParameters: z.nullish(z.record(z.string(), z.optional(z.string()))),
  requestContext: z.optional(z.looseObject({ connectionId: z.optional(z.string()), routeKey: z.optional(z.string()) })),
});
export type WebSocketAuthorizerEvent = z.infer<typeof webSocketAuthorizerEvent>;

/** The part of a Cognito pre sign-up trigger event the pre-sign-up function reads and answers. */
export const preSignUpEvent = z.looseObject({
  triggerSource: z.string().check(z.minLength(1)),
  userPoolId: z.string().check(z.minLength(1)),
  userName: z.string(),
  response: z.looseObject({
    autoConfirmUser: z.optional(z.boolean()),
    autoVerifyEmail: z.optional(z.boolean()),
    autoVerifyPhone: z.optional(z.boolean()),
  }),
});
export type PreSignUpEvent = z.infer<typeof preSignUpEvent>;
