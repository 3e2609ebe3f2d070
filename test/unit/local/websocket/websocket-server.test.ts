import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import {
  startWebSocketApi,
  type LambdaInvoker,
  type LambdaProxyResult,
  type RunningWebSocketApi,
} from '../../../../local/websocket/websocket-server';
import { ControllableClock } from '../../../../local/clock';

interface Invocation {
  readonly functionName: string;
  readonly event: {
    requestContext: Record<string, unknown> & { routeKey: string; connectionId: string; eventType: string };
    queryStringParameters?: Record<string, string>;
    multiValueQueryStringParameters?: Record<string, string[]>;
    headers?: Record<string, string>;
    body?: string;
    isBase64Encoded?: boolean;
  };
}

/** Records invocations; `$connect` answers 400 without a player, as ws-connect does. */
class FakeInvoker implements LambdaInvoker {
  readonly calls: Invocation[] = [];
  connectAnswer: (event: Invocation['event']) => Promise<LambdaProxyResult | undefined> = async (event) =>
    event.queryStringParameters?.player ? { statusCode: 200 } : { statusCode: 400, body: JSON.stringify({ message: 'the player query string parameter is required' }) };

  async invoke(functionName: string, payload: unknown): Promise<LambdaProxyResult | undefined> {
    const event = payload as Invocation['event'];
    this.calls.push({ functionName, event });
    if (event.requestContext.routeKey === '$connect') return this.connectAnswer(event);
    return { statusCode: 200 };
  }

  routes(routeKey: string): Invocation[] {
    return this.calls.filter((call) => call.event.requestContext.routeKey === routeKey);
  }
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

interface Client {
  readonly socket: WebSocket;
  readonly messages: string[];
  readonly closed: Promise<{ code: number; reason: string }>;
}

function connect(url: string, headers: Record<string, string> = {}): Promise<Client> {
  return new Promise<Client>((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    const messages: string[] = [];
    const closed = new Promise<{ code: number; reason: string }>((done) => socket.on('close', (code, reason) => done({ code, reason: reason.toString() })));
    socket.on('message', (data) => messages.push(data.toString()));
    socket.once('open', () => resolve({ socket, messages, closed }));
    socket.once('unexpected-response', (_req, res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => reject(Object.assign(new Error(`unexpected response ${res.statusCode}`), { statusCode: res.statusCode, body: Buffer.concat(chunks).toString() })));
    });
    socket.once('error', reject);
  });
}

