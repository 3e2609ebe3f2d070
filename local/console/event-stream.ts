/**
 * The console's server-sent event stream: each page that opens it gets a snapshot, then one message per thing
 * that happens, pushed as it happens (no polling). Messages of one turn of the event loop go out in one write;
 * a page that stops reading (more than {@link MAX_BUFFERED_BYTES} waiting) is disconnected, and its browser
 * reconnects and starts again from a fresh snapshot, so a slow page never makes the runtime hold its backlog.
 */
import type * as http from 'node:http';
import type { StreamMessage } from './shared/api';

/** Bytes a page may leave unread before it is disconnected. */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

interface Client {
  readonly res: http.ServerResponse;
  pending: string[];
}

export class EventStreamHub {
  private readonly clients = new Set<Client>();
  private flushScheduled = false;

  /** Takes over a request: answers with an event stream that starts with `snapshot`. */
  open(req: http.IncomingMessage, res: http.ServerResponse, snapshot: StreamMessage): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    // Tells the browser how long to wait before reconnecting after the runtime restarts.
    res.write('retry: 1000\n\n');
    const client: Client = { res, pending: [frame(snapshot)] };
    this.clients.add(client);
    const close = (): void => {
      this.clients.delete(client);
    };
    req.on('close', close);
    res.on('close', close);
    this.scheduleFlush();
  }

  get size(): number {
    return this.clients.size;
  }

  /** Sends a message to every open page. */
  broadcast(message: StreamMessage): void {
    if (this.clients.size === 0) return;
    const text = frame(message);
    for (const client of this.clients) client.pending.push(text);
    this.scheduleFlush();
  }

  /** Ends every stream. */
  close(): void {
    for (const client of this.clients) client.res.end();
    this.clients.clear();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      for (const client of this.clients) {
        if (client.pending.length === 0) continue;
        if (client.res.destroyed || client.res.writableEnded) {
          this.clients.delete(client);
          continue;
        }
        const chunk = client.pending.join('');
        client.pending = [];
        if (client.res.writableLength + chunk.length > MAX_BUFFERED_BYTES) {
          this.clients.delete(client);
          client.res.destroy();
          continue;
        }
        client.res.write(chunk);
      }
    });
  }
}

function frame(message: StreamMessage): string {
  return `data: ${JSON.stringify(message)}\n\n`;
}
