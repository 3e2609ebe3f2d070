/**
 * Browser access (CORS) to a REST API whose methods use non-proxy integrations, as API Gateway needs it
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html): an `OPTIONS` method per resource
 * with a MOCK integration answers the preflight with the allowed origin, methods and headers; every answer of the
 * real method carries `Access-Control-Allow-Origin` (mapped in its integration responses, declared in its method
 * responses); and the gateway responses carry it too, so a browser can read a 400 or a 401 instead of a network
 * error. A mobile client needs none of it; a browser script on another origin cannot call the API without it.
 */
import { ApiGatewayIntegration } from '@cdktf/provider-aws/lib/api-gateway-integration';
import { ApiGatewayIntegrationResponse } from '@cdktf/provider-aws/lib/api-gateway-integration-response';
import { ApiGatewayMethod } from '@cdktf/provider-aws/lib/api-gateway-method';
import { ApiGatewayMethodResponse } from '@cdktf/provider-aws/lib/api-gateway-method-response';
import type { Construct } from 'constructs';

/** Which browser origin may call the API's routes from a script. */
export interface EventApiCors {
  /**
   * `*` (any origin: the API takes a bearer token from a header, never a cookie, so no page can act for a player
   * without the player's token) or one origin, e.g. `https://play.example.com` (scheme, host, optional port).
   */
  readonly allowOrigin: string;
  /** Seconds a browser may reuse a preflight answer (browsers cap it: Chromium at 7200). @default 600 */
  readonly maxAgeSeconds?: number;
}

/** Any origin: what an environment allows unless its config names one. */
export const DEFAULT_ALLOW_ORIGIN = '*';

/** Preflight answers cached for ten minutes: one preflight per route per player session, not one per capture. */
export const DEFAULT_CORS_MAX_AGE_SECONDS = 600;

/** Why `cors` is not usable, or undefined. */
export function corsProblem(cors: EventApiCors): string | undefined {
  if (cors.allowOrigin !== '*' && !/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(cors.allowOrigin)) {
    return `allowOrigin must be "*" or an origin such as https://play.example.com (scheme, host, optional port; no path), got "${cors.allowOrigin}"`;
  }
  const maxAge = cors.maxAgeSeconds ?? DEFAULT_CORS_MAX_AGE_SECONDS;
  if (!Number.isInteger(maxAge) || maxAge < 0 || maxAge > 86400) return `maxAgeSeconds must be an integer from 0 to 86400, got ${maxAge}`;
  return undefined;
}

/** `'value'`: a literal in an API Gateway header mapping. */
const literal = (value: string): string => `'${value}'`;

/** The header mapping a method's responses need: declared in the method response, mapped in the integration response. */
const ALLOW_ORIGIN_HEADER = 'Access-Control-Allow-Origin';

/** `method.response.header.Access-Control-Allow-Origin` declared (not required) in a method response. */
export const allowOriginDeclaration = (): Record<string, boolean> => ({ [`method.response.header.${ALLOW_ORIGIN_HEADER}`]: false });

/** The integration response mapping of `Access-Control-Allow-Origin`. */
export const allowOriginMapping = (cors: EventApiCors): Record<string, string> => ({ [`method.response.header.${ALLOW_ORIGIN_HEADER}`]: literal(cors.allowOrigin) });

/** The gateway response mapping of `Access-Control-Allow-Origin`. */
export const gatewayAllowOrigin = (cors: EventApiCors): Record<string, string> => ({ [`gatewayresponse.header.${ALLOW_ORIGIN_HEADER}`]: literal(cors.allowOrigin) });

/** What one resource's preflight allows. */
export interface PreflightProps {
  readonly restApiId: string;
  readonly resourceId: string;
  readonly cors: EventApiCors;
  /** The resource's methods besides OPTIONS, e.g. `['POST']`. */
  readonly methods: readonly string[];
  /** The request headers a script may send, e.g. `['Authorization', 'Content-Type']`. */
  readonly headers: readonly string[];
}

/**
 * The `OPTIONS` method of one resource: no authorization (a browser sends no credentials with a preflight), a MOCK
 * integration answering 200 (`passthrough_behavior = NEVER`, as the AWS guide sets it), and the `Access-Control-*`
 * headers as literals of its integration response.
 */
export function addPreflight(scope: Construct, id: string, props: PreflightProps): void {
  const { restApiId, resourceId, cors } = props;
  const headers: Record<string, string> = {
    [ALLOW_ORIGIN_HEADER]: cors.allowOrigin,
    'Access-Control-Allow-Methods': ['OPTIONS', ...props.methods].join(','),
    'Access-Control-Allow-Headers': props.headers.join(','),
    'Access-Control-Max-Age': String(cors.maxAgeSeconds ?? DEFAULT_CORS_MAX_AGE_SECONDS),
  };
  const method = new ApiGatewayMethod(scope, `${id}-method`, { restApiId, resourceId, httpMethod: 'OPTIONS', authorization: 'NONE' });
  const integration = new ApiGatewayIntegration(scope, `${id}-integration`, {
    restApiId,
    resourceId,
    httpMethod: method.httpMethod,
    type: 'MOCK',
    passthroughBehavior: 'NEVER',
    requestTemplates: { 'application/json': '{"statusCode": 200}' },
  });
  const methodResponse = new ApiGatewayMethodResponse(scope, `${id}-response-200`, {
    restApiId,
    resourceId,
    httpMethod: method.httpMethod,
    statusCode: '200',
    responseModels: { 'application/json': 'Empty' },
    responseParameters: Object.fromEntries(Object.keys(headers).map((name) => [`method.response.header.${name}`, false])),
  });
  new ApiGatewayIntegrationResponse(scope, `${id}-integration-response-200`, {
    restApiId,
    resourceId,
    httpMethod: method.httpMethod,
    statusCode: '200',
    responseParameters: Object.fromEntries(Object.entries(headers).map(([name, value]) => [`method.response.header.${name}`, literal(value)])),
    responseTemplates: { 'application/json': '' },
    dependsOn: [integration, methodResponse],
  });
}
