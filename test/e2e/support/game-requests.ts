/**
 * The game's REST requests as a client sends them, in one place: when a request's shape changes (the
 * player moving from the body into a token, say) the tests that only need "a capture" or "a cart item"
 * change here.
 */
import { postJson } from './player';

/** What the REST API answered; `undefined` when the connection failed before any answer. */
export interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** A connection cut before the whole answer arrived (the runtime was killed) is no answer. */
function post(url: string, body: unknown, token: string): Promise<Answer | undefined> {
  return postJson(url, body, { token }).catch(() => undefined);
}

/** `POST /captures`: the player whose ID token is `token` tries to capture `fakemon`; a 202 carries the `attemptId`. */
export function postCapture(restUrl: string, token: string, fakemon: string): Promise<Answer | undefined> {
  return post(`${restUrl}/captures`, { fakemon }, token);
}

/** `POST /carts/{cartId}/items` as the player whose ID token is `token`: a 202 means `cart.item_added` is on the bus. */
export function postCartItem(restUrl: string, token: string, cartId: string, item: { product: string; quantity: number }): Promise<Answer | undefined> {
  return post(`${restUrl}/carts/${encodeURIComponent(cartId)}/items`, item, token);
}
