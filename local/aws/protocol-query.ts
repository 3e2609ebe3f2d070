import { AwsServiceError } from './errors';
import type { LocalRequest, LocalResponse } from './request';

/** awsQuery protocol helpers (form-encoded requests, XML responses). */
export function parseQueryParams(request: LocalRequest): URLSearchParams {
  const params = new URLSearchParams(request.url.search);
  const contentType = String(request.headers['content-type'] ?? '');
  if (request.body.length > 0 && (contentType.includes('x-www-form-urlencoded') || contentType === '')) {
    for (const [key, value] of new URLSearchParams(request.body.toString('utf8'))) params.append(key, value);
  }
  return params;
}

export function isQueryRequest(request: LocalRequest): boolean {
  if (request.url.searchParams.has('Action')) return true;
  const contentType = String(request.headers['content-type'] ?? '');
  return contentType.includes('x-www-form-urlencoded') && /(^|&)Action=/.test(request.body.toString('utf8'));
}

export function xmlEscape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** Serializes a plain object to XML elements: arrays repeat their element name. */
export function toXml(value: unknown, name?: string): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((item) => toXml(item, name)).join('');
  const inner =
    typeof value === 'object'
      ? Object.entries(value as Record<string, unknown>)
          .map(([key, child]) => toXml(child, key))
          .join('')
      : xmlEscape(String(value));
  return name ? `<${name}>${inner}</${name}>` : inner;
}

export function queryOk(request: LocalRequest, action: string, xmlns: string, result: string): LocalResponse {
  const body =
    `<?xml version="1.0"?><${action}Response xmlns="${xmlns}">` +
    (result ? `<${action}Result>${result}</${action}Result>` : '') +
    `<ResponseMetadata><RequestId>${request.requestId}</RequestId></ResponseMetadata></${action}Response>`;
  return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': request.requestId }, body };
}

export interface QueryErrorOptions {
  /** Adds the empty `<Detail/>` element SQS puts in every error. */
  readonly detail?: boolean;
}

export function queryError(request: LocalRequest, xmlns: string, error: AwsServiceError, options: QueryErrorOptions = {}): LocalResponse {
  const code = error.queryCode ?? error.code;
  const body =
    `<?xml version="1.0"?><ErrorResponse xmlns="${xmlns}"><Error><Type>${error.fault}</Type>` +
    `<Code>${xmlEscape(code)}</Code><Message>${xmlEscape(error.message)}</Message>${options.detail ? '<Detail/>' : ''}</Error>` +
    `<RequestId>${request.requestId}</RequestId></ErrorResponse>`;
  return { status: error.statusCode, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': request.requestId }, body };
}

export function invalidAction(action: string, version: string): AwsServiceError {
  return new AwsServiceError('InvalidAction', `Could not find operation ${action} for version ${version}`, 400);
}
