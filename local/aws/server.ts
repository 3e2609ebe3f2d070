import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsServiceError } from './errors';
import { jsonError, operationOf, unknownOperation } from './protocol-json';
import { isQueryRequest, queryError } from './protocol-query';
import { headerValue, newRequestId, signingServiceOf, type LocalRequest, type LocalResponse } from './request';

/** A service mounted on the local endpoint. */
export interface LocalServiceRoute {
  /** Unique name, e.g. "sqs". */
  readonly name: string;
  /** SigV4 credential-scope service names routed here (e.g. ["scheduler"]). */
  readonly signingNames?: readonly string[];
  /** `X-Amz-Target` prefixes routed here (the part before the dot, e.g. "AWSEvents"). */
  readonly targetPrefixes?: readonly string[];
  /** Optional extra matcher for unsigned requests (checked after targets and signing names). */
  readonly matches?: (request: LocalRequest) => boolean;
  handle(request: LocalRequest): Promise<LocalResponse> | LocalResponse;
}

/** A JSON control route under `/_local/`. */
export type ControlHandler = (body: Record<string, unknown>, request: LocalRequest) => unknown | Promise<unknown>;

/** Serves requests under a path prefix with Node.js's own request and response (pages, server-sent events). */
export type MountedHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface LocalAwsServerOptions {
  /** @default "127.0.0.1" */
  readonly host?: string;
  /** 0 picks a free port. @default 4566 */
  readonly port?: number;
  /** Called for every request failure that is not an AWS error (a bug in an emulator). */
  readonly onInternalError?: (error: unknown, request: LocalRequest) => void;
  /** IAM: answers a request its caller may not make (the service's AccessDenied), else undefined. */
  readonly authorize?: (service: string, request: LocalRequest) => LocalResponse | undefined;
}

const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * One HTTP server for every emulated service. Requests are routed by `X-Amz-Target`, then by the SigV4
 * credential scope's service name, then by each service's own matcher; `/_local/*` is the control API.
 */
export class LocalAwsServer {
  readonly httpServer: http.Server;
  private readonly services: LocalServiceRoute[] = [];
  private readonly control = new Map<string, ControlHandler>();
  private readonly mounts = new Map<string, MountedHandler>();
  private endpointUrl: string | undefined;

  constructor(private readonly options: LocalAwsServerOptions = {}) {
    this.httpServer = http.createServer((req, res) => {
      const mounted = this.mountedHandler(req.url ?? '/');
      if (mounted) mounted(req, res);
      else void this.dispatch(req, res);
    });
    this.httpServer.keepAliveTimeout = 5_000;
    this.registerControl('GET', '/_local/health', () => ({
      status: 'ok',
      services: this.services.map((service) => service.name),
    }));
  }

  /** Mounts a service. Later registrations with the same name replace earlier ones. */
  registerService(service: LocalServiceRoute): void {
    const index = this.services.findIndex((existing) => existing.name === service.name);
    if (index >= 0) this.services.splice(index, 1, service);
    else this.services.push(service);
  }

  /** Adds a JSON control route, e.g. ("POST", "/_local/clock/advance"). */
  registerControl(method: string, path: string, handler: ControlHandler): void {
    this.control.set(`${method.toUpperCase()} ${path}`, handler);
  }

  /** Serves every request whose path is `prefix` or starts with `prefix/` with `handler` (e.g. "/_local/console"). */
  mount(prefix: string, handler: MountedHandler): void {
    this.mounts.set(prefix.replace(/\/$/, ''), handler);
  }

  private mountedHandler(url: string): MountedHandler | undefined {
    if (this.mounts.size === 0) return undefined;
    const path = url.split('?')[0];
    for (const [prefix, handler] of this.mounts) if (path === prefix || path.startsWith(`${prefix}/`)) return handler;
    return undefined;
  }