describe('local WebSocket API', () => {
  let invoker: FakeInvoker;
  let api: RunningWebSocketApi;
  let management: ApiGatewayManagementApiClient;
  const opened: WebSocket[] = [];

  beforeEach(async () => {
    invoker = new FakeInvoker();
    api = await startWebSocketApi(
      { apiId: 'ws1234abcd', stageName: 'live', routes: { $connect: { functionName: 'ws-connect' }, $disconnect: { functionName: 'ws-connect' } } },
      { host: '127.0.0.1', port: 0, invoker },
    );
    management = new ApiGatewayManagementApiClient({
      endpoint: api.managementEndpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });

  afterEach(async () => {
    for (const socket of opened.splice(0)) socket.terminate();
    management.destroy();
    await api.stop();
  });

  const open = async (query = '?player=ash', headers: Record<string, string> = {}): Promise<Client & { connectionId: string }> => {
    const client = await connect(`${api.url}${query}`, headers);
    opened.push(client.socket);
    const connectionId = invoker.routes('$connect').at(-1)?.event.requestContext.connectionId as string;
    return { ...client, connectionId };
  };

  it('serves ws://host:port/<stage> and the management endpoint http://host:port/<stage>', () => {
    expect(api.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/live$/);
    expect(api.managementEndpoint).toBe(api.url.replace(/^ws:/, 'http:'));
  });

  it('invokes $connect with an API-Gateway-shaped event and accepts the connection', async () => {
    const client = await open('?player=ash&team=red&team=blue', { 'User-Agent': 'fakemon-app/1.0' });

    const [call] = invoker.routes('$connect');
    expect(call?.functionName).toBe('ws-connect');
    const event = call?.event as Invocation['event'];
    expect(event.queryStringParameters).toEqual({ player: 'ash', team: 'blue' });
    expect(event.multiValueQueryStringParameters).toEqual({ player: ['ash'], team: ['red', 'blue'] });
    expect(event.isBase64Encoded).toBe(false);
    expect(event.headers).toMatchObject({ Host: expect.stringMatching(/^127\.0\.0\.1:\d+$/), 'User-Agent': 'fakemon-app/1.0', 'Sec-WebSocket-Version': '13' });
    expect(event.requestContext).toMatchObject({
      routeKey: '$connect',
      eventType: 'CONNECT',
      messageDirection: 'IN',
      connectionId: expect.stringMatching(/^[A-Za-z0-9]{15}=$/),
      connectedAt: expect.any(Number),
      requestTimeEpoch: expect.any(Number),
      requestTime: expect.stringMatching(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/),
      requestId: expect.any(String),
      extendedRequestId: expect.any(String),
      apiId: 'ws1234abcd',
      stage: 'live',
      domainName: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      identity: { sourceIp: '127.0.0.1', userAgent: 'fakemon-app/1.0' },
    });
    expect(api.registry.isOpen(client.connectionId)).toBe(true);
    expect(api.registry.connectionIds()).toEqual([client.connectionId]);
  });

  it('leaves the query string parameters out when there are none', async () => {
    invoker.connectAnswer = async () => ({ statusCode: 200 });
    await open('');
    const event = invoker.routes('$connect')[0]?.event;
    expect(event?.queryStringParameters).toBeUndefined();
    expect(event?.multiValueQueryStringParameters).toBeUndefined();
  });

  it('refuses the connection with the status $connect answers (400)', async () => {
    await expect(connect(api.url)).rejects.toMatchObject({ statusCode: 400, body: JSON.stringify({ message: 'the player query string parameter is required' }) });
    expect(invoker.routes('$connect')).toHaveLength(1);
    expect(api.registry.connectionIds()).toEqual([]);
    await api.idle();
    expect(invoker.routes('$disconnect')).toHaveLength(0);
  });

  it('refuses the connection with 500 when $connect fails', async () => {
    const errors: string[] = [];
    await api.stop();
    api = await startWebSocketApi(
      { apiId: 'ws1234abcd', stageName: 'live', routes: { $connect: { functionName: 'ws-connect' } } },
      {
        invoker: { invoke: async () => Promise.reject(new Error('boom')) },
        onError: (_error, routeKey) => errors.push(routeKey),
      },
    );
    await expect(connect(`${api.url}?player=ash`)).rejects.toMatchObject({ statusCode: 500 });
    expect(errors).toEqual(['$connect']);
  });

  it('refuses an upgrade outside the stage with 403', async () => {
    await expect(connect(api.url.replace(/\/live$/, '/other'))).rejects.toMatchObject({ statusCode: 403 });
    expect(invoker.calls).toHaveLength(0);
  });

  it('invokes $disconnect when the client closes, and the connection is then gone', async () => {
    const client = await open();
    client.socket.close(1000, 'bye');
    await client.closed;
    await waitFor(() => invoker.routes('$disconnect').length === 1, '$disconnect');

    const event = invoker.routes('$disconnect')[0]?.event;
    expect(event?.requestContext).toMatchObject({
      routeKey: '$disconnect',
      eventType: 'DISCONNECT',
      connectionId: client.connectionId,
      disconnectStatusCode: 1000,
      disconnectReason: 'bye',
      stage: 'live',
      apiId: 'ws1234abcd',
    });
    expect(api.registry.isOpen(client.connectionId)).toBe(false);
    await expect(management.send(new PostToConnectionCommand({ ConnectionId: client.connectionId, Data: Buffer.from('{}') }))).rejects.toMatchObject({
      name: 'GoneException',
      $metadata: { httpStatusCode: 410 },
    });
  });

  it('delivers PostToConnection messages to the client through the real SDK', async () => {
    const ash = await open('?player=ash');
    const misty = await open('?player=misty');

    await management.send(new PostToConnectionCommand({ ConnectionId: ash.connectionId, Data: Buffer.from(JSON.stringify({ type: 'capture_succeeded', fakemon: 'pikachu' })) }));
    await management.send(new PostToConnectionCommand({ ConnectionId: misty.connectionId, Data: new TextEncoder().encode('héllo 🔥') }));
    await waitFor(() => ash.messages.length === 1 && misty.messages.length === 1, 'messages');

    expect(JSON.parse(ash.messages[0] as string)).toEqual({ type: 'capture_succeeded', fakemon: 'pikachu' });
    expect(misty.messages).toEqual(['héllo 🔥']);
  });

  it('answers GetConnection with the connection details', async () => {
    const client = await open('?player=ash', { 'User-Agent': 'fakemon-app/2.0' });
    const info = await management.send(new GetConnectionCommand({ ConnectionId: client.connectionId }));
    expect(info.ConnectedAt).toBeInstanceOf(Date);
    expect(info.LastActiveAt).toBeInstanceOf(Date);
    expect(info.Identity).toEqual({ SourceIp: '127.0.0.1', UserAgent: 'fakemon-app/2.0' });
  });

  it('closes the connection on DeleteConnection and then runs $disconnect', async () => {
    const client = await open();
    await management.send(new DeleteConnectionCommand({ ConnectionId: client.connectionId }));
    const closed = await client.closed;
    expect(closed.code).toBe(1000);
    await waitFor(() => invoker.routes('$disconnect').length === 1, '$disconnect');
    await expect(management.send(new DeleteConnectionCommand({ ConnectionId: client.connectionId }))).rejects.toMatchObject({ name: 'GoneException' });
  });

  it('drops a connection silently: the next post is 410 Gone and $disconnect never runs', async () => {
    const client = await open();
    expect(api.registry.dropSilently(client.connectionId)).toBe(true);
    const closed = await client.closed;
    expect(closed.code).toBe(1006);

    await expect(management.send(new PostToConnectionCommand({ ConnectionId: client.connectionId, Data: Buffer.from('{}') }))).rejects.toMatchObject({
      name: 'GoneException',
      $metadata: { httpStatusCode: 410 },
    });
    await api.idle();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(invoker.routes('$disconnect')).toHaveLength(0);
    expect(api.registry.dropSilently(client.connectionId)).toBe(false);
  });

  it('ignores inbound messages when there is no matching route and no $default', async () => {
    const client = await open();
    client.socket.send(JSON.stringify({ action: 'ping' }));
    client.socket.send('hello');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await api.idle();
    expect(invoker.calls.map((call) => call.event.requestContext.routeKey)).toEqual(['$connect']);
    expect(client.messages).toEqual([]);
  });

  it('closes every connection on stop without running $disconnect', async () => {
    const client = await open();
    await api.stop();
    expect((await client.closed).code).toBe(1001);
    expect(invoker.routes('$disconnect')).toHaveLength(0);
  });
});

describe('local WebSocket API message routes', () => {
  it('routes messages by $request.body.action, else to $default', async () => {
    const invoker = new FakeInvoker();
    const api = await startWebSocketApi(
      {
        apiId: 'ws1',
        stageName: 'dev',
        routes: { $connect: { functionName: 'connect' }, ping: { functionName: 'pinger' }, $default: { functionName: 'fallback' } },
      },
      { invoker },
    );
    try {
      const client = await connect(`${api.url}?player=ash`);
      client.socket.send(JSON.stringify({ action: 'ping', n: 1 }));
      client.socket.send(JSON.stringify({ action: 'unknown' }));
      client.socket.send('not json');
      client.socket.send(Buffer.from([0xff, 0x00]), { binary: true });
      await waitFor(() => invoker.calls.length === 5, 'message invocations');

      const messages = invoker.calls.slice(1);
      expect(messages.map((call) => [call.functionName, call.event.requestContext.routeKey, call.event.body, call.event.isBase64Encoded])).toEqual([
        ['pinger', 'ping', '{"action":"ping","n":1}', false],
        ['fallback', '$default', '{"action":"unknown"}', false],
        ['fallback', '$default', 'not json', false],
        ['fallback', '$default', '/wA=', true],
      ]);
      expect(messages[0]?.event.requestContext).toMatchObject({ eventType: 'MESSAGE', messageId: expect.stringMatching(/=$/), connectionId: expect.any(String) });
      client.socket.terminate();
    } finally {
      await api.stop();
    }
  });

  // "API Gateway will not pass the backend response through to the route response, unless you set up a route
  // response": https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-response.html
  it('sends the integration body back to the sender on a two-way route only, whatever its status', async () => {
    const invoker = new FakeInvoker();
    invoker.invoke = async (functionName, payload) => {
      const event = payload as Invocation['event'];
      invoker.calls.push({ functionName, event });
      if (event.requestContext.routeKey === '$connect') return { statusCode: 200 };
      const body = JSON.parse(event.body ?? '{}') as { n?: number };
      return body.n === 2 ? { statusCode: 400, body: '{"error":"n=2"}' } : body.n === 3 ? { statusCode: 200 } : { statusCode: 200, body: `{"echo":${body.n}}` };
    };
    const api = await startWebSocketApi(
      { apiId: 'ws1', stageName: 'dev', routes: { $connect: { functionName: 'connect' }, ask: { functionName: 'asker', twoWay: true }, tell: { functionName: 'teller' } } },
      { invoker },
    );
    try {
      const [sender, other] = [await connect(`${api.url}?player=ash`), await connect(`${api.url}?player=misty`)];
      for (const n of [1, 2, 3]) sender.socket.send(JSON.stringify({ action: 'ask', n }));
      sender.socket.send(JSON.stringify({ action: 'tell', n: 4 }));
      await waitFor(() => invoker.calls.length === 6, 'message invocations');
      await api.idle();
      await waitFor(() => sender.messages.length >= 2, 'answers');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(sender.messages.sort()).toEqual(['{"echo":1}', '{"error":"n=2"}']);
      expect(other.messages).toEqual([]);
      sender.socket.terminate();
      other.socket.terminate();
    } finally {
      await api.stop();
    }
  });
});

// "Connection duration for WebSocket API: 2 hours" (not adjustable):
// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html
describe('local WebSocket API connection duration', () => {
  it('closes a connection when it reaches two hours on the local clock, and runs $disconnect', async () => {
    const invoker = new FakeInvoker();
    const clock = new ControllableClock({ frozen: true });
    const api = await startWebSocketApi(
      { apiId: 'ws1234abcd', stageName: 'live', routes: { $connect: { functionName: 'ws-connect' }, $disconnect: { functionName: 'ws-connect' } } },
      { host: '127.0.0.1', port: 0, invoker, clock },
    );
    const clients: Client[] = [];
    try {
      const early = await connect(`${api.url}?player=early`);
      clients.push(early);
      clock.advance(60 * 60 * 1000);
      const late = await connect(`${api.url}?player=late`);
      clients.push(late);
      const [earlyId, lateId] = invoker.routes('$connect').map((c) => c.event.requestContext.connectionId);
      expect(invoker.routes('$connect')[1]?.event.requestContext.connectedAt).toBe(clock.now().getTime());

      clock.advance(60 * 60 * 1000 - 1);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(api.registry.isOpen(earlyId)).toBe(true);

      clock.advance(1);
      expect(await early.closed).toEqual({ code: 1001, reason: 'Going away' });
      await waitFor(() => invoker.routes('$disconnect').length === 1, '$disconnect of the expired connection');
      expect(invoker.routes('$disconnect')[0]?.event.requestContext).toMatchObject({ connectionId: earlyId, disconnectStatusCode: 1001 });
      expect(api.registry.isOpen(lateId)).toBe(true);

      clock.advance(60 * 60 * 1000);
      expect((await late.closed).code).toBe(1001);
      await waitFor(() => api.registry.connectionIds().length === 0, 'the registry to forget both connections');
    } finally {
      clients.forEach((c) => c.socket.terminate());
      await api.stop();
      clock.stop();
    }
  });
});

/**
 * The `$connect` Lambda REQUEST authorizer, as API Gateway runs it for WebSocket APIs: missing identity source →
 * 401 without a call; the function failing with "Unauthorized" → 401, failing otherwise → 500; a policy that
 * does not allow the route → 403; an allowed connection's context reaches every route's event.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html
 */
describe('local WebSocket API with a $connect authorizer', () => {
  const METHOD_ARN = 'arn:aws:execute-api:eu-west-1:111111111111:ws1/live/$connect';
  let invoker: FakeInvoker;
  let api: RunningWebSocketApi;
  const authorizerCalls: Array<Record<string, any>> = [];
  let decide: (event: Record<string, any>) => { result: unknown } | { errorMessage: string } = () => ({ errorMessage: 'not set' });

  const policy = (effect: 'Allow' | 'Deny', resource = METHOD_ARN) => ({
    principalId: 'sub-1',
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }] },
    context: { player: 'ash', level: 3 },
  });

  beforeAll(async () => {
    invoker = new FakeInvoker();
    invoker.connectAnswer = async () => ({ statusCode: 200 });
    api = await startWebSocketApi(
      {
        apiId: 'ws1',
        stageName: 'live',
        executionArn: 'arn:aws:execute-api:eu-west-1:111111111111:ws1',
        routes: { $connect: { functionName: 'connect' }, $disconnect: { functionName: 'connect' } },
        connectAuthorizer: { functionName: 'authorizer', identitySources: ['route.request.querystring.token'] },
      },
      {
        invoker,
        authorize: async (functionName, event) => {
          expect(functionName).toBe('authorizer');
          authorizerCalls.push(event as Record<string, any>);
          return decide(event as Record<string, any>);
        },
      },
    );
  });
  afterAll(() => api.stop());
  beforeEach(() => {
    authorizerCalls.length = 0;
    invoker.calls.length = 0;
  });

  const refusal = (query: string) => connect(`${api.url}${query}`).then(
    async (client) => {
      client.socket.close();
      return 'open';
    },
    (error: { statusCode?: number; body?: string }) => ({ status: error.statusCode, body: error.body }),
  );

  it('refuses a connection without the token with 401, without calling the authorizer or $connect', async () => {
    expect(await refusal('')).toEqual({ status: 401, body: '{"message":"Unauthorized"}' });
    expect(await refusal('?player=ash')).toEqual({ status: 401, body: '{"message":"Unauthorized"}' });
    expect(authorizerCalls).toHaveLength(0);
    expect(invoker.routes('$connect')).toHaveLength(0);
  });

  it.each<[string, (event: Record<string, any>) => { result: unknown } | { errorMessage: string }, number]>([
    ['fails with "Unauthorized"', () => ({ errorMessage: 'Unauthorized' }), 401],
    ['fails otherwise', () => ({ errorMessage: 'JWKS unreachable' }), 500],
    ['denies the route', () => ({ result: policy('Deny') }), 403],
    ['allows another route only', () => ({ result: policy('Allow', 'arn:aws:execute-api:eu-west-1:111111111111:ws1/live/$default') }), 403],
    ['answers no policy', () => ({ result: { principalId: 'x' } }), 403],
  ])('refuses the connection when the authorizer %s (%i)', async (_label, answer, status) => {
    decide = answer;
    expect(await refusal('?token=abc')).toMatchObject({ status });
    expect(invoker.routes('$connect')).toHaveLength(0);
  });

  it('gives the authorizer a REQUEST event for the route, and the allowed context (as strings) to every event of the connection', async () => {
    decide = () => ({ result: policy('Allow', 'arn:aws:execute-api:eu-west-1:111111111111:ws1/live/*') });
    const client = await connect(`${api.url}?token=abc&player=misty`);
    expect(authorizerCalls[0]).toMatchObject({ type: 'REQUEST', methodArn: METHOD_ARN, queryStringParameters: { token: 'abc', player: 'misty' }, requestContext: { routeKey: '$connect' } });
    const [connectCall] = invoker.routes('$connect');
    expect(connectCall?.event.requestContext.authorizer).toEqual({ player: 'ash', level: '3', principalId: 'sub-1', integrationLatency: expect.any(Number) });
    client.socket.close();
    await waitFor(() => invoker.routes('$disconnect').length === 1, '$disconnect');
    expect(invoker.routes('$disconnect')[0]?.event.requestContext.authorizer).toMatchObject({ player: 'ash', principalId: 'sub-1' });
  });
});
