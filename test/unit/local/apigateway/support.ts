import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiBodies } from '../../../../handlers/src/events/api-bodies';
import { toJsonSchemaDraft4 } from '../../../../handlers/src/events/json-schema';
import { CART_ID_PATTERN } from '../../../../handlers/src/events/primitives';
import type { LocalRestApiConfig, LocalRestRoute } from '../../../../local/apigateway/model';
import { ControllableClock } from '../../../../local/clock';
import { CognitoService } from '../../../../local/cognito';
import {
  BAD_REQUEST_BODY_TEMPLATE,
  DEFAULT_ERROR_TEMPLATE,
  putEventsErrorTemplate,
  putEventsRequestTemplate,
  putEventsResponseTemplate,
} from '../../../../modules/event-api/mapping-templates';

export const BUS_NAME = 'fakemon-test-bus';
export const REGION = 'eu-west-1';
export const POOL_ID = `${REGION}_TestPool1`;
export const POOL_ARN = `arn:aws:cognito-idp:${REGION}:000000000000:userpool/${POOL_ID}`;
const CLIENT_ID = 'testgameclient000000000000';

/** The players of these tests: a real local user pool (in process) that signs players in. */
export interface TestPlayers {
  readonly cognito: CognitoService;
  readonly clock: ControllableClock;
  /** An ID token of `name` (created on first use). */
  token(name: string): Promise<string>;
}

export function testPlayers(): TestPlayers {
  const clock = new ControllableClock();
  const cognito = new CognitoService(
    { region: REGION, clock, endpoint: () => 'http://127.0.0.1:4566', invokeLambda: () => Promise.reject(new Error('no triggers here')) },
    [
      {
        id: POOL_ID,
        name: 'players',
        arn: POOL_ARN,
        passwordPolicy: { minimumLength: 8, requireLowercase: false, requireUppercase: false, requireNumbers: false, requireSymbols: false, temporaryPasswordValidityDays: 7 },
        usernameCaseSensitive: false,
        mfaConfiguration: 'OFF',
        deletionProtection: 'INACTIVE',
        adminCreateUserOnly: false,
        clients: [
          {
            id: CLIENT_ID,
            name: 'game',
            explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
            idTokenValidityMinutes: 60,
            accessTokenValidityMinutes: 60,
            refreshTokenValidityDays: 1,
            preventUserExistenceErrors: 'ENABLED',
          },
        ],
      },
    ],
  );
  const tokens = new Map<string, string>();
  return {
    cognito,
    clock,
    async token(name) {
      const known = tokens.get(name);
      if (known) return known;
      await cognito.adminCreateUser({ UserPoolId: POOL_ID, Username: name, MessageAction: 'SUPPRESS' });
      cognito.adminSetUserPassword({ UserPoolId: POOL_ID, Username: name, Password: 'password-1', Permanent: true });
      const auth = (await cognito.initiateAuth({ ClientId: CLIENT_ID, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: name, PASSWORD: 'password-1' } })) as {
        AuthenticationResult: { IdToken: string };
      };
      tokens.set(name, auth.AuthenticationResult.IdToken);
      return auth.AuthenticationResult.IdToken;
    },
  };
}

/** One route as `modules/event-api/event-api.ts` deploys it (same authorizer, templates, responses and patterns). */
export function eventRoute(options: {
  path: string;
  schema: object;
  source: string;
  detailType: string;
  pathParameters?: Record<string, string>;
  callerField: string;
  attemptIdField?: string;
  acceptedBody: string;
}): LocalRestRoute {
  const pathParameters = options.pathParameters ?? {};
  const target = { busName: BUS_NAME, source: options.source, detailType: options.detailType, pathParameters, callerField: options.callerField, attemptIdField: options.attemptIdField };
  return {
    httpMethod: 'POST',
    path: options.path,
    authorization: { type: 'COGNITO_USER_POOLS', providerArns: [POOL_ARN], identitySource: 'method.request.header.Authorization', scopes: [] },
    requestModels: { 'application/json': options.schema },
    validateBody: true,
    validateParameters: true,
    requiredParameters: Object.keys(pathParameters).map((name) => `method.request.path.${name}`),
    integration: {
      type: 'AWS',
      uri: `arn:aws:apigateway:${REGION}:events:action/PutEvents`,
      httpMethod: 'POST',
      passthroughBehavior: 'NEVER',
      requestParameters: {
        'integration.request.header.X-Amz-Target': "'AWSEvents.PutEvents'",
        'integration.request.header.Content-Type': "'application/x-amz-json-1.1'",
      },
      requestTemplates: { 'application/json': putEventsRequestTemplate(target) },
    },
    integrationResponses: [
      { statusCode: '202', responseTemplates: { 'application/json': putEventsResponseTemplate(options.acceptedBody) } },
      { statusCode: '500', selectionPattern: '[45]\\d{2}', responseTemplates: { 'application/json': putEventsErrorTemplate(target) } },
    ],
  };
}