  async listen(): Promise<string> {
    const host = this.options.host ?? '127.0.0.1';
    const port = this.options.port ?? 4566;
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      this.httpServer.once('error', onError);
      this.httpServer.listen(port, host, () => {
        this.httpServer.off('error', onError);
        resolve();
      });
    });
    const address = this.httpServer.address() as AddressInfo;
    const printableHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.endpointUrl = `http://${printableHost}:${address.port}`;
    return this.endpointUrl;
  }

  get endpoint(): string {
    if (!this.endpointUrl) throw new Error('the local AWS server is not listening');
    return this.endpointUrl;
  }

  async close(): Promise<void> {
    if (!this.httpServer.listening) return;
    await new Promise<void>((resolve) => {
      this.httpServer.close(() => resolve());
      this.httpServer.closeAllConnections();
    });
  }

  private async dispatch(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let request: LocalRequest | undefined;
    try {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://localhost');
      request = {
        method: (req.method ?? 'GET').toUpperCase(),
        url,
        headers: req.headers,
        body,
        target: headerValue(req.headers, 'x-amz-target'),
        signingService: signingServiceOf(req.headers, url),
        requestId: newRequestId(),
        raw: req,
        closed: new Promise<void>((resolve) => res.once('close', () => resolve())),
      };
      const response = await this.route(request);
      send(res, response);
    } catch (error) {
      if (error instanceof AwsServiceError) {
        send(res, {
          status: error.statusCode,
          headers: { 'content-type': 'application/json', 'x-amzn-errortype': error.code },
          body: JSON.stringify({ __type: error.code, message: error.message }),
        });
        return;
      }
      if (request) this.options.onInternalError?.(error, request);
      send(res, {
        status: 500,
        headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'InternalFailure' },
        body: JSON.stringify({ __type: 'InternalFailure', message: (error as Error)?.message ?? String(error) }),
      });
    }
  }

  private async route(request: LocalRequest): Promise<LocalResponse> {
    if (request.url.pathname.startsWith('/_local/')) return this.routeControl(request);

    if (request.target) {
      const prefix = request.target.includes('.') ? request.target.slice(0, request.target.lastIndexOf('.')) : request.target;
      const service = this.services.find((candidate) => candidate.targetPrefixes?.includes(prefix));
      if (service) return this.handleAuthorized(service, request);
      const version = String(request.headers['content-type'] ?? '').includes('1.0') ? '1.0' : '1.1';
      return jsonError(request, version, unknownOperation(operationOf(request.target)));
    }

    if (request.signingService) {
      const service = this.services.find((candidate) => candidate.signingNames?.includes(request.signingService as string));
      if (service) return this.handleAuthorized(service, request);
    }

    const matched = this.services.find((candidate) => candidate.matches?.(request));
    if (matched) return this.handleAuthorized(matched, request);

    const error = new AwsServiceError(
      'UnknownOperationException',
      `No local service handles ${request.method} ${request.url.pathname}` +
        (request.signingService ? ` (signed for "${request.signingService}")` : ''),
      400,
    );
    if (isQueryRequest(request)) return queryError(request, 'https://local.amazonaws.com/doc/', error);
    return {
      status: 400,
      headers: { 'content-type': 'application/json', 'x-amzn-errortype': error.code, 'x-amzn-requestid': request.requestId },
      body: JSON.stringify({ __type: error.code, message: error.message }),
    };
  }

  private async handleAuthorized(service: LocalServiceRoute, request: LocalRequest): Promise<LocalResponse> {
    return this.options.authorize?.(service.name, request) ?? service.handle(request);
  }

  private async routeControl(request: LocalRequest): Promise<LocalResponse> {
    const handler = this.control.get(`${request.method} ${request.url.pathname.replace(/\/$/, '')}`);
    if (!handler) {
      return { status: 404, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: `no control route ${request.method} ${request.url.pathname}` }) };
    }
    let body: Record<string, unknown> = {};
    const text = request.body.toString('utf8').trim();
    if (text) {
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return { status: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'the body is not valid JSON' }) };
      }
    }
    try {
      const result = await handler(body, request);
      return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(result ?? {}) };
    } catch (error) {
      return { status: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: (error as Error).message }) };
    }
  }
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new AwsServiceError('RequestEntityTooLargeException', 'Request entity too large', 413);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: http.ServerResponse, response: LocalResponse): void {
  if (res.headersSent) return;
  const body = response.body ?? '';
  const buffer = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const headers: Record<string, string> = { ...(response.headers ?? {}) };
  if (!Object.keys(headers).some((key) => key.toLowerCase() === 'content-length')) headers['content-length'] = String(buffer.length);
  res.writeHead(response.status, headers);
  res.end(buffer);
}
