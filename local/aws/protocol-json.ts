import { AwsServiceError } from './errors';
import type { LocalRequest, LocalResponse } from './request';

/** awsJson1_0 / awsJson1_1 responses. */
export type JsonVersion = '1.0' | '1.1';

export interface JsonErrorOptions {
  /** Namespace prefix of `__type` (e.g. "com.amazonaws.sqs"). Omitted when undefined. */
  readonly namespace?: string;
  /** Adds the `x-amzn-query-error` header of query-compatible services (SQS). */
  readonly queryCompatible?: boolean;
}

export function jsonOk(request: LocalRequest, version: JsonVersion, body: unknown): LocalResponse {
  return {
    status: 200,
    headers: { 'content-type': `application/x-amz-json-${version}`, 'x-amzn-requestid': request.requestId },
    body: JSON.stringify(body ?? {}),
  };
}

export function jsonError(request: LocalRequest, version: JsonVersion, error: AwsServiceError, options: JsonErrorOptions = {}): LocalResponse {
  const headers: Record<string, string> = {
    'content-type': `application/x-amz-json-${version}`,
    'x-amzn-requestid': request.requestId,
  };
  if (options.queryCompatible) headers['x-amzn-query-error'] = `${error.queryCode ?? error.code};${error.fault}`;
  const type = options.namespace ? `${options.namespace}#${error.code}` : error.code;
  return { status: error.statusCode, headers, body: JSON.stringify({ __type: type, message: error.message, ...error.extra }) };
}

/** Parses a JSON request body; an empty body is `{}`. */
export function parseJsonBody(request: LocalRequest): Record<string, unknown> {
  const text = request.body.toString('utf8').trim();
  if (!text) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AwsServiceError('SerializationException', 'Start of structure or map found where not expected.', 400);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AwsServiceError('SerializationException', 'Start of structure or map found where not expected.', 400);
  }
  return parsed as Record<string, unknown>;
}

/** The operation name of an `X-Amz-Target` header ("AWSEvents.PutEvents" → "PutEvents"). */
export function operationOf(target: string | undefined): string {
  if (!target) return '';
  const dot = target.lastIndexOf('.');
  return dot >= 0 ? target.slice(dot + 1) : target;
}

export function unknownOperation(operation: string): AwsServiceError {
  return new AwsServiceError('UnknownOperationException', `Operation ${operation || '(none)'} is not supported by the local endpoint.`, 400);
}