/** The stack's event API: `POST /captures` and `POST /carts/{cartId}/items`, with its gateway responses. */
export function eventApiConfig(overrides: Partial<LocalRestApiConfig> = {}): LocalRestApiConfig {
  return {
    name: 'fakemon-test-api',
    id: 'a1b2c3d4e5',
    stageName: 'v1',
    routes: [
      eventRoute({
        path: '/captures',
        schema: toJsonSchemaDraft4(apiBodies.capture.schema),
        source: 'fakemon.attempt-to-capture-api',
        detailType: 'fakemon.capture_attempt',
        callerField: 'player',
        attemptIdField: 'attemptId',
        acceptedBody: '{"attemptId":"$attemptId"}',
      }),
      eventRoute({
        path: '/carts/{cartId}/items',
        schema: toJsonSchemaDraft4(apiBodies.cartItem.schema),
        source: 'cart.api',
        detailType: 'cart.item_added',
        pathParameters: { cartId: CART_ID_PATTERN },
        callerField: 'user',
        acceptedBody: '{"message":"item received"}',
      }),
    ],
    gatewayResponses: [
      { responseType: 'BAD_REQUEST_BODY', statusCode: '400', responseTemplates: { 'application/json': BAD_REQUEST_BODY_TEMPLATE } },
      { responseType: 'DEFAULT_4XX', responseTemplates: { 'application/json': DEFAULT_ERROR_TEMPLATE } },
      { responseType: 'DEFAULT_5XX', responseTemplates: { 'application/json': DEFAULT_ERROR_TEMPLATE } },
    ],
    ...overrides,
  };
}

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export type EventBridgeBehaviour = 'accept' | 'fail-entry' | 'throttle-entry' | 'internal-error' | 'throttle' | 'access-denied';

/**
 * A stand-in for the local AWS endpoint's EventBridge: records every request and answers `PutEvents` as
 * EventBridge does (empty `Entries` → 400 ValidationException).
 */
export class FakeEventBridgeEndpoint {
  readonly requests: RecordedRequest[] = [];
  readonly eventIds: string[] = [];
  behaviour: EventBridgeBehaviour = 'accept';
  private server?: http.Server;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        this.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        const [status, answer, errorType] = this.answer(req, body);
        res.writeHead(status, {
          'content-type': 'application/x-amz-json-1.1',
          'x-amzn-requestid': randomUUID(),
          ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
        });
        res.end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  private answer(req: http.IncomingMessage, body: string): [number, unknown, string?] {
    if (req.headers['x-amz-target'] !== 'AWSEvents.PutEvents') return [400, { __type: 'UnknownOperationException' }, 'UnknownOperationException'];
    if (this.behaviour === 'internal-error') return [500, { __type: 'InternalException', message: 'Internal error' }, 'InternalException'];
    // EventBridge answers 400 for throttling and access errors too (https://docs.aws.amazon.com/eventbridge/latest/APIReference/CommonErrors.html)
    if (this.behaviour === 'throttle') return [400, { __type: 'ThrottlingException', message: 'Rate exceeded' }, 'ThrottlingException'];
    if (this.behaviour === 'access-denied') {
      return [400, { __type: 'AccessDeniedException', message: 'User is not authorized to perform: events:PutEvents' }, 'AccessDeniedException'];
    }
    let parsed: { Entries?: unknown[] };
    try {
      parsed = JSON.parse(body) as { Entries?: unknown[] };
    } catch {
      return [400, { __type: 'SerializationException' }, 'SerializationException'];
    }
    const entries = parsed.Entries ?? [];
    if (entries.length === 0) {
      return [
        400,
        { __type: 'ValidationException', message: "1 validation error detected: Value '[]' at 'entries' failed to satisfy constraint: Member must have length greater than or equal to 1" },
        'ValidationException',
      ];
    }
    if (this.behaviour === 'throttle-entry') return [200, { FailedEntryCount: 1, Entries: [{ ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }] }];
    if (this.behaviour === 'fail-entry') {
      return [200, { FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'Internal failure "x" \\ y' }] }];
    }
    const results = entries.map(() => {
      const id = randomUUID();
      this.eventIds.push(id);
      return { EventId: id };
    });
    return [200, { FailedEntryCount: 0, Entries: results }];
  }

  /** The `Entries` of every PutEvents request received. */
  entries(): Array<{ EventBusName: string; Source: string; DetailType: string; Detail: string }> {
    return this.requests.flatMap((request) => (JSON.parse(request.body) as { Entries: Array<{ EventBusName: string; Source: string; DetailType: string; Detail: string }> }).Entries);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
  json<T = Record<string, unknown>>(): T;
}

/** A plain HTTP request (what a player's app sends). */
export function send(url: string, options: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<HttpAnswer> {
  const target = new URL(url);
  const body = options.body ?? '';
  return new Promise<HttpAnswer>((resolve, reject) => {
    const req = http.request(
      {
        hostname: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: options.method ?? 'POST',
        headers: { 'content-length': String(Buffer.byteLength(body)), ...(options.headers ?? { 'content-type': 'application/json' }) },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: <T>() => JSON.parse(text) as T });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
