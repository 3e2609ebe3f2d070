/**
 * A local API Gateway REST API (one stage) with AWS service integrations.
 *
 * The request path is looked up below the stage (`/<stage>/captures`, as AWS serves it). A path that does not start
 * with the stage (`/captures`) names no deployed stage: AWS answers 403 `{"message":"Forbidden"}`
 * (`x-amzn-ErrorType: ForbiddenException`) before any of the API's own handling, so the local API does too. The
 * request then goes through what API Gateway does, in AWS's order:
 *
 *  1. route (method + resource path template) — none: MISSING_AUTHENTICATION_TOKEN 403;
 *  2. stage throttling (token bucket) — THROTTLED 429;
 *  2b. the method's `COGNITO_USER_POOLS` authorizer: the token of its identity source (the `Authorization`
 *     header, raw or after `Bearer `) must be an unexpired ID token of one of its pools — missing or invalid:
 *     UNAUTHORIZED 401 `Unauthorized`, expired: 401 `The incoming token has expired`; its claims become
 *     `$context.authorizer.claims` (string values);
 *  3. required parameters when the validator checks parameters — BAD_REQUEST_PARAMETERS 400;
 *  4. body against the model of the request's content type when the validator checks bodies —
 *     BAD_REQUEST_BODY 400 with `$context.error.validationErrorString` listing every problem;
 *  5. request template for the content type (or passthrough per `passthroughBehavior`; NEVER without a
 *     template: UNSUPPORTED_MEDIA_TYPE 415), rendered as Velocity with `$input`, `$util`, `$context`;
 *  6. the signed call to the AWS service (integration timeout: INTEGRATION_TIMEOUT 504; unreachable:
 *     INTEGRATION_FAILURE 504);
 *  7. integration response chosen by `selectionPattern` (a Java regex matched against the whole status
 *     code; the response without a pattern is the default; none: API_CONFIGURATION_ERROR 500), its template
 *     rendered with `$input` = the service's answer, `$context.responseOverride.status` / `.header.*` applied.
 *
 * Errors API Gateway produces itself are answered with the API's gateway responses (gateway-responses.ts).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import * as http from 'node:http';
import { httpAwsIntegration, integrationPath, parseAwsIntegrationUri, type AwsIntegrationUri } from './aws-integration';
import { GATEWAY_RESPONSE_TYPES, renderGatewayResponse, type GatewayError } from './gateway-responses';
import { javaMatches } from './java';
import {
  IntegrationError,
  type CognitoTokenVerifier,
  type IntegrationInvoker,
  type IntegrationRequest,
  type LocalRestAuthorization,
  type IntegrationResponse,
  type LocalIntegrationResponse,
  type LocalRestApiConfig,
  type LocalRestRoute,
  type RestRequest,
  type RestResponse,
} from './model';
import { RestRouter } from './routing';
import { TokenBucket } from './throttle';
import { BodyValidator, validationErrorString } from './validation';
import { InvalidJsonPayloadError, renderTemplate, type TemplateParams } from './vtl';
import { listen } from '../listen';

/** API Gateway's payload limit for REST APIs. */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;
const DEFAULT_INTEGRATION_TIMEOUT_MS = 29_000;

/** One line of the stage's access log (the fields of the stack's access-log format). */
export interface AccessLogEntry {
  readonly requestId: string;
  readonly ip: string;
  readonly requestTime: string;
  readonly httpMethod: string;
  readonly resourcePath: string;
  readonly status: number;
  readonly responseLength: number;
  readonly integrationStatus?: number;
  readonly integrationLatency?: number;
  readonly error?: string;
  readonly validationError?: string;
}

