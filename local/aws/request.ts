import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';

/** One HTTP request to the local AWS endpoint, body fully read. */
export interface LocalRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** `X-Amz-Target`, for awsJson protocols. */
  readonly target?: string;
  /** The service name of the SigV4 credential scope, when the request is signed. */
  readonly signingService?: string;
  readonly requestId: string;
  readonly raw: IncomingMessage;
  /** Resolves when the client connection closes (or the response is finished). */
  readonly closed: Promise<void>;
}

export interface LocalResponse {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
}

/** The service name of a SigV4 `Authorization` header or presigned `X-Amz-Credential` parameter. */
export function signingServiceOf(headers: IncomingHttpHeaders, url: URL): string | undefined {
  const authorization = headerValue(headers, 'authorization');
  const credential = authorization
    ? /Credential=([^,\s]+)/.exec(authorization)?.[1]
    : url.searchParams.get('X-Amz-Credential') ?? undefined;
  if (!credential) return undefined;
  // AKID/yyyymmdd/region/service/aws4_request
  const parts = credential.split('/');
  return parts.length >= 5 ? parts[parts.length - 2] : undefined;
}

/** The access key id of a SigV4 `Authorization` header or presigned `X-Amz-Credential` parameter. */
export function accessKeyIdOf(headers: IncomingHttpHeaders, url: URL): string | undefined {
  const authorization = headerValue(headers, 'authorization');
  const credential = authorization ? /Credential=([^,\s]+)/.exec(authorization)?.[1] : url.searchParams.get('X-Amz-Credential') ?? undefined;
  return credential?.split('/')[0] || undefined;
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function newRequestId(): string {
  return randomUUID();
}
