import type { StreamMessage } from '../../../../local/console/shared/api';

/** A reader of the console's server-sent event stream, over a real HTTP connection. */
export interface StreamReader {
  /** Every message received so far. */
  readonly messages: StreamMessage[];
  /** Resolves with the first message (received or to come) that satisfies `predicate`. */
  next(predicate: (message: StreamMessage) => boolean, timeoutMs?: number): Promise<StreamMessage>;
  close(): void;
}

export async function openStream(url: string): Promise<StreamReader> {
  const abort = new AbortController();
  const response = await fetch(url, { signal: abort.signal });
  if (response.status !== 200 || !response.body) throw new Error(`the stream answered ${response.status}`);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const messages: StreamMessage[] = [];
  const waiters: Array<() => void> = [];
  void (async () => {
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = frame.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          if (data) messages.push(JSON.parse(data) as StreamMessage);
        }
        for (const wake of waiters.splice(0)) wake();
      }
    } catch {
      // closed
    }
  })();
  return {
    messages,
    async next(predicate, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no such stream message within ${timeoutMs} ms (got ${messages.length})`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
    close: () => abort.abort(),
  };
}
