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
function post(url: string, body: unknown): Promise<Answer | undefined> {
  return postJson(url, body).catch(() => undefined);
}

/** `POST /captures`: `player` tries to capture `fakemon`; a 202 carries the `attemptId`. */
export function postCapture(restUrl: string, player: string, fakemon: string): Promise<Answer | undefined> {
  return post(`${restUrl}/captures`, { player, fakemon });
}

/** `POST /carts/{cartId}/items`: a 202 means the `cart.item_added` event is on the bus. */
export function postCartItem(restUrl: string, cartId: string, item: { user: string; product: string; quantity: number }): Promise<Answer | undefined> {
  return post(`${restUrl}/carts/${encodeURIComponent(cartId)}/items`, item);
}
