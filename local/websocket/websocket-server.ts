/**
 * A local API Gateway WebSocket API (one stage) with Lambda proxy routes, served by the `ws` package on a Node
 * `http.Server`, and the stage's Management API (`@connections`) on the same server.
 *
 *   ws://host:port/<stage>?token=<ID token>        players connect here
 *   http://host:port/<stage>/@connections/<id>     POST / GET / DELETE (management-api.ts)
 *
 * As API Gateway does it:
 * - with a `$connect` authorizer (Lambda REQUEST), the upgrade request first needs every identity source (e.g.
 *   `?token=`), else 401 without calling it; the function then gets a REQUEST authorizer event: failing with
 *   exactly `Unauthorized` answers 401, any other failure 500, a policy that does not allow
 *   `execute-api:Invoke` on the route's ARN 403; an allowed connection carries the policy's `principalId` and
 *   `context` (values as strings) in `requestContext.authorizer` of every event of the connection
 *   (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html);
 * - on the upgrade request, `$connect` is invoked synchronously with an API-Gateway-shaped event; a non-2xx
 *   `statusCode` refuses the connection with that HTTP status on the upgrade response, an invocation error
 *   refuses it with 500; no `$connect` route, no result, or no `statusCode` accepts it;
 * - on close, `$disconnect` is invoked (best effort, its result is ignored) with the close code and reason;
 * - an inbound message is routed by the route selection expression (`$request.body.action` by default) to that
 *   route, else to `$default`; with neither, the message is ignored (AWS answers `{"message":"Forbidden"}`; the
 *   local API stays quiet so clients only see what handlers push);
 * - a route with two-way communication (a `$default` route response) sends the integration's `body` back to the
 *   client as one message, whatever its `statusCode`; without a body nothing is sent
 *   (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-response.html);
 * - a message over 128 KB closes the connection with 1009;
 * - a connection lasts at most two hours (API Gateway's quota "Connection duration for WebSocket API"): then the
 *   server closes it with 1001 and `$disconnect` runs, on the local clock when one is given (so advancing it past
 *   two hours ends connections, as their records' TTL expires);
 * - connection ids look like API Gateway's (15 base64-ish characters and `=`).
 *
 * The registry also offers what AWS cannot do on purpose: {@link LiveConnectionRegistry.dropSilently} drops a
 * connection without `$disconnect`, as a client that vanished does (the next PostToConnection gets 410 Gone
 * while the connections table still lists it).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { ConnectionInfo, ConnectionRegistry } from './connection-registry';
import { createManagementApiHandler, MAX_PAYLOAD_BYTES, type ManagementApiOptions } from './management-api';
import type { Clock } from '../clock';
import { evaluate } from '../iam/evaluate';
import { RequestContext } from '../iam/context';
import { parsePolicy, type PolicyDocument } from '../iam/policy';
import { listen } from '../listen';

/** The Lambda function behind a route (Lambda proxy integration). */
export interface WebSocketRouteTarget {
  readonly functionName: string;
  /**
   * Two-way communication (a `$default` route response): the integration's `body` is sent back to the client that
   * sent the message. Without it API Gateway sends nothing back. @default false
   */
  readonly twoWay?: boolean;
}

export interface LocalWebSocketApiConfig {
  readonly apiId: string;
  readonly stageName: string;
  /** Route key (`$connect`, `$disconnect`, `$default`, or a value of the selection expression) → target. */
  readonly routes: Readonly<Record<string, WebSocketRouteTarget>>;
  /** @default "$request.body.action" */
  readonly routeSelectionExpression?: string;
  /** The Lambda REQUEST authorizer of `$connect`. @default none */
  readonly connectAuthorizer?: {
    readonly functionName: string;
    /** e.g. `route.request.querystring.token`, `route.request.header.Auth`: all must be present, else 401. */
    readonly identitySources: readonly string[];
  };
  /** `arn:aws:execute-api:<region>:<account>:<apiId>` (the authorizer's `methodArn` is below it). @default a local ARN */
  readonly executionArn?: string;
}

