/**
 * The API Gateway Management API (`@connections`) over plain Node http, wire-compatible with
 * `@aws-sdk/client-apigatewaymanagementapi` (restJson1):
 *
 *   POST   {stage}/@connections/{id}   body = the message bytes      → 200
 *   GET    {stage}/@connections/{id}                                 → 200 {"connectedAt","lastActiveAt","identity":{"sourceIp","userAgent"}}
 *   DELETE {stage}/@connections/{id}                                 → 204
 *   unknown connection                                               → 410, x-amzn-ErrorType: GoneException
 *   message over 128 KB                                              → 413, PayloadTooLargeException
 *   the registry throws                                              → 500
 *
 * On the wire the GetConnection fields are camelCase (`connectedAt` …, ISO-8601); the SDK maps them
 * to `ConnectedAt`, `LastActiveAt`, `Identity.SourceIp`, `Identity.UserAgent`. Any path prefix
 * before `/@connections/` is accepted, so an SDK endpoint with a stage
 * (`http://127.0.0.1:3001/dev`) works. Request signatures are not checked.
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConnectionRegistry } from './connection-registry';

/** API Gateway's WebSocket message size limit. */
export const MAX_PAYLOAD_BYTES = 128 * 1024;

/** One Management API call, for IAM (`execute-api:ManageConnections`). */
export interface ManagementCall {
  readonly method: string;
  /** The path before `/@connections/`, e.g. `/live`. */
  readonly stagePath: string;
  readonly connectionId: string;
  readonly headers: http.IncomingHttpHeaders;
}

export interface ManagementApiOptions {
  readonly registry: ConnectionRegistry;
  /** IAM: the AccessDenied message when the caller may not make the call, else undefined. @default every call allowed */
  readonly authorize?: (call: ManagementCall) => string | undefined;
  /** @default 128 KB */
  readonly maxPayloadBytes?: number;
}

const CONNECTIONS_PATH = /^(.*)\/@connections\/([^/?#]+)\/?$/;

function sendJson(res: http.ServerResponse, status: number, body?: unknown, errorType?: string): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(text);
}

function gone(res: http.ServerResponse, connectionId: string): void {
  sendJson(res, 410, { message: `Connection ${connectionId} is gone` }, 'GoneException');
}

/** A Node http request listener implementing the Management API on `options.registry`. */
export function createManagementApiHandler(options: ManagementApiOptions | ConnectionRegistry): http.RequestListener {
  const { registry, maxPayloadBytes = MAX_PAYLOAD_BYTES, authorize } = 'registry' in options ? options : { registry: options, authorize: undefined };
  return (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxPayloadBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('error', () => sendJson(res, 400, { message: 'request aborted' }, 'BadRequestException'));
    req.on('end', () => {
      route().catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { message: `internal error: ${String(error)}` }, 'InternalServerErrorException');
      });
    });
    const route = async (): Promise<void> => {
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
      const match = CONNECTIONS_PATH.exec(pathname);
      if (!match) {
        sendJson(res, 404, { message: `No route for ${req.method} ${pathname}` }, 'NotFoundException');
        return;
      }
      let connectionId: string;
      try {
        connectionId = decodeURIComponent(match[2] as string);
      } catch {
        sendJson(res, 400, { message: 'malformed connection id' }, 'BadRequestException');
        return;
      }
      // API Gateway answers an IAM denial with 403 ForbiddenException before looking at the connection.
      const denied = authorize?.({ method: req.method ?? 'GET', stagePath: match[1] as string, connectionId, headers: req.headers });
      if (denied) {
        sendJson(res, 403, { message: denied }, 'ForbiddenException');
        return;
      }
      switch (req.method) {
        case 'POST': {
          if (tooLarge) {
            sendJson(res, 413, { message: `Message exceeds ${maxPayloadBytes} bytes` }, 'PayloadTooLargeException');
            return;
          }
          if (await registry.post(connectionId, Buffer.concat(chunks))) sendJson(res, 200);
          else gone(res, connectionId);
          return;
        }
        case 'GET': {
          const info = await registry.get(connectionId);
          if (!info) {
            gone(res, connectionId);
            return;
          }
          sendJson(res, 200, {
            connectedAt: info.connectedAt.toISOString(),
            lastActiveAt: info.lastActiveAt.toISOString(),
            identity: { sourceIp: info.sourceIp ?? '127.0.0.1', userAgent: info.userAgent ?? '' },
          });
          return;
        }
        case 'DELETE': {
          if (await registry.delete(connectionId)) sendJson(res, 204);
          else gone(res, connectionId);
          return;
        }
        default:
          sendJson(res, 405, { message: `Method ${req.method} not allowed` }, 'MethodNotAllowedException');
      }
    };
  };
}

export interface ManagementApiServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `url` + `/<stage>` when a stage was given: the WEBSOCKET_MANAGEMENT_ENDPOINT to configure. */
  readonly endpoint: string;
  readonly server: http.Server;
  close(): Promise<void>;
}

/** Starts a Management API server (port 0 = any free port). */
export async function startManagementApiServer(
  options: ManagementApiOptions & { readonly port?: number; readonly host?: string; readonly stage?: string },
): Promise<ManagementApiServer> {
  const server = http.createServer(createManagementApiHandler(options));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    url,
    endpoint: options.stage ? `${url}/${options.stage}` : url,
    server,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
