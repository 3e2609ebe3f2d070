import WebSocket from 'ws';

/** A message a player received over the WebSocket. */
export type PlayerMessage = Record<string, unknown> & { type: string };

/** A player connected to the WebSocket API, collecting every message it receives. */
export class Player {
  public readonly messages: PlayerMessage[] = [];
  private waiters: Array<() => void> = [];

  private constructor(
    public readonly name: string,
    private readonly socket: WebSocket,
  ) {
    socket.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()) as PlayerMessage);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** Connects `?player=<name>`; rejects with the HTTP status if the connection is refused. */
  public static connect(url: string, name: string): Promise<Player> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`${url}?player=${encodeURIComponent(name)}`);
      socket.once('open', () => resolve(new Player(name, socket)));
      socket.once('unexpected-response', (_req, res) => reject(new Error(`connection refused with HTTP ${res.statusCode}`)));
      socket.once('error', reject);
    });
  }

  /** Waits for a message matching `predicate` (already received or arriving within `timeoutMs`). */
  public async waitFor(predicate: (m: PlayerMessage) => boolean, timeoutMs = 10_000): Promise<PlayerMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(predicate);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.name}: no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.messages)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Closes the connection and waits for the close to complete. */
  public close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}

/** POSTs JSON (or a raw string) and returns status and parsed body. */
export async function postJson(url: string, body: unknown, raw = false): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw ? String(body) : JSON.stringify(body) });
  const text = await response.text();
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = { raw: text };
  }
  return { status: response.status, body: parsed };
}