export interface LocalRestApiOptions {
  /** Base URL of the local AWS endpoint the AWS integrations call, e.g. `http://127.0.0.1:4566`. */
  readonly awsEndpoint?: string;
  /** Replaces the HTTP call to `awsEndpoint` (unit tests). One of the two is required. */
  readonly invokeIntegration?: IntegrationInvoker;
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** Called once per request with its access-log entry. */
  readonly onAccessLog?: (entry: AccessLogEntry) => void;
  /** Called with the cause of a 5xx API Gateway produced itself (template failure, unreachable integration ...). */
  readonly onError?: (error: unknown, responseType: string) => void;
  /**
   * IAM: the credentials of the integration role's session (`credentials` of the integration) for a request to
   * `sourceArn`; throws when API Gateway may not assume the role (answered as API_CONFIGURATION_ERROR 500).
   */
  readonly integrationCredentials?: (roleArn: string | undefined, sourceArn: string) => IntegrationRequest['credentials'];
  /** Verifies tokens of `COGNITO_USER_POOLS` authorizers; required when a route has one. */
  readonly cognito?: CognitoTokenVerifier;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** CLF time, as `$context.requestTime`: `14/May/2024:07:42:21 +0000`. */
export function clfTime(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

/** A base64-ish id like API Gateway's extended request ids (`Ab1CdEfGIAMEbcQ=`). */
function extendedRequestId(): string {
  return randomBytes(11).toString('base64').replace(/[+/]/g, 'A');
}

function headerMap(headers: RestRequest['headers'], lowerCase: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[lowerCase ? name.toLowerCase() : name] = typeof value === 'string' ? value : value.join(',');
  }
  return out;
}

/** Node's raw header list as a name → value map keeping the client's spelling. */
function rawHeaderMap(raw: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    const existing = Object.keys(out).find((key) => key.toLowerCase() === name.toLowerCase());
    if (existing !== undefined) out[existing] = `${out[existing]},${raw[i + 1] as string}`;
    else out[name] = raw[i + 1] as string;
  }
  return out;
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? 'application/json').split(';')[0]?.trim().toLowerCase() || 'application/json';
}

function templateFor(templates: Readonly<Record<string, string>>, type: string): string | undefined {
  const key = Object.keys(templates).find((candidate) => candidate.toLowerCase() === type);
  return key === undefined ? undefined : templates[key];
}

function isLiteral(value: string): boolean {
  return value.length >= 2 && value.startsWith("'") && value.endsWith("'");
}

interface CompiledRoute {
  readonly route: LocalRestRoute;
  /** None for a MOCK integration. */
  readonly uri?: AwsIntegrationUri;
}

interface RequestState {
  readonly requestId: string;
  readonly context: Record<string, unknown>;
  /** Lower-case names. */
  readonly headers: Record<string, string>;
  /** Names as the client spelled them (what `$input.params().header` shows). */
  readonly originalHeaders: Record<string, string>;
  readonly method: string;
  readonly sourceIp: string;
  integrationStatus?: number;
  integrationLatency?: number;
}

/** The emulator of one REST API stage; {@link handleRequest} is its request → response core. */
export class LocalRestApi {
  private readonly router: RestRouter<CompiledRoute & Pick<LocalRestRoute, 'httpMethod' | 'path'>>;
  private readonly validator = new BodyValidator();
  private readonly bucket?: TokenBucket;
  private readonly invoke: IntegrationInvoker;
  private readonly now: () => Date;

  constructor(
    readonly config: LocalRestApiConfig,
    private readonly options: LocalRestApiOptions,
  ) {
    if (!options.invokeIntegration && !options.awsEndpoint) throw new Error(`REST API ${config.name}: awsEndpoint or invokeIntegration is required`);
    this.now = options.now ?? (() => new Date());
    this.invoke = options.invokeIntegration ?? httpAwsIntegration({ endpoint: options.awsEndpoint as string, now: this.now });
    this.router = new RestRouter(
      config.routes.map((route) => {
        const { type } = route.integration;
        if (type !== 'AWS' && type !== 'MOCK') throw new Error(`REST API ${config.name}: ${route.httpMethod} ${route.path}: only AWS and MOCK integrations are emulated`);
        if (route.authorization && !options.cognito) throw new Error(`REST API ${config.name}: ${route.httpMethod} ${route.path} has a Cognito authorizer: give a token verifier (cognito)`);
        if (route.authorization && route.authorization.scopes.length > 0) {
          throw new Error(`REST API ${config.name}: ${route.httpMethod} ${route.path}: authorization scopes (access tokens) are not emulated`);
        }
        return { route, uri: type === 'MOCK' ? undefined : parseAwsIntegrationUri(route.integration.uri), httpMethod: route.httpMethod, path: route.path };
      }),
    );
    if (config.throttle) this.bucket = new TokenBucket(config.throttle.rateLimit, config.throttle.burstLimit, () => this.now().getTime());
  }

