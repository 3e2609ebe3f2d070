import WebSocket from 'ws';
import { now } from './stats';

/** A `capture_result` as it arrived, with the monotonic time of arrival. */
export interface TimedResult {
  readonly attemptId: string;
  readonly outcome: string;
  readonly at: number;
  readonly player: string;
}

/**
 * A signed-in player on the WebSocket API (`?token=<ID token>`) that timestamps every `capture_result` on
 * arrival (before anything else is done with it) and counts the other messages.
 */
export class BenchPlayer {
  readonly results: TimedResult[] = [];
  /** World updates received: `<change> <fakemon>`, in order of arrival. */
  readonly worldUpdates: string[] = [];
  otherMessages = 0;
  private answers: Array<(message: Record<string, unknown>) => void> = [];
  /** Size in bytes of every message received, in order of arrival. */
  readonly messageBytes: number[] = [];
  private listeners: Array<(r: TimedResult) => void> = [];

  private constructor(
    readonly name: string,
    /** The player's ID token (the REST API's `Authorization`). */
    readonly token: string,
    private readonly socket: WebSocket,
  ) {
    socket.on('message', (data) => {
      const at = now();
      this.messageBytes.push(Array.isArray(data) ? data.reduce((sum, b) => sum + b.length, 0) : Buffer.isBuffer(data) ? data.length : data.byteLength);
      const message = JSON.parse(data.toString()) as { type?: string; attemptId?: unknown; outcome?: unknown; change?: unknown; fakemon?: unknown };
      if (message.type === 'capture_result' && typeof message.attemptId === 'string') {
        const result = { attemptId: message.attemptId, outcome: String(message.outcome), at, player: name };
        this.results.push(result);
        for (const listener of this.listeners) listener(result);
      } else {
        if (message.type === 'world') this.worldUpdates.push(`${String(message.change)} ${String(message.fakemon)}`);
        if (message.type === 'watching' || message.type === 'error') for (const answer of this.answers.splice(0)) answer(message as Record<string, unknown>);
        this.otherMessages++;
      }
    });
  }

  static connect(url: string, name: string, token: string, timeoutMs = 30_000): Promise<BenchPlayer> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`${url}?token=${encodeURIComponent(token)}`);
      const timer = setTimeout(() => {
        socket.terminate();
        reject(new Error(`${name}: WebSocket not open after ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('open', () => {
        clearTimeout(timer);
        resolve(new BenchPlayer(name, token, socket));
      });
      socket.once('unexpected-response', (_req, res) => {
        clearTimeout(timer);
        reject(new Error(`${name}: connection refused with HTTP ${res.statusCode}`));
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  /** Watches the world around `position` (`{"action":"watch",…}`) and waits for the answer; throws on an error answer. */
  watch(position: { readonly lat: number; readonly lng: number }, timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: no answer to watch within ${timeoutMs} ms`)), timeoutMs);
      this.answers.push((answer) => {
        clearTimeout(timer);
        if (answer.type === 'watching') resolve();
        else reject(new Error(`${this.name}: watch answered ${JSON.stringify(answer)}`));
      });
      this.socket.send(JSON.stringify({ action: 'watch', ...position }));
    });
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  onResult(listener: (r: TimedResult) => void): void {
    this.listeners.push(listener);
  }

  /** Forgets every result listener. */
  offResult(): void {
    this.listeners = [];
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.socket.terminate();
        resolve();
      }, 5000);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.socket.close();
    });
  }
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function withConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  });
  await Promise.all(workers);
  return out;
}