/** What a Lambda proxy integration answered. */
export interface LambdaProxyResult {
  readonly statusCode?: number;
  readonly body?: string;
}

/** Synchronous (RequestResponse) Lambda invocation; rejects when the function fails. */
export interface LambdaInvoker {
  invoke(functionName: string, payload: unknown): Promise<LambdaProxyResult | undefined>;
}

/**
 * Adapts a Lambda service with an `invoke(ref, payloadJson)` that resolves `{ payload, functionError? }` (such
 * as the local Lambda service) to a {@link LambdaInvoker}: a function error rejects.
 */
export function invokerFromLambdaService(service: {
  invoke(ref: string, payload: string): Promise<{ readonly payload: string; readonly functionError?: string }>;
}): LambdaInvoker {
  return {
    async invoke(functionName, payload) {
      const result = await service.invoke(functionName, JSON.stringify(payload));
      if (result.functionError) throw new Error(`${functionName} failed: ${result.payload}`);
      if (!result.payload || result.payload === 'null') return undefined;
      const parsed = JSON.parse(result.payload) as unknown;
      return parsed && typeof parsed === 'object' ? (parsed as LambdaProxyResult) : undefined;
    },
  };
}

/** 15 characters of the base64url alphabet and `=`, like API Gateway's connection and request ids. */
function apiGatewayId(): string {
  return `${randomBytes(12).toString('base64').replace(/[+/]/g, '').slice(0, 15).padEnd(15, 'A')}=`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function clfTime(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

interface LiveConnection {
  readonly id: string;
  readonly socket: WebSocket;
  readonly connectedAt: Date;
  lastActiveAt: Date;
  readonly sourceIp: string;
  readonly userAgent: string;
  readonly domainName: string;
  /** Set when the connection must go without `$disconnect`. */
  silent: boolean;
  /** Cancels the end of the connection at its maximum duration. */
  cancelExpiry?: () => void;
  /** What the `$connect` authorizer returned (`principalId` and its context), for every event of the connection. */
  readonly authorizer?: Record<string, unknown>;
}

/** {@link ConnectionRegistry} over the live sockets of the local WebSocket API. */
export class LiveConnectionRegistry implements ConnectionRegistry {
  private readonly connections = new Map<string, LiveConnection>();

  constructor(private readonly now: () => Date) {}

  /** @internal */
  add(connection: LiveConnection): void {
    this.connections.set(connection.id, connection);
  }

  /** @internal Forgets a connection (its socket closed); returns it if it was still registered. */
  remove(connectionId: string): LiveConnection | undefined {
    const connection = this.connections.get(connectionId);
    this.connections.delete(connectionId);
    return connection;
  }

  /** @internal */
  touch(connectionId: string): void {
    const connection = this.connections.get(connectionId);
    if (connection) connection.lastActiveAt = this.now();
  }

  post(connectionId: string, data: Buffer): boolean {
    const connection = this.connections.get(connectionId);
    if (!connection || connection.socket.readyState !== WebSocket.OPEN) return false;
    connection.lastActiveAt = this.now();
    connection.socket.send(data, { binary: !isUtf8(data) });
    return true;
  }

  get(connectionId: string): ConnectionInfo | undefined {
    const connection = this.connections.get(connectionId);
    if (!connection || connection.socket.readyState !== WebSocket.OPEN) return undefined;
    return { connectedAt: connection.connectedAt, lastActiveAt: connection.lastActiveAt, sourceIp: connection.sourceIp, userAgent: connection.userAgent };
  }

  /** DeleteConnection: closes the connection (then `$disconnect` runs, as on AWS). */
  delete(connectionId: string): boolean {
    const connection = this.connections.get(connectionId);
    if (!connection || connection.socket.readyState !== WebSocket.OPEN) return false;
    this.connections.delete(connectionId);
    connection.socket.close(1000, 'Going away');
    return true;
  }

  /**
   * Drops a connection without invoking `$disconnect`, like a client that vanished (or a lost `$disconnect`):
   * the socket is destroyed and the next PostToConnection answers 410 GoneException. False when unknown.
   */
  dropSilently(connectionId: string): boolean {
    const connection = this.connections.get(connectionId);
    if (!connection) return false;
    connection.silent = true;
    this.connections.delete(connectionId);
    connection.socket.terminate();
    return true;
  }

  /** Closes a connection from the server side; `skipDisconnect` drops it without `$disconnect`. */
  terminate(connectionId: string, options: { readonly skipDisconnect?: boolean } = {}): boolean {
    if (options.skipDisconnect) return this.dropSilently(connectionId);
    const connection = this.connections.get(connectionId);
    if (!connection) return false;
    this.connections.delete(connectionId);
    connection.socket.terminate();
    return true;
  }

  isOpen(connectionId: string): boolean {
    return this.connections.get(connectionId)?.socket.readyState === WebSocket.OPEN;
  }

  /** Ids of the open connections, oldest first. */
  connectionIds(): string[] {
    return [...this.connections.keys()];
  }

  /** @internal */
  all(): LiveConnection[] {
    return [...this.connections.values()];
  }
}

function isUtf8(data: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
}

/** Header name → value with the client's spelling (last one wins), and name → all values. */
function requestHeaders(req: http.IncomingMessage): { single: Record<string, string>; multi: Record<string, string[]> } {
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] as string;
    const value = req.rawHeaders[i + 1] as string;
    single[name] = value;
    (multi[name] ??= []).push(value);
  }
  return { single, multi };
}

