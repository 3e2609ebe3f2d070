import * as z from 'zod/mini';
import { parseWith } from './contract-violation';
import { identifier, latitude, longitude, quantity } from './primitives';
// new:handler api body imports

/*
 * Request bodies never name the caller: the API takes the player from the token's claims. A body that still
 * names one (`player`, `user`) is an unknown property, refused at the edge with a 400.
 */

/** `POST /captures` body; with the caller and the attempt id it becomes the `fakemon.capture_attempt` detail. */
export const captureRequestBody = z.strictObject({ fakemon: identifier });

/** `POST /carts/{cartId}/items` body; with the path's cartId and the caller it becomes the `cart.item_added` detail. */
export const cartItemRequestBody = z.strictObject({ product: identifier, quantity });

/** `POST /carts/{cartId}/checkout` body (empty); with the path's cartId and the caller it becomes `cart.checked_out`. */
export const checkoutRequestBody = z.strictObject({});

/**
 * `{"action":"watch","lat":…,"lng":…}` on the WebSocket API (route `watch`, selected by `action`): the connection
 * watches the cell of this position and its neighbours, replacing what it watched before.
 */
export const watchMessageBody = z.strictObject({ action: z.literal('watch'), lat: latitude, lng: longitude });

export interface ApiBody<S extends z.ZodMiniType = z.ZodMiniType> {
  /** API Gateway model name (alphanumeric). */
  readonly modelName: string;
  readonly schema: S;
  readonly description: string;
}

/**
 * The request bodies of the APIs: the REST API validates its bodies at the edge (request models) before touching
 * the bus; the WebSocket `watch` message is validated by its function, which answers errors on the socket.
 */
export const apiBodies = {
  capture: {
    modelName: 'CaptureRequest',
    schema: captureRequestBody,
    description: 'A capture attempt: which fakémon the signed-in player tries to capture.',
  },
  cartItem: {
    modelName: 'CartItemRequest',
    schema: cartItemRequestBody,
    description: 'A product added to the cart named by the path.',
  },
  checkout: {
    modelName: 'CheckoutRequest',
    schema: checkoutRequestBody,
    description: 'Checks out the cart named by the path.',
  },
  watch: {
    modelName: 'WatchMessage',
    schema: watchMessageBody,
    description: 'A WebSocket message: watch the world around this position (the cell and its neighbours).',
  },
  // new:handler api bodies
} as const satisfies Record<string, ApiBody>;

export type ApiBodyName = keyof typeof apiBodies;
export type ApiBodyOf<N extends ApiBodyName> = z.infer<(typeof apiBodies)[N]['schema']>;

/** Parses a request body or throws a ContractViolation. */
export function parseApiBody<N extends ApiBodyName>(name: N, body: unknown): ApiBodyOf<N> {
  return parseWith(`apiBodies.${name}`, apiBodies[name].schema, body) as ApiBodyOf<N>;
}