  /** Answers one request as the stage would. */
  async handleRequest(request: RestRequest): Promise<RestResponse> {
    const started = this.now();
    const url = new URL(request.url, 'http://localhost');
    const headers = headerMap(request.headers, true);
    const originalHeaders = headerMap(request.headers, false);
    const method = request.method.toUpperCase();
    const stagePrefix = `/${this.config.stageName}`;
    if (url.pathname !== stagePrefix && !url.pathname.startsWith(`${stagePrefix}/`)) return noSuchStage();
    const sourceIp = request.sourceIp ?? '127.0.0.1';
    const requestId = randomUUID();
    const extendedId = extendedRequestId();
    const host = headers.host ?? 'localhost';
    const context: Record<string, unknown> = {
      accountId: this.config.accountId ?? '000000000000',
      apiId: this.config.id,
      domainName: host,
      domainPrefix: host.split('.')[0],
      extendedRequestId: extendedId,
      httpMethod: method,
      identity: {
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
        accountId: '',
        apiKey: '',
        apiKeyId: '',
        caller: '',
        user: '',
        userArn: '',
      },
      path: url.pathname,
      protocol: request.protocol ?? 'HTTP/1.1',
      requestId,
      requestTime: clfTime(started),
      requestTimeEpoch: started.getTime(),
      resourceId: '',
      resourcePath: '',
      stage: this.config.stageName,
      requestOverride: { header: {}, path: {}, querystring: {} },
      responseOverride: { header: {} },
    };
    const state: RequestState = { requestId, context, headers, originalHeaders, method, sourceIp };
    const response = await this.process(request, url, state).catch((error: unknown) =>
      this.gatewayError(state, { responseType: 'API_CONFIGURATION_ERROR', message: 'Internal server error' }, error),
    );
    response.headers['x-amzn-requestid'] = requestId;
    response.headers['x-amz-apigw-id'] = extendedId;
    this.options.onAccessLog?.({
      requestId,
      ip: sourceIp,
      requestTime: String(context.requestTime),
      httpMethod: method,
      resourcePath: String(context.resourcePath),
      status: response.statusCode,
      responseLength: Buffer.byteLength(response.body, 'utf8'),
      ...(state.integrationStatus === undefined ? {} : { integrationStatus: state.integrationStatus }),
      ...(state.integrationLatency === undefined ? {} : { integrationLatency: state.integrationLatency }),
      ...(typeof (context.error as { message?: string } | undefined)?.message === 'string' ? { error: (context.error as { message: string }).message } : {}),
      ...(typeof (context.error as { validationErrorString?: string } | undefined)?.validationErrorString === 'string'
        ? { validationError: (context.error as { validationErrorString: string }).validationErrorString }
        : {}),
    });
    return response;
  }