function statusText(status: number): string {
  return http.STATUS_CODES[status] ?? 'Unknown';
}

/** Writes a plain HTTP answer on an upgrade socket and closes it. */
function refuseUpgrade(socket: Duplex, status: number, body: string): void {
  if (socket.destroyed) return;
  const payload = Buffer.from(body, 'utf8');
  socket.write(
    `HTTP/1.1 ${status} ${statusText(status)}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${payload.length}\r\n` +
      `x-amzn-RequestId: ${randomUUID()}\r\n` +
      'Connection: close\r\n\r\n',
  );
  socket.end(payload);
}

export interface StartWebSocketApiOptions {
  /** @default "127.0.0.1" */
  readonly host?: string;
  /** 0 picks a free port (the local runtime passes 3001). @default 0 */
  readonly port?: number;
  readonly invoker: LambdaInvoker;
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** The local clock: connection times and the end of connections at their maximum duration follow it. @default real time */
  readonly clock?: Clock;
  /**
   * Longest a connection lasts before the server closes it (1001, then `$disconnect`).
   * @default 7200 (API Gateway's two hours: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html)
   */
  readonly maxConnectionDurationSeconds?: number;
  /** Called when a route invocation fails (the connection is refused / the failure is reported to the client). */
  readonly onError?: (error: unknown, routeKey: string, connectionId: string) => void;
  /** Largest inbound message. @default 128 KB (API Gateway's limit) */
  readonly maxMessageBytes?: number;
  /** IAM for the Management API (`execute-api:ManageConnections`). @default every call allowed */
  readonly authorizeManagement?: ManagementApiOptions['authorize'];
  /** Runs the `$connect` authorizer function: its result, or the message it failed with. Required with one. */
  readonly authorize?: (functionName: string, event: unknown) => Promise<{ readonly result: unknown } | { readonly errorMessage: string }>;
}

/**
 * The verdict of the policy a Lambda authorizer returned on `execute-api:Invoke` of `resource`, evaluated with the
 * runtime's IAM evaluator as API Gateway evaluates it (an identity-based policy of the caller: explicit Deny, then
 * Allow, else denied). A policy that does not parse denies.
 */
export function policyAllows(policy: unknown, resource: string): boolean {
  let document: PolicyDocument;
  try {
    document = parsePolicy(policy, 'the $connect authorizer policy');
  } catch {
    return false;
  }
  const principal = { kind: 'role-session', arn: 'arn:aws:sts::000000000000:assumed-role/caller/caller', roleArn: 'arn:aws:iam::000000000000:role/caller', accountId: '000000000000' } as const;
  return evaluate({ principal, action: 'execute-api:Invoke', resource, context: new RequestContext() }, { identity: [document], resource: [] }).allowed;
}

