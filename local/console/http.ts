/**
 * The console's HTTP surface below `/_local/console/`: the page, its JSON API under `api/`, and the event stream.
 * Errors come back as `{"error": …}` with a 4xx status, so the page can show them as they are.
 */
import type * as http from 'node:http';
import { ConsoleRequestError, MAX_TABLE_PAGE } from './actions';
import { CONSOLE_PATH } from './shared/api';

/** One JSON route: answers the value to send, or throws a {@link ConsoleRequestError}. */
export type JsonRoute = (request: { readonly params: readonly string[]; readonly query: URLSearchParams; readonly body: unknown }) => unknown | Promise<unknown>;

/** What the router serves. */
export interface ConsoleRoutes {
  /** `GET api/stream`. */
  readonly stream: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  /** `"GET tables/*"` → route; `*` matches one path segment, given in `params`. */
  readonly api: Readonly<Record<string, JsonRoute>>;
  /** Everything else (GET): the built page. */
  readonly page: (relativePath: string, res: http.ServerResponse) => Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

export function consoleRequestHandler(routes: ConsoleRoutes): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const table = Object.entries(routes.api).map(([key, route]) => {
    const [method, pattern] = key.split(' ');
    return { method, segments: pattern.split('/'), route };
  });
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname === CONSOLE_PATH) {
      res.writeHead(301, { location: `${CONSOLE_PATH}/${url.search}` });
      res.end();
      return;
    }
    const relativePath = url.pathname.slice(CONSOLE_PATH.length + 1);
    if (relativePath === 'api/stream' && method === 'GET') {
      routes.stream(req, res);
      return;
    }
    if (relativePath.startsWith('api/')) {
      let segments: string[];
      try {
        segments = relativePath.slice('api/'.length).split('/').map(decodeURIComponent);
      } catch {
        sendJson(res, 400, { error: `the path ${url.pathname} is not valid percent-encoding` });
        return;
      }
      const match = table.find((r) => r.method === method && r.segments.length === segments.length && r.segments.every((s, i) => s === '*' || s === segments[i]));
      if (!match) {
        sendJson(res, 404, { error: `no console API ${method} ${url.pathname}` });
        return;
      }
      const params = segments.filter((_, i) => match.segments[i] === '*');
      void readJson(req)
        .then((body) => match.route({ params, query: url.searchParams, body }))
        .then(
          (value) => sendJson(res, 200, value ?? {}),
          (error: unknown) => {
            if (error instanceof ConsoleRequestError) sendJson(res, error.status, { error: error.message, ...(error.problems ? { problems: error.problems } : {}) });
            else sendJson(res, 500, { error: (error as Error)?.message ?? String(error) });
          },
        );
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      sendJson(res, 405, { error: `${method} is not allowed on the page` });
      return;
    }
    void routes.page(relativePath, res).catch((error: unknown) => sendJson(res, 500, { error: (error as Error)?.message ?? String(error) }));
  };
}

/** The `limit` query parameter of a table page. */
export function limitOf(query: URLSearchParams, fallback = 25): number {
  const text = query.get('limit');
  if (text === null) return fallback;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TABLE_PAGE) throw new ConsoleRequestError(400, `limit must be an integer from 1 to ${MAX_TABLE_PAGE}`);
  return limit;
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ConsoleRequestError(413, 'the request body is over 1 MiB');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ConsoleRequestError(400, 'the request body is not valid JSON');
  }
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  if (res.headersSent) return;
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), 'cache-control': 'no-store' });
  res.end(body);
}