  private async process(request: RestRequest, url: URL, state: RequestState): Promise<RestResponse> {
    const { context, headers, method } = state;
    const match = this.router.match(method, url.pathname.slice(this.config.stageName.length + 1) || '/');
    if (!match) return this.gatewayError(state, { responseType: 'MISSING_AUTHENTICATION_TOKEN' });
    const { route, uri } = match.route;
    context.resourcePath = route.path;
    context.resourceId = route.path;

    if (this.bucket && !this.bucket.tryTake()) return this.gatewayError(state, { responseType: 'THROTTLED' });
    if (Buffer.byteLength(request.body, 'utf8') > MAX_REQUEST_BYTES) return this.gatewayError(state, { responseType: 'REQUEST_TOO_LARGE' });
    if (route.authorization) {
      const refusal = await this.authorize(route.authorization, state);
      if (refusal) return refusal;
    }

    const querystring: Record<string, string> = {};
    for (const [name, value] of url.searchParams) querystring[name] = value;
    const params: TemplateParams = { path: match.pathParameters, querystring, header: state.originalHeaders };

    if (route.validateParameters) {
      const missing = route.requiredParameters.filter((parameter) => {
        const found = /^method\.request\.(path|querystring|multivaluequerystring|header|multivalueheader)\.(.+)$/.exec(parameter);
        if (!found) return false;
        const [, where, name] = found as unknown as [string, string, string];
        if (where === 'path') return !match.pathParameters[name];
        if (where === 'querystring' || where === 'multivaluequerystring') return querystring[name] === undefined;
        return headers[name.toLowerCase()] === undefined;
      });
      if (missing.length > 0) {
        const names = missing.map((parameter) => parameter.split('.').slice(3).join('.'));
        return this.gatewayError(state, { responseType: 'BAD_REQUEST_PARAMETERS', message: `Missing required request parameters: [${names.join(', ')}]` });
      }
    }

    const contentType = mediaType(headers['content-type']);
    if (route.validateBody) {
      const models = route.requestModels;
      const modelKey = Object.keys(models).find((key) => key.toLowerCase() === contentType) ?? (models.$default ? '$default' : undefined);
      if (modelKey !== undefined) {
        const result = this.validator.validate(models[modelKey] as object, request.body);
        if (!result.valid) {
          return this.gatewayError(state, { responseType: 'BAD_REQUEST_BODY', validationErrorString: validationErrorString(result.errors) });
        }
      }
    }

    const integration = route.integration;
    const templates = integration.requestTemplates ?? {};
    const template = templateFor(templates, contentType);
    let integrationBody: string;
    if (template !== undefined) {
      try {
        integrationBody = renderTemplate(template, { body: request.body, params, context, stageVariables: this.config.stageVariables });
      } catch (error) {
        if (error instanceof InvalidJsonPayloadError) {
          return this.gatewayError(state, { responseType: 'BAD_REQUEST_BODY', validationErrorString: validationErrorString([error.message]) });
        }
        return this.gatewayError(state, { responseType: 'API_CONFIGURATION_ERROR', message: 'Internal server error' }, error);
      }
    } else {
      const behavior = (integration.passthroughBehavior || 'WHEN_NO_MATCH').toUpperCase();
      if (behavior === 'NEVER' || (behavior === 'WHEN_NO_TEMPLATES' && Object.keys(templates).length > 0)) {
        return this.gatewayError(state, { responseType: 'UNSUPPORTED_MEDIA_TYPE' });
      }
      integrationBody = request.body;
    }
    if (!uri) return this.mockResponse(state, route, integrationBody, params);

    const integrationHeaders: Record<string, string> = {
      'user-agent': `AmazonAPIGateway_${this.config.id}`,
      'x-amzn-apigateway-api-id': this.config.id,
    };
    const integrationQuery: Record<string, string> = {};
    const integrationPathParams: Record<string, string> = {};
    for (const [target, source] of Object.entries(integration.requestParameters ?? {})) {
      const found = /^integration\.request\.(header|querystring|path)\.(.+)$/.exec(target);
      if (!found) continue;
      const value = this.requestParameterValue(source, params, context);
      if (value === undefined) continue;
      if (found[1] === 'header') integrationHeaders[(found[2] as string).toLowerCase()] = value;
      else if (found[1] === 'querystring') integrationQuery[found[2] as string] = value;
      else integrationPathParams[found[2] as string] = value;
    }
    const overrides = context.requestOverride as { header: Record<string, unknown>; path: Record<string, unknown>; querystring: Record<string, unknown> };
    for (const [name, value] of Object.entries(overrides.header ?? {})) if (value !== undefined && value !== null) integrationHeaders[name.toLowerCase()] = String(value);
    for (const [name, value] of Object.entries(overrides.querystring ?? {})) if (value !== undefined && value !== null) integrationQuery[name] = String(value);
    for (const [name, value] of Object.entries(overrides.path ?? {})) if (value !== undefined && value !== null) integrationPathParams[name] = String(value);
    integrationHeaders['content-type'] ??= 'application/json';

    let credentials: IntegrationRequest['credentials'];
    try {
      const sourceArn = `arn:aws:execute-api:${uri.region}:${this.config.accountId ?? '000000000000'}:${this.config.id}/${this.config.stageName}/${method}${route.path}`;
      credentials = this.options.integrationCredentials?.(integration.credentials, sourceArn);
    } catch (error) {
      return this.gatewayError(state, { responseType: 'API_CONFIGURATION_ERROR', message: 'Internal server error' }, error);
    }
    let integrationResponse: IntegrationResponse;
    const callStarted = Date.now();
    try {
      integrationResponse = await this.invoke({
        credentials,
        service: uri.service,
        region: uri.region,
        ...(uri.kind === 'action' ? { action: uri.target } : {}),
        method: (integration.httpMethod || 'POST').toUpperCase(),
        path: integrationPath(uri, integrationPathParams, integrationQuery),
        headers: integrationHeaders,
        body: integrationBody,
        timeoutMilliseconds: integration.timeoutMilliseconds ?? DEFAULT_INTEGRATION_TIMEOUT_MS,
      });
    } catch (error) {
      state.integrationLatency = Date.now() - callStarted;
      const timedOut = error instanceof IntegrationError && error.timedOut;
      return this.gatewayError(state, { responseType: timedOut ? 'INTEGRATION_TIMEOUT' : 'INTEGRATION_FAILURE' }, error);
    }
    state.integrationLatency = Date.now() - callStarted;
    state.integrationStatus = integrationResponse.statusCode;
    context.integration = {
      status: integrationResponse.statusCode,
      latency: state.integrationLatency,
      requestId: integrationResponse.headers['x-amzn-requestid'] ?? '',
    };
    context.awsEndpointRequestId = integrationResponse.headers['x-amzn-requestid'] ?? '';

    const selected = selectIntegrationResponse(route.integrationResponses, integrationResponse.statusCode);
    if (!selected) {
      return this.gatewayError(state, {
        responseType: 'API_CONFIGURATION_ERROR',
        message: 'Internal server error',
      });
    }
    return this.integrationResponse(state, selected, integrationResponse, params);
  }