/** The value of an identity source (`route.request.querystring.x`, `route.request.header.x`) of an upgrade request. */
function identityValue(source: string, query: Readonly<Record<string, string>>, headers: Readonly<Record<string, string>>): string | undefined {
  const found = /^route\.request\.(querystring|header)\.(.+)$/.exec(source);
  if (!found) return undefined;
  const [, where, name] = found as unknown as [string, string, string];
  if (where === 'querystring') return query[name];
  const key = Object.keys(headers).find((h) => h.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : headers[key];
}

export interface RunningWebSocketApi {
  /** `ws://host:port/<stage>` — where clients connect. */
  readonly url: string;
  /** `http://host:port/<stage>` — the WEBSOCKET_MANAGEMENT_ENDPOINT of handlers (SDK endpoint). */
  readonly managementEndpoint: string;
  /** `http://host:port`. */
  readonly origin: string;
  readonly registry: LiveConnectionRegistry;
  readonly server: http.Server;
  /** Resolves when every `$disconnect` / message invocation started so far has finished. */
  idle(): Promise<void>;
  /** Closes every connection (1001, without `$disconnect`: the runtime is going away) and the server. */
  stop(): Promise<void>;
}

/** Serves a WebSocket API stage and its Management API. */
export async function startWebSocketApi(config: LocalWebSocketApiConfig, options: StartWebSocketApiOptions): Promise<RunningWebSocketApi> {
  const clock = options.clock;
  const now = clock ? () => clock.now() : options.now ?? (() => new Date());
  const maxDurationMs = (options.maxConnectionDurationSeconds ?? 7200) * 1000;
  const setTimer = (at: Date, fn: () => void): (() => void) => {
    if (clock) return clock.setTimer(at, fn);
    const timer = setTimeout(fn, Math.max(0, at.getTime() - Date.now()));
    timer.unref();
    return () => clearTimeout(timer);
  };
  const registry = new LiveConnectionRegistry(now);
  const management = createManagementApiHandler({ registry, authorize: options.authorizeManagement });
  const stagePath = `/${config.stageName}`;
  const selection = /^\$request\.body\.(.+)$/.exec(config.routeSelectionExpression ?? '$request.body.action')?.[1];
  const pending = new Set<Promise<unknown>>();
  const upgrading = new Set<Duplex>();
  let stopping = false;

  const track = <T>(promise: Promise<T>): Promise<T> => {
    pending.add(promise);
    void promise.finally(() => pending.delete(promise)).catch(() => undefined);
    return promise;
  };

  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname.includes('/@connections/')) {
      management(req, res);
      return;
    }
    const [status, message] = pathname === stagePath || pathname === `${stagePath}/` ? [426, 'Upgrade Required'] : [403, 'Forbidden'];
    const text = JSON.stringify({ message });
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes ?? MAX_PAYLOAD_BYTES, clientTracking: false });

  if (config.connectAuthorizer && !options.authorize) throw new Error(`WebSocket API ${config.apiId}: $connect has an authorizer: give options.authorize`);
  const connectArn = `${config.executionArn ?? `arn:aws:execute-api:us-east-1:000000000000:${config.apiId}`}/${config.stageName}/$connect`;

  const baseContext = (connection: Pick<LiveConnection, 'id' | 'connectedAt' | 'sourceIp' | 'userAgent' | 'domainName' | 'authorizer'>, routeKey: string, eventType: string) => {
    const at = now();
    return {
      ...(connection.authorizer ? { authorizer: connection.authorizer } : {}),
      routeKey,
      eventType,
      extendedRequestId: apiGatewayId(),
      requestTime: clfTime(at),
      messageDirection: 'IN',
      stage: config.stageName,
      connectedAt: connection.connectedAt.getTime(),
      requestTimeEpoch: at.getTime(),
      identity: { sourceIp: connection.sourceIp, userAgent: connection.userAgent },
      requestId: apiGatewayId(),
      domainName: connection.domainName,
      connectionId: connection.id,
      apiId: config.apiId,
    };
  };

  const invokeRoute = (routeKey: string, connectionId: string, event: unknown): Promise<LambdaProxyResult | undefined> | undefined => {
    const target = config.routes[routeKey];
    if (!target) return undefined;
    return track(
      options.invoker.invoke(target.functionName, event).catch((error: unknown) => {
        options.onError?.(error, routeKey, connectionId);
        throw error;
      }),
    );
  };

  const onDisconnect = (connection: LiveConnection, code: number, reason: string): void => {
    connection.cancelExpiry?.();
    registry.remove(connection.id);
    if (connection.silent || stopping) return;
    const headers = { Host: connection.domainName, 'x-api-key': '', 'X-Forwarded-For': '', 'x-restapi': '' };
    const event = {
      headers,
      multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
      requestContext: { ...baseContext(connection, '$disconnect', 'DISCONNECT'), disconnectStatusCode: code, disconnectReason: reason },
      isBase64Encoded: false,
    };
    invokeRoute('$disconnect', connection.id, event)?.catch(() => undefined);
  };

  const onMessage = (connection: LiveConnection, data: RawData, isBinary: boolean): void => {
    registry.touch(connection.id);
    const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    const body = isBinary ? buffer.toString('base64') : buffer.toString('utf8');
    let routeKey = '$default';
    if (!isBinary && selection) {
      try {
        let value: unknown = JSON.parse(body);
        for (const key of selection.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
        if (typeof value === 'string' && config.routes[value]) routeKey = value;
      } catch {
        // not JSON: $default
      }
    }
    if (!config.routes[routeKey] || routeKey === '$connect' || routeKey === '$disconnect') return;
    const context = { ...baseContext(connection, routeKey, 'MESSAGE'), messageId: apiGatewayId() };
    const event = { requestContext: context, body, isBase64Encoded: isBinary };
    const twoWay = config.routes[routeKey]?.twoWay === true;
    invokeRoute(routeKey, connection.id, event)?.then((result) => {
      if (twoWay && typeof result?.body === 'string' && connection.socket.readyState === WebSocket.OPEN) connection.socket.send(result.body);
    }, () => {
      if (connection.socket.readyState === WebSocket.OPEN) {
        connection.socket.send(JSON.stringify({ message: 'Internal server error', connectionId: connection.id, requestId: context.requestId }));
      }
    });
  };

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (stopping || (url.pathname !== stagePath && url.pathname !== `${stagePath}/`)) {
      refuseUpgrade(socket, 403, JSON.stringify({ message: 'Forbidden' }));
      return;
    }
    upgrading.add(socket);
    socket.on('error', () => undefined);
    const connectedAt = now();
    const { single, multi } = requestHeaders(req);
    const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
    const port = String(req.socket.localPort ?? '');
    const extra = { 'X-Amzn-Trace-Id': `Root=1-${Math.floor(connectedAt.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`, 'X-Forwarded-For': sourceIp, 'X-Forwarded-Port': port, 'X-Forwarded-Proto': 'http' };
    const headers = { ...single, ...extra };
    const multiValueHeaders: Record<string, string[]> = { ...multi, ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, [v]])) };
    const query: Record<string, string> = {};
    const multiQuery: Record<string, string[]> = {};
    for (const [name, value] of url.searchParams) {
      query[name] = value;
      (multiQuery[name] ??= []).push(value);
    }
    const identity = {
      id: apiGatewayId(),
      connectedAt,
      sourceIp,
      userAgent: req.headers['user-agent'] ?? '',
      domainName: req.headers.host ?? `127.0.0.1:${port}`,
    };
    const queryFields = Object.keys(query).length > 0 ? { queryStringParameters: query, multiValueQueryStringParameters: multiQuery } : {};

    /** Runs the `$connect` authorizer: its context for the connection, or the HTTP status that refuses it. */
    const authorize = async (): Promise<{ readonly authorizer?: Record<string, unknown> } | { readonly refuse: number }> => {
      const authorizer = config.connectAuthorizer;
      if (!authorizer || !options.authorize) return {};
      if (authorizer.identitySources.some((source) => !identityValue(source, query, headers))) return { refuse: 401 };
      const started = Date.now();
      const authorizerEvent = {
        type: 'REQUEST',
        methodArn: connectArn,
        headers,
        multiValueHeaders,
        ...queryFields,
        stageVariables: {},
        requestContext: baseContext(identity, '$connect', 'CONNECT'),
      };
      const outcome = await track(options.authorize(authorizer.functionName, authorizerEvent));
      if ('errorMessage' in outcome) return { refuse: outcome.errorMessage === 'Unauthorized' ? 401 : 500 };
      const answer = (outcome.result ?? {}) as { principalId?: unknown; policyDocument?: unknown; context?: Record<string, unknown> };
      if (!policyAllows(answer.policyDocument, connectArn)) return { refuse: 403 };
      const context = Object.fromEntries(Object.entries(answer.context ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
      return { authorizer: { ...context, principalId: String(answer.principalId ?? ''), integrationLatency: Date.now() - started } };
    };

    const connect = (pendingConnection: typeof identity & { readonly authorizer?: Record<string, unknown> }): void => {
      const event = {
        headers,
        multiValueHeaders,
        ...queryFields,
        requestContext: baseContext(pendingConnection, '$connect', 'CONNECT'),
        isBase64Encoded: false,
      };

      const connecting = invokeRoute('$connect', pendingConnection.id, event) ?? Promise.resolve(undefined);
      connecting.then(
        (result) => {
          upgrading.delete(socket);
          const status = result?.statusCode ?? 200;
          if (status < 200 || status > 299) {
            const refusal = Number.isInteger(status) && status >= 300 && status <= 599 ? status : 500;
            refuseUpgrade(socket, refusal, typeof result?.body === 'string' ? result.body : '');
            return;
          }
          if (socket.destroyed || stopping) {
            socket.destroy();
            return;
          }
          wss.handleUpgrade(req, socket, head, (ws) => {
            const connection: LiveConnection = { ...pendingConnection, socket: ws, lastActiveAt: connectedAt, silent: false };
            registry.add(connection);
            connection.cancelExpiry = setTimer(new Date(connectedAt.getTime() + maxDurationMs), () => {
              if (ws.readyState === WebSocket.OPEN) ws.close(1001, 'Going away');
            });
            ws.on('message', (data, isBinary) => onMessage(connection, data, isBinary));
            ws.on('error', () => undefined);
            ws.on('close', (code, reason) => onDisconnect(connection, code, reason.toString('utf8')));
          });
        },
        () => {
          upgrading.delete(socket);
          refuseUpgrade(socket, 500, JSON.stringify({ message: 'Internal server error' }));
        },
      );
    };

    const REFUSALS: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 500: 'Internal server error' };
    authorize()
      .catch((error: unknown) => {
        options.onError?.(error, '$connect', identity.id);
        return { refuse: 500 } as const;
      })
      .then((authorized) => {
        if ('refuse' in authorized) {
          upgrading.delete(socket);
          refuseUpgrade(socket, authorized.refuse, JSON.stringify({ message: REFUSALS[authorized.refuse] }));
          return;
        }
        connect({ ...identity, ...(authorized.authorizer ? { authorizer: authorized.authorizer } : {}) });
      });
  });

  const host = options.host ?? '127.0.0.1';
  const origin = await listen(server, host, options.port ?? 0);

  const idle = async (): Promise<void> => {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  };

  return {
    url: `${origin.replace(/^http/, "ws")}${stagePath}`,
    managementEndpoint: `${origin}${stagePath}`,
    origin,
    registry,
    server,
    idle,
    async stop() {
      if (stopping) return;
      stopping = true;
      for (const socket of upgrading) socket.destroy();
      const connections = registry.all();
      await Promise.all(
        connections.map(
          (connection) =>
            new Promise<void>((resolve) => {
              if (connection.socket.readyState === WebSocket.CLOSED) {
                resolve();
                return;
              }
              const timer = setTimeout(() => {
                connection.socket.terminate();
                resolve();
              }, 1000);
              connection.socket.once('close', () => {
                clearTimeout(timer);
                resolve();
              });
              connection.socket.close(1001, 'Going away');
            }),
        ),
      );
      await Promise.race([idle(), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
      wss.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
