/**
 * The game's REST requests as a client sends them, in one place: when a request's shape changes (the
 * player moving from the body into a token, say) the tests that only need "a capture" or "a cart item"
 * change here.
 */

/** What the REST API answered; `undefined` when the connection failed before any answer. */
export interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

async function post(url: string, body: unknown): Promise<Answer | undefined> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch {
    return undefined;
  }
  const text = await response.text().catch(() => '');
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = { raw: text };
  }
  return { status: response.status, body: parsed };
}

/** `POST /captures`: `player` tries to capture `fakemon`; a 202 carries the `attemptId`. */
export function postCapture(restUrl: string, player: string, fakemon: string): Promise<Answer | undefined> {
  return post(`${restUrl}/captures`, { player, fakemon });
}

/** `POST /carts/{cartId}/items`: a 202 means the `cart.item_added` event is on the bus. */
export function postCartItem(restUrl: string, cartId: string, item: { user: string; product: string; quantity: number }): Promise<Answer | undefined> {
  return post(`${restUrl}/carts/${encodeURIComponent(cartId)}/items`, item);
}