  /**
   * A MOCK integration: no backend; the status is the `statusCode` of the rendered request template (200 without
   * one), which selects the integration response as a backend's status would
   * (https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-mock-integration.html).
   */
  private mockResponse(state: RequestState, route: LocalRestRoute, integrationBody: string, params: TemplateParams): RestResponse {
    let statusCode = 200;
    try {
      const parsed = JSON.parse(integrationBody) as { statusCode?: unknown };
      if (Number.isInteger(parsed?.statusCode)) statusCode = parsed.statusCode as number;
    } catch {
      // Not JSON (no template, or passthrough of a body that is not JSON): the default status.
    }
    state.integrationStatus = statusCode;
    const selected = selectIntegrationResponse(route.integrationResponses, statusCode);
    if (!selected) return this.gatewayError(state, { responseType: 'API_CONFIGURATION_ERROR', message: 'Internal server error' });
    return this.integrationResponse(state, selected, { statusCode, headers: {}, body: '' }, params);
  }

  /** Runs a Cognito authorizer; on success its claims are in `$context.authorizer.claims`, else the 401 to answer. */
  private async authorize(authorization: LocalRestAuthorization, state: RequestState): Promise<RestResponse | undefined> {
    const header = /^method\.request\.header\.(.+)$/.exec(authorization.identitySource)?.[1];
    if (!header) return this.gatewayError(state, { responseType: 'AUTHORIZER_CONFIGURATION_ERROR' }, new Error(`identity source ${authorization.identitySource} is not emulated`));
    const raw = state.headers[header.toLowerCase()]?.trim();
    if (!raw) return this.gatewayError(state, { responseType: 'UNAUTHORIZED' });
    const token = raw.replace(/^Bearer\s+/i, '');
    const verdict = await (this.options.cognito as CognitoTokenVerifier).verifyForAuthorizer(token, authorization.providerArns);
    if ('problem' in verdict) {
      return this.gatewayError(state, { responseType: 'UNAUTHORIZED', ...(verdict.problem === 'expired' ? { message: 'The incoming token has expired' } : {}) });
    }
    const claims = Object.fromEntries(Object.entries(verdict.claims).map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]));
    state.context.authorizer = { claims };
    return undefined;
  }

  /** The value of an integration request parameter mapping (`'literal'`, `method.request.header.X`, `context.requestId`, ...). */
  private requestParameterValue(source: string, params: TemplateParams, context: Record<string, unknown>): string | undefined {
    if (isLiteral(source)) return source.slice(1, -1);
    const methodRequest = /^method\.request\.(path|querystring|multivaluequerystring|header|multivalueheader)\.(.+)$/.exec(source);
    if (methodRequest) {
      const [, where, name] = methodRequest as unknown as [string, string, string];
      if (where === 'path') return params.path[name];
      if (where === 'querystring' || where === 'multivaluequerystring') return params.querystring[name];
      const header = Object.keys(params.header).find((key) => key.toLowerCase() === name.toLowerCase());
      return header === undefined ? undefined : params.header[header];
    }
    const fromContext = /^context\.(.+)$/.exec(source);
    if (fromContext) {
      let current: unknown = context;
      for (const key of (fromContext[1] as string).split('.')) current = current && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined;
      return current === undefined || current === null ? undefined : String(current);
    }
    const stageVariable = /^stageVariables\.(.+)$/.exec(source);
    if (stageVariable) return this.config.stageVariables?.[stageVariable[1] as string];
    return undefined;
  }

  private integrationResponse(state: RequestState, selected: LocalIntegrationResponse, integration: IntegrationResponse, params: TemplateParams): RestResponse {
    const { context, headers } = state;
    const templates = selected.responseTemplates ?? {};
    const keys = Object.keys(templates);
    const accept = headers.accept;
    const acceptedKey = accept ? keys.find((key) => accept.split(',').some((part) => part.trim().split(';')[0]?.toLowerCase() === key.toLowerCase())) : undefined;
    const key = acceptedKey ?? keys.find((candidate) => candidate.toLowerCase() === 'application/json') ?? keys[0];
    let body = integration.body;
    const contentType = key ?? 'application/json';
    const template = key === undefined ? undefined : templates[key];
    if (template !== undefined && template !== '') {
      try {
        body = renderTemplate(template, { body: integration.body, params, context, stageVariables: this.config.stageVariables });
      } catch (error) {
        return this.gatewayError(state, { responseType: 'API_CONFIGURATION_ERROR', message: 'Internal server error' }, error);
      }
    }
    const responseHeaders: Record<string, string> = { 'content-type': contentType };
    for (const [target, source] of Object.entries(selected.responseParameters ?? {})) {
      const header = /^method\.response\.header\.(.+)$/.exec(target)?.[1];
      if (!header) continue;
      let value: string | undefined;
      if (isLiteral(source)) value = source.slice(1, -1);
      else {
        const fromIntegration = /^integration\.response\.header\.(.+)$/.exec(source)?.[1];
        if (fromIntegration) value = integration.headers[fromIntegration.toLowerCase()];
      }
      if (value !== undefined) responseHeaders[header.toLowerCase()] = value;
    }
    const override = context.responseOverride as { status?: unknown; header?: Record<string, unknown> };
    for (const [name, value] of Object.entries(override.header ?? {})) {
      if (value !== undefined && value !== null) responseHeaders[name.toLowerCase()] = String(value);
    }
    const overriddenStatus = Number(override.status);
    const statusCode = override.status !== undefined && override.status !== null && Number.isInteger(overriddenStatus) && overriddenStatus >= 100 && overriddenStatus <= 599 ? overriddenStatus : Number(selected.statusCode);
    context.status = statusCode;
    return { statusCode, headers: responseHeaders, body };
  }

  private gatewayError(state: RequestState, error: GatewayError, cause?: unknown): RestResponse {
    if (cause !== undefined) this.options.onError?.(cause, error.responseType);
    const rendered = renderGatewayResponse(this.config.gatewayResponses, error, state.context, {
      accept: state.headers.accept,
      stageVariables: this.config.stageVariables,
    });
    state.context.error = {
      message: error.message ?? GATEWAY_RESPONSE_TYPES[error.responseType]?.message ?? 'Internal server error',
      responseType: error.responseType,
      ...(error.validationErrorString === undefined ? {} : { validationErrorString: error.validationErrorString }),
    };
    state.context.status = rendered.statusCode;
    return { statusCode: rendered.statusCode, headers: { ...rendered.headers }, body: rendered.body };
  }
}

