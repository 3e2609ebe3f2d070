/**
 * API Gateway gateway responses: the answers API Gateway itself produces (unknown route, invalid body,
 * throttled, ...). A configured response of the exact type wins, then `DEFAULT_4XX` / `DEFAULT_5XX`, then the
 * built-in `{"message": …}`.
 *
 * Their templates are not Velocity: API Gateway only substitutes `$context.*` (and `$stageVariables.*`)
 * references. `$context.error.messageString` is the message in double quotes (a JSON string).
 *
 * Every value is substituted as it is, with no escaping, as AWS does: gateway response templates support "only
 * simple variable substitution" and are not processed by Velocity
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-gateway-responses.responseTemplates.html,
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-gatewayResponse-definition.html).
 * So `$context.error.validationErrorString`, which holds raw double quotes (`[object has missing required
 * properties (["fakemon"])]`), yields a body that is not valid JSON when a template puts it inside a JSON string.
 */
import type { LocalGatewayResponse } from './model';

/** A gateway response type, its default status and message, and the `x-amzn-ErrorType` AWS sends with it. */
interface ResponseTypeInfo {
  readonly status?: number;
  readonly message: string;
  readonly errorType: string;
}

export const GATEWAY_RESPONSE_TYPES: Readonly<Record<string, ResponseTypeInfo>> = {
  ACCESS_DENIED: { status: 403, message: 'Forbidden', errorType: 'AccessDeniedException' },
  API_CONFIGURATION_ERROR: { status: 500, message: 'Internal server error', errorType: 'InternalServerErrorException' },
  AUTHORIZER_CONFIGURATION_ERROR: { status: 500, message: 'Internal server error', errorType: 'AuthorizerConfigurationException' },
  AUTHORIZER_FAILURE: { status: 500, message: 'Internal server error', errorType: 'AuthorizerFailureException' },
  BAD_REQUEST_PARAMETERS: { status: 400, message: 'Missing required request parameters', errorType: 'BadRequestException' },
  BAD_REQUEST_BODY: { status: 400, message: 'Invalid request body', errorType: 'BadRequestException' },
  EXPIRED_TOKEN: { status: 403, message: 'Token expired', errorType: 'ExpiredTokenException' },
  INTEGRATION_FAILURE: { status: 504, message: 'Internal server error', errorType: 'InternalServerErrorException' },
  INTEGRATION_TIMEOUT: { status: 504, message: 'Endpoint request timed out', errorType: 'InternalServerErrorException' },
  INVALID_API_KEY: { status: 403, message: 'Forbidden', errorType: 'ForbiddenException' },
  INVALID_SIGNATURE: { status: 403, message: 'Invalid signature', errorType: 'InvalidSignatureException' },
  MISSING_AUTHENTICATION_TOKEN: { status: 403, message: 'Missing Authentication Token', errorType: 'MissingAuthenticationTokenException' },
  QUOTA_EXCEEDED: { status: 429, message: 'Limit Exceeded', errorType: 'LimitExceededException' },
  REQUEST_TOO_LARGE: { status: 413, message: 'Request Too Long', errorType: 'RequestTooLargeException' },
  RESOURCE_NOT_FOUND: { status: 404, message: 'Not Found', errorType: 'NotFoundException' },
  THROTTLED: { status: 429, message: 'Too Many Requests', errorType: 'TooManyRequestsException' },
  UNAUTHORIZED: { status: 401, message: 'Unauthorized', errorType: 'UnauthorizedException' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Unsupported Media Type', errorType: 'UnsupportedMediaTypeException' },
  WAF_FILTERED: { status: 403, message: 'Forbidden', errorType: 'WAFFilteredException' },
};

/** The error API Gateway is answering. */
export interface GatewayError {
  readonly responseType: keyof typeof GATEWAY_RESPONSE_TYPES | string;
  /** @default the type's default message */
  readonly message?: string;
  readonly validationErrorString?: string;
}

/** Looks a dotted reference up in a plain object (`requestId`, `identity.sourceIp`). */
function lookup(source: Readonly<Record<string, unknown>>, dotted: string): unknown {
  let current: unknown = source;
  for (const key of dotted.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * Substitutes `$context.x.y` / `${context.x.y}` and `$stageVariables.x` in a gateway response template. Unknown
 * references become empty strings.
 */
export function substituteGatewayTemplate(
  template: string,
  context: Readonly<Record<string, unknown>>,
  stageVariables: Readonly<Record<string, string>> = {},
): string {
  return template.replace(/\$(?:\{(context|stageVariables)((?:\.[A-Za-z0-9_-]+)+)\}|(context|stageVariables)((?:\.[A-Za-z0-9_]+)+))/g, (_whole, braced, bracedPath, plain, plainPath) => {
    const root = (braced ?? plain) as string;
    const path = ((bracedPath ?? plainPath) as string).slice(1);
    const value = root === 'context' ? lookup(context, path) : stageVariables[path];
    if (value === undefined || value === null) return '';
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}

export interface RenderedGatewayResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/**
 * The gateway response for `error`: the configured response of that type, else `DEFAULT_4XX` / `DEFAULT_5XX`
 * (by the type's status), else AWS's built-in `{"message":"…"}`.
 */
export function renderGatewayResponse(
  configured: readonly LocalGatewayResponse[],
  error: GatewayError,
  context: Readonly<Record<string, unknown>>,
  options: { readonly accept?: string; readonly stageVariables?: Readonly<Record<string, string>> } = {},
): RenderedGatewayResponse {
  const info = GATEWAY_RESPONSE_TYPES[error.responseType] ?? { status: 500, message: 'Internal server error', errorType: 'InternalServerErrorException' };
  const message = error.message ?? info.message;
  const exact = configured.find((r) => r.responseType === error.responseType);
  const defaultStatus = info.status ?? 500;
  const family = defaultStatus >= 500 ? 'DEFAULT_5XX' : 'DEFAULT_4XX';
  const fallback = configured.find((r) => r.responseType === family);
  const chosen = exact ?? fallback;
  const statusCode = Number(exact?.statusCode ?? (exact ? undefined : fallback?.statusCode)) || defaultStatus;
  const errorContext = {
    message,
    messageString: JSON.stringify(message),
    responseType: error.responseType,
    validationErrorString: error.validationErrorString,
  };
  const fullContext = { ...context, error: errorContext };
  const headers: Record<string, string> = { 'x-amzn-errortype': info.errorType };
  let body = JSON.stringify({ message });
  let contentType = 'application/json';
  if (chosen) {
    const templates = chosen.responseTemplates ?? {};
    const keys = Object.keys(templates);
    const accepted = options.accept ? keys.find((key) => options.accept?.split(',').some((part) => part.trim().split(';')[0] === key)) : undefined;
    const key = accepted ?? (keys.includes('application/json') ? 'application/json' : keys[0]);
    if (key !== undefined) {
      contentType = key;
      body = substituteGatewayTemplate(templates[key] as string, fullContext, options.stageVariables);
    }
    for (const [name, value] of Object.entries(chosen.responseParameters ?? {})) {
      const header = /^gatewayresponse\.header\.(.+)$/.exec(name)?.[1];
      if (!header) continue;
      headers[header.toLowerCase()] = /^'.*'$/s.test(value) ? value.slice(1, -1) : substituteGatewayTemplate(`$${value}`, fullContext, options.stageVariables);
    }
  }
  headers['content-type'] = contentType;
  return { statusCode, headers, body };
}
