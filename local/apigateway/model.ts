/**
 * Plain configuration of a local API Gateway REST API. The local runtime's wiring fills it from the synthesized
 * Terraform JSON (`aws_api_gateway_*` resources) with Terraform references already resolved.
 */

/** One gateway response (`aws_api_gateway_gateway_response`). Its templates are NOT Velocity: only `$context.*` substitution. */
export interface LocalGatewayResponse {
  /** `BAD_REQUEST_BODY`, `DEFAULT_4XX`, `DEFAULT_5XX`, `MISSING_AUTHENTICATION_TOKEN`, ... */
  readonly responseType: string;
  /** Overrides the type's default status. */
  readonly statusCode?: string;
  /** Content type → body template. */
  readonly responseTemplates: Record<string, string>;
  /** Header name → value (`'literal'` or a `$context`-free mapping). @default none */
  readonly responseParameters?: Record<string, string>;
}

/**
 * The integration of a method (`aws_api_gateway_integration`). AWS service integrations and MOCK integrations
 * (the request template's `{"statusCode": …}` selects the integration response, no backend is called) are emulated.
 */
export interface LocalRestIntegration {
  readonly type: 'AWS' | 'MOCK';
  /** `arn:aws:apigateway:<region>:<service>:action/<Action>` or `…:<service>:path/<path>`; empty for MOCK. */
  readonly uri: string;
  /** HTTP method of the call to the service (`integration_http_method`). */
  readonly httpMethod: string;
  /** `integration.request.header.X` → `'literal'` or `method.request.{path|querystring|header}.Y`. */
  readonly requestParameters: Record<string, string>;
  /** Content type → Velocity template. */
  readonly requestTemplates: Record<string, string>;
  /** `WHEN_NO_MATCH` (AWS's default), `WHEN_NO_TEMPLATES` or `NEVER`. */
  readonly passthroughBehavior: string;
  /** Integration timeout. @default 29000 */
  readonly timeoutMilliseconds?: number;
  /** The role API Gateway assumes to call the service (`credentials`). @default none */
  readonly credentials?: string;
}

/** One integration response (`aws_api_gateway_integration_response`). */
export interface LocalIntegrationResponse {
  readonly statusCode: string;
  /** Java regex matched against the integration's HTTP status code; none = the default response. */
  readonly selectionPattern?: string;
  /** Content type → Velocity template. */
  readonly responseTemplates: Record<string, string>;
  /** `method.response.header.X` → `'literal'` or `integration.response.header.Y`. @default none */
  readonly responseParameters?: Record<string, string>;
}

/** A method's `COGNITO_USER_POOLS` authorizer (`aws_api_gateway_authorizer` + the method's scopes). */
export interface LocalRestAuthorization {
  readonly type: 'COGNITO_USER_POOLS';
  /** ARNs of the user pools whose tokens are accepted. */
  readonly providerArns: readonly string[];
  /** Where the token is, e.g. `method.request.header.Authorization`. */
  readonly identitySource: string;
  /** The method's `authorization_scopes`: none means ID tokens, some means access tokens with one of them. */
  readonly scopes: readonly string[];
}

/** Verifies tokens for Cognito authorizers (the local user pools). */
export interface CognitoTokenVerifier {
  verifyForAuthorizer(token: string, poolArns: readonly string[]): Promise<{ readonly claims: Record<string, unknown> } | { readonly problem: 'expired' | 'invalid' }>;
}

/** One method on one resource. */
export interface LocalRestRoute {
  /** `POST`, `GET`, … or `ANY`. */
  readonly httpMethod: string;
  /** Resource path template: `/captures`, `/carts/{cartId}/items`, `/files/{proxy+}`. */
  readonly path: string;
  /** The method's authorizer. @default none (`authorization = "NONE"`) */
  readonly authorization?: LocalRestAuthorization;
  /** Content type → draft-04 JSON Schema (already parsed). */
  readonly requestModels: Record<string, object>;
  readonly validateBody: boolean;
  readonly validateParameters: boolean;
  /** Required method request parameters, e.g. `method.request.path.cartId`, `method.request.querystring.page`. */
  readonly requiredParameters: readonly string[];
  readonly integration: LocalRestIntegration;
  readonly integrationResponses: readonly LocalIntegrationResponse[];
}

export interface LocalRestApiConfig {
  readonly name: string;
  readonly id: string;
  readonly stageName: string;
  readonly routes: readonly LocalRestRoute[];
  readonly gatewayResponses: readonly LocalGatewayResponse[];
  /** Stage-wide (`*\/*`) throttling. @default none */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
  /** Stage variables (`$stageVariables`). @default none */
  readonly stageVariables?: Record<string, string>;
  /** Account id of the API (`$context.accountId`). @default "000000000000" */
  readonly accountId?: string;
}

/** A request as API Gateway receives it. */
export interface RestRequest {
  readonly method: string;
  /** Path and query string as sent, e.g. `/v1/captures?x=1` (the query may also be given in `query`). */
  readonly url: string;
  /** Header names in any case; Node's `IncomingHttpHeaders` fits. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly body: string;
  /** @default "127.0.0.1" */
  readonly sourceIp?: string;
  /** @default "HTTP/1.1" */
  readonly protocol?: string;
}

/** The answer API Gateway sends. */
export interface RestResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** The request API Gateway sends to the AWS service. */
export interface IntegrationRequest {
  /** e.g. `events`. */
  readonly service: string;
  readonly region: string;
  /** e.g. `PutEvents` for `action/PutEvents` URIs. */
  readonly action?: string;
  readonly method: string;
  /** Path and query string, e.g. `/`. */
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** @default 29000 */
  readonly timeoutMilliseconds: number;
  /** Sign with these (the integration role's session) instead of the invoker's default credentials. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
}

/** What the AWS service answered. */
export interface IntegrationResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Sends an integration request (the default one signs it and sends it to the local AWS endpoint). */
export type IntegrationInvoker = (request: IntegrationRequest) => Promise<IntegrationResponse>;

/** An integration request that could not be sent, or got no answer in time. */
export class IntegrationError extends Error {
  constructor(
    message: string,
    readonly timedOut: boolean,
  ) {
    super(message);
    this.name = 'IntegrationError';
  }
}