/**
 * What the execute-api endpoint answers for a path whose first segment is no stage of the API (`/captures` instead
 * of `/v1/captures`): 403 Forbidden, not one of the API's gateway responses (no stage, so no deployment, is chosen).
 */
function noSuchStage(): RestResponse {
  const body = JSON.stringify({ message: 'Forbidden' });
  return { statusCode: 403, headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'ForbiddenException', 'x-amzn-requestid': randomUUID() }, body };
}

/**
 * The integration response for a status code: the first whose `selectionPattern` (a Java regex) matches the
 * whole status code, else the one without a pattern (the default), else none.
 */
export function selectIntegrationResponse(responses: readonly LocalIntegrationResponse[], statusCode: number): LocalIntegrationResponse | undefined {
  const status = String(statusCode);
  const matched = responses.find((response) => response.selectionPattern !== undefined && response.selectionPattern !== '' && javaMatches(status, response.selectionPattern));
  return matched ?? responses.find((response) => response.selectionPattern === undefined || response.selectionPattern === '');
}

/** Answers `request` with `api` (the pure request → response core of the emulator). */
export function handleRequest(api: LocalRestApi, request: RestRequest): Promise<RestResponse> {
  return api.handleRequest(request);
}

export interface StartRestApiOptions {
  /** @default "127.0.0.1" */
  readonly host?: string;
  /** 0 picks a free port (the local runtime passes 3000). @default 0 */
  readonly port?: number;
  /** Base URL of the local AWS endpoint the integrations call. */
  readonly awsEndpoint?: string;
  /** Replaces the HTTP call to `awsEndpoint`. */
  readonly invokeIntegration?: IntegrationInvoker;
  readonly now?: () => Date;
  readonly onAccessLog?: (entry: AccessLogEntry) => void;
  readonly onError?: (error: unknown, responseType: string) => void;
  readonly integrationCredentials?: LocalRestApiOptions['integrationCredentials'];
  /** Verifies tokens of `COGNITO_USER_POOLS` authorizers. */
  readonly cognito?: CognitoTokenVerifier;
}

