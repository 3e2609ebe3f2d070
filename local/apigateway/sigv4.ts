/**
 * AWS Signature Version 4 for the requests API Gateway's AWS integrations send. The local AWS endpoint routes
 * on the credential scope's service name and does not check signatures, but the requests are signed for real
 * (with local credentials) so they look exactly like API Gateway's.
 */
import { createHash, createHmac } from 'node:crypto';

export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface SignableRequest {
  readonly method: string;
  /** Path and query, e.g. `/` or `/?Action=SendMessage`. */
  readonly path: string;
  /** Must include `host`. */
  readonly headers: Record<string, string>;
  readonly body: string;
}

const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** RFC 3986 encoding as SigV4 wants it. */
function uriEncode(text: string, keepSlash: boolean): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%2F/g, keepSlash ? '/' : '%2F');
}

function canonicalQuery(query: string): string {
  if (!query) return '';
  return query
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const [k = '', v = ''] = pair.split('=');
      const dk = decodeURIComponent(k.replace(/\+/g, ' '));
      const dv = decodeURIComponent(v.replace(/\+/g, ' '));
      return [uriEncode(dk, false), uriEncode(dv, false)] as const;
    })
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** `20240514T074221Z`. */
export function amzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** Returns `headers` plus `x-amz-date`, `x-amz-content-sha256`, `x-amz-security-token` (if any) and `authorization`. */
export function signRequest(
  request: SignableRequest,
  scope: { readonly region: string; readonly service: string },
  credentials: SigningCredentials,
  now: Date = new Date(),
): Record<string, string> {
  const date = amzDate(now);
  const day = date.slice(0, 8);
  const payloadHash = sha256Hex(Buffer.from(request.body, 'utf8'));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  headers['x-amz-date'] = date;
  headers['x-amz-content-sha256'] = payloadHash;
  if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
  const [rawPath = '/', rawQuery = ''] = request.path.split('?', 2);
  const signedNames = Object.keys(headers)
    .filter((name) => name !== 'authorization' && name !== 'content-length' && name !== 'user-agent')
    .sort();
  const canonicalHeaders = signedNames.map((name) => `${name}:${String(headers[name]).trim().replace(/\s+/g, ' ')}\n`).join('');
  const canonicalPath = rawPath
    .split('/')
    .map((segment) => uriEncode(decodeURIComponent(segment), false))
    .join('/');
  const canonicalRequest = [request.method.toUpperCase(), canonicalPath || '/', canonicalQuery(rawQuery), canonicalHeaders, signedNames.join(';'), payloadHash].join('\n');
  const credentialScope = `${day}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', date, credentialScope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), scope.region), scope.service), 'aws4_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${credentialScope}, SignedHeaders=${signedNames.join(';')}, Signature=${signature}`;
  return headers;
}
