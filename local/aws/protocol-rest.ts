import { AwsServiceError } from './errors';
import type { LocalRequest, LocalResponse } from './request';

/** restJson1 responses. */
export function restJson(request: LocalRequest, status: number, body?: unknown, headers: Record<string, string> = {}): LocalResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': request.requestId, ...headers },
    body: body === undefined ? '' : JSON.stringify(body),
  };
}

export function restJsonError(request: LocalRequest, error: AwsServiceError): LocalResponse {
  return {
    status: error.statusCode,
    headers: {
      'content-type': 'application/json',
      'x-amzn-requestid': request.requestId,
      'x-amzn-errortype': error.code,
    },
    body: JSON.stringify({ ...error.extra, message: error.message, Message: error.message }),
  };
}

/** Matches `path` against a template like "/2015-03-31/functions/{FunctionName}/invocations". */
export function matchPath(template: string, path: string): Record<string, string> | undefined {
  const names: string[] = [];
  const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const match = new RegExp(`^${pattern}/?$`).exec(path);
  if (!match) return undefined;
  const params: Record<string, string> = {};
  names.forEach((name, i) => {
    params[name] = decodeURIComponent(match[i + 1]);
  });
  return params;
}

export function parseRestJsonBody(request: LocalRequest): Record<string, unknown> {
  const text = request.body.toString('utf8').trim();
  if (!text) return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new AwsServiceError('ValidationException', 'The request body is not valid JSON.', 400);
}