export interface RunningRestApi {
  /** The stage's invoke URL, `http://host:port/<stage>` (as `aws_api_gateway_stage.invoke_url`). */
  readonly url: string;
  /** `http://host:port`. */
  readonly origin: string;
  readonly api: LocalRestApi;
  readonly server: http.Server;
  stop(): Promise<void>;
}

/** Serves `config` over HTTP. */
export async function startRestApi(config: LocalRestApiConfig, options: StartRestApiOptions): Promise<RunningRestApi> {
  const api = new LocalRestApi(config, {
    ...(options.awsEndpoint === undefined ? {} : { awsEndpoint: options.awsEndpoint }),
    ...(options.invokeIntegration === undefined ? {} : { invokeIntegration: options.invokeIntegration }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.onAccessLog === undefined ? {} : { onAccessLog: options.onAccessLog }),
    ...(options.onError === undefined ? {} : { onError: options.onError }),
    ...(options.integrationCredentials === undefined ? {} : { integrationCredentials: options.integrationCredentials }),
    ...(options.cognito === undefined ? {} : { cognito: options.cognito }),
  });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      // Keeps the chunk that crosses the limit (so the core sees an oversized body) and drops the rest.
      if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
      size += chunk.length;
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      api
        .handleRequest({
          method: req.method ?? 'GET',
          url: req.url ?? '/',
          headers: rawHeaderMap(req.rawHeaders),
          body,
          sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
          protocol: `HTTP/${req.httpVersion}`,
        })
        .then((response) => {
          const buffer = Buffer.from(response.body, 'utf8');
          res.writeHead(response.statusCode, { ...response.headers, 'content-length': String(buffer.length) });
          res.end(buffer);
        })
        .catch((error: unknown) => {
          const text = JSON.stringify({ message: 'Internal server error' });
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
          res.end(text);
          options.onError?.(error, 'API_CONFIGURATION_ERROR');
        });
    });
  });
  const host = options.host ?? '127.0.0.1';
  const origin = await listen(server, host, options.port ?? 0);
  return {
    url: `${origin}/${config.stageName}`,
    origin,
    api,
    server,
    async stop() {
      if (!server.listening) return;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
