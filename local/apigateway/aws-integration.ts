/**
 * API Gateway's AWS service integration (`type = "AWS"`): the integration URI names the service and the action
 * (`arn:aws:apigateway:eu-west-1:events:action/PutEvents`) or a path (`…:s3:path/bucket/{key}`); API Gateway
 * sends the rendered request to the service's endpoint, signed with SigV4 for that service. Locally the
 * endpoint is the local AWS endpoint (`local/aws/`), which routes on `X-Amz-Target` and on the credential
 * scope's service name.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { IntegrationError, type IntegrationInvoker, type IntegrationRequest, type IntegrationResponse } from './model';
import { signRequest, type SigningCredentials } from './sigv4';

/** A parsed `arn:aws:apigateway:…` integration URI. */
export interface AwsIntegrationUri {
  readonly region: string;
  /** The service's endpoint prefix (`events`, or `bucket.s3` in the subdomain form). */
  readonly subdomainService: string;
  /** The SigV4 signing name (`events`). */
  readonly service: string;
  readonly kind: 'action' | 'path';
  /** Action name, or path (without leading slash, may contain `{param}`). */
  readonly target: string;
  /** Query string given in the URI (action form), without `?`. */
  readonly query: string;
}

export function parseAwsIntegrationUri(uri: string): AwsIntegrationUri {
  const match = /^arn:aws[a-z-]*:apigateway:([a-z0-9-]+):([A-Za-z0-9.-]+):(action|path)\/(.*)$/.exec(uri);
  if (!match) throw new Error(`Unsupported AWS integration URI: ${uri}`);
  const [, region, subdomainService, kind, rest] = match as unknown as [string, string, string, 'action' | 'path', string];
  const [target = '', query = ''] = rest.split('?', 2);
  const service = subdomainService.split('.').pop() as string;
  return { region, subdomainService, service, kind, target, query };
}

/** The method-relative path and query of the request API Gateway sends for `uri`. */
export function integrationPath(uri: AwsIntegrationUri, pathParameters: Readonly<Record<string, string>> = {}, query: Readonly<Record<string, string>> = {}): string {
  const search = new URLSearchParams(uri.query);
  for (const [name, value] of Object.entries(query)) search.set(name, value);
  const queryString = search.toString();
  if (uri.kind === 'action') return queryString ? `/?${queryString}` : '/';
  const path = `/${uri.target}`.replace(/\{([^{}+]+)\+?\}/g, (_m, name: string) =>
    (pathParameters[name] ?? '')
      .split('/')
      .map((segment) => encodeURIComponent(segment))
      .join('/'),
  );
  return queryString ? `${path}?${queryString}` : path;
}

/** Credentials the local integration signs with (the local endpoint does not check them). */
export const LOCAL_INTEGRATION_CREDENTIALS: SigningCredentials = {
  accessKeyId: 'ASIALOCALAPIGATEWAY0',
  secretAccessKey: 'local-api-gateway-secret-access-key',
  sessionToken: 'local-api-gateway-session-token',
};

export interface HttpAwsIntegrationOptions {
  /** Where every AWS service is served, e.g. `http://127.0.0.1:4566`. */
  readonly endpoint: string;
  /** @default {@link LOCAL_INTEGRATION_CREDENTIALS} */
  readonly credentials?: SigningCredentials;
  readonly now?: () => Date;
}

/** An {@link IntegrationInvoker} that signs the request and sends it to `endpoint` over HTTP(S). */
export function httpAwsIntegration(options: HttpAwsIntegrationOptions): IntegrationInvoker {
  const base = new URL(options.endpoint);
  const basePath = base.pathname.replace(/\/$/, '');
  const credentials = options.credentials ?? LOCAL_INTEGRATION_CREDENTIALS;
  const now = options.now ?? (() => new Date());
  return (request: IntegrationRequest): Promise<IntegrationResponse> => {
    const path = `${basePath}${request.path}`;
    const headers = signRequest(
      { method: request.method, path, headers: { ...request.headers, host: base.host }, body: request.body },
      { region: request.region, service: request.service },
      request.credentials ?? credentials,
      now(),
    );
    headers['content-length'] = String(Buffer.byteLength(request.body, 'utf8'));
    const client = base.protocol === 'https:' ? https : http;
    return new Promise<IntegrationResponse>((resolve, reject) => {
      const req = client.request(
        { protocol: base.protocol, hostname: base.hostname, port: base.port || undefined, method: request.method, path, headers, agent: false },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (error) => reject(new IntegrationError(`integration response failed: ${error.message}`, false)));
          res.on('end', () => {
            const responseHeaders: Record<string, string> = {};
            for (const [name, value] of Object.entries(res.headers)) {
              if (value !== undefined) responseHeaders[name] = Array.isArray(value) ? value.join(',') : value;
            }
            resolve({ statusCode: res.statusCode ?? 502, headers: responseHeaders, body: Buffer.concat(chunks).toString('utf8') });
          });
        },
      );
      req.setTimeout(request.timeoutMilliseconds, () => {
        req.destroy(new IntegrationError(`integration timed out after ${request.timeoutMilliseconds} ms`, true));
      });
      req.on('error', (error) => {
        reject(error instanceof IntegrationError ? error : new IntegrationError(`integration request failed: ${error.message}`, false));
      });
      req.end(request.body);
    });
  };
}
