import { startRestApi, type RunningRestApi } from '../../../../local/apigateway';
import { BUS_NAME, eventApiConfig, FakeEventBridgeEndpoint, send, testPlayers } from './support';

const players = testPlayers();

describe('local REST API with the stack event API', () => {
  let events: FakeEventBridgeEndpoint;
  let api: RunningRestApi;
  let ash: Record<string, string>;

  beforeAll(async () => {
    events = await new FakeEventBridgeEndpoint().start();
    api = await startRestApi(eventApiConfig(), { host: '127.0.0.1', port: 0, awsEndpoint: events.url, cognito: players.cognito });
    ash = { 'content-type': 'application/json', authorization: await players.token('ash') };
  });

  afterAll(async () => {
    await api.stop();
    await events.stop();
  });

  beforeEach(() => {
    events.requests.length = 0;
    events.eventIds.length = 0;
    events.behaviour = 'accept';
  });

  const capture = (body: unknown, headers: Record<string, string> = ash): ReturnType<typeof send> =>
    send(`${api.url}/captures`, { body: typeof body === 'string' ? body : JSON.stringify(body), headers });

  it('serves the stage invoke URL', () => {
    expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });

  it("puts a capture attempt on the bus, with the token's player and the request id as attempt id, and answers 202 with it", async () => {
    const answer = await capture({ fakemon: 'pikachu-1' });

    expect(answer.status).toBe(202);
    expect(answer.headers['content-type']).toBe('application/json');
    const attemptId = answer.headers['x-amzn-requestid'];
    expect(answer.json()).toEqual({ attemptId });
    expect(events.requests).toHaveLength(1);
    const [request] = events.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/');
    expect(request?.headers['x-amz-target']).toBe('AWSEvents.PutEvents');
    expect(request?.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(request?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=[A-Z0-9]+\/\d{8}\/eu-west-1\/events\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/,
    );
    expect(request?.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(events.entries()).toEqual([
      { EventBusName: BUS_NAME, Source: 'fakemon.attempt-to-capture-api', DetailType: 'fakemon.capture_attempt', Detail: expect.any(String) },
    ]);
    expect(JSON.parse(events.entries()[0]?.Detail as string)).toEqual({ player: 'ash', attemptId, fakemon: 'pikachu-1' });
  });

  // The execute-api endpoint serves an API only below a stage: a path whose first segment is no stage gets 403
  // {"message":"Forbidden"} (https://repost.aws/knowledge-center/api-gateway-troubleshoot-403-forbidden: invoke
  // URLs with a wrong or missing stage name; reports of `/captures`-style paths without the stage answering exactly
  // this: https://github.com/jetbridge/sls-flask/issues/10, https://github.com/OWASP/Serverless-Goat/issues/14).
  it.each(['/captures', '/', '/V1/captures', '/v1captures'])('refuses %s (no stage prefix) with 403 Forbidden, as AWS does, and puts nothing on the bus', async (path) => {
    const answer = await send(`${api.origin}${path}`, { body: JSON.stringify({ player: 'ash', fakemon: 'eevee' }) });
    expect(answer.status).toBe(403);
    expect(answer.json()).toEqual({ message: 'Forbidden' });
    expect(answer.headers['x-amzn-errortype']).toBe('ForbiddenException');
    expect(events.requests).toHaveLength(0);
  });

  it('answers an unknown path below the stage with the API’s MISSING_AUTHENTICATION_TOKEN response', async () => {
    const answer = await send(`${api.url}/nowhere`, { body: '{}' });
    expect(answer.status).toBe(403);
    expect(answer.json()).toMatchObject({ message: 'Missing Authentication Token' });
  });

  it('uses the Idempotency-Key header as the attempt id: a retry is the same attempt', async () => {
    const key = 'c0ffee00-1234-4abc-8def-0123456789ab';
    const first = await capture({ fakemon: 'mew' }, { ...ash, 'Idempotency-Key': key });
    const retry = await capture({ fakemon: 'mew' }, { ...ash, 'idempotency-key': key });
    expect([first.status, retry.status]).toEqual([202, 202]);
    expect(first.json()).toEqual({ attemptId: key });
    expect(retry.json()).toEqual({ attemptId: key });
    expect(events.entries().map((e) => JSON.parse(e.Detail).attemptId)).toEqual([key, key]);
  });

  it.each([
    ['too short', 'short-key'],
    ['a quote', `key-with-a-quote-'-0123`],
    ['over 64 characters', 'k'.repeat(65)],
  ])('answers 400 for an Idempotency-Key %s and puts nothing', async (_case, key) => {
    const answer = await capture({ fakemon: 'mew' }, { ...ash, 'Idempotency-Key': key });
    expect(answer.status).toBe(400);
    expect(answer.json<{ message: string; errors: string[] }>()).toMatchObject({ message: 'Invalid request', errors: expect.arrayContaining([expect.stringContaining('Idempotency-Key')]) });
    expect(events.entries()).toEqual([]);
  });

  it.each([
    ['no Authorization header', undefined, 'Unauthorized'],
    ['an empty Authorization header', '', 'Unauthorized'],
    ['a token that is not a JWT', 'not-a-token', 'Unauthorized'],
  ])('answers 401 for %s and puts nothing', async (_case, token, message) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: token }) };
    const answer = await capture({ fakemon: 'mew' }, headers);
    expect(answer.status).toBe(401);
    expect(answer.json()).toEqual({ message });
    expect(answer.headers['x-amzn-errortype']).toBe('UnauthorizedException');
    expect(events.requests).toHaveLength(0);
  });

  it('accepts the token after "Bearer "; answers 401 "The incoming token has expired" once it expired', async () => {
    expect((await capture({ fakemon: 'mew' }, { ...ash, authorization: `Bearer ${ash.authorization}` })).status).toBe(202);
    const token = await players.token('brock');
    players.clock.advance(61 * 60 * 1000);
    try {
      const answer = await capture({ fakemon: 'mew' }, { ...ash, authorization: token });
      expect(answer.status).toBe(401);
      expect(answer.json()).toEqual({ message: 'The incoming token has expired' });
    } finally {
      players.clock.set(new Date());
    }
  });

  it.each([
    ['an apostrophe', "l'évoli"],
    ['double quotes', '"quoted"'],
    ['backslashes', 'C:\\fakemon\\'],
    ['accents and other scripts', 'ピカチュウ'],
    ['an emoji (surrogate pair)', '🐉'],
    ['slashes and markup', '</script>a/b//c'],
    ['control characters', 'line\nbreak\r\u0001'],
    ['a VTL-looking name', '#set($x = 1)${x}'],
    ['JSON-looking text', '{"player":"x"}\\\''],
  ])('puts a fakémon id with %s unchanged in the detail', async (_case, fakemon) => {
    const answer = await capture({ fakemon });

    expect(answer.status).toBe(202);
    const detail = events.entries()[0]?.Detail as string;
    expect(JSON.parse(detail)).toEqual({ player: 'ash', attemptId: answer.json().attemptId, fakemon });
  });

  it('keeps the key order of the body in the detail, after the caller and the attempt id', async () => {
    const answer = await send(`${api.url}/carts/cart-1/items`, { body: '{"quantity":2,"product":"mew"}', headers: ash });
    expect(answer.status).toBe(202);
    expect(events.entries()[0]?.Detail).toBe('{"cartId":"cart-1","user":"ash","quantity":2,"product":"mew"}');
  });

  it.each([
    ['a body that is not JSON', '{"fakemon": "mew", '],
    ['a missing field', {}],
    ['an empty body', ''],
    ['an empty field', { fakemon: '' }],
    ['a field of the wrong type', { fakemon: 42 }],
    ['a field over 64 characters', { fakemon: 'a'.repeat(65) }],
    ['an unknown field', { fakemon: 'mew', level: 5 }],
    ['a body naming a player (the caller comes from the token)', { player: 'misty', fakemon: 'mew' }],
    ['an array instead of an object', []],
  ])('answers 400 for %s with a JSON body naming the request, and puts nothing', async (_case, body) => {
    const answer = await capture(body);

    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.headers['x-amzn-errortype']).toBe('BadRequestException');
    expect(JSON.parse(answer.text)).toEqual({ message: 'Invalid request body', requestId: answer.headers['x-amzn-requestid'] });
    expect(events.requests).toHaveLength(0);
  });

  it('puts a cart item with the path cartId and the caller first in the detail', async () => {
    const answer = await send(`${api.url}/carts/cart-42/items`, { body: JSON.stringify({ product: "p'1", quantity: 2 }), headers: ash });

    expect(answer.status).toBe(202);
    expect(answer.json()).toEqual({ message: 'item received' });
    const [entry] = events.entries();
    expect(entry).toMatchObject({ Source: 'cart.api', DetailType: 'cart.item_added' });
    expect(entry?.Detail).toBe('{"cartId":"cart-42","user":"ash","product":"p\'1","quantity":2}');
  });

  it.each([
    ['characters outside the pattern', 'cart%20one'],
    ['a quote', "cart'1"],
    ['over 64 characters', 'c'.repeat(65)],
  ])('answers 400 for a cartId with %s and nothing is put on the bus', async (_case, cartId) => {
    const answer = await send(`${api.url}/carts/${cartId}/items`, { body: JSON.stringify({ product: 'p-1', quantity: 1 }), headers: ash });

    expect(answer.status).toBe(400);
    expect(answer.json()).toEqual({
      message: 'Invalid request',
      errors: ['cartId must match ^[A-Za-z0-9-]{1,64}$', 'the signed-in player\'s name must follow the rule: player names are 3 to 24 lowercase letters, digits or "_", starting with a letter'],
    });
    expect(events.entries()).toEqual([]);
    expect(events.eventIds).toEqual([]);
  });

  it('refuses (400) a signed-in user whose name breaks the player-name rule, and puts nothing', async () => {
    const answer = await capture({ fakemon: 'mew' }, { ...ash, authorization: await players.token('Misty') });
    expect(answer.status).toBe(400);
    expect(answer.json<{ message: string }>().message).toBe('Invalid request');
    expect(events.entries()).toEqual([]);
  });

  it('validates the cart body with its own model (integer quantity in range)', async () => {
    const answer = await send(`${api.url}/carts/cart-1/items`, { body: JSON.stringify({ product: 'p', quantity: 100 }), headers: ash });
    expect(answer.status).toBe(400);
    const fractional = await send(`${api.url}/carts/cart-1/items`, { body: JSON.stringify({ product: 'p', quantity: 1.5 }), headers: ash });
    expect(fractional.status).toBe(400);
    expect(events.requests).toHaveLength(0);
  });

  // What EventBridge answers decides the status: only validation is the client's fault (400); throttling is 503,
  // anything else 500, both retryable. https://docs.aws.amazon.com/eventbridge/latest/APIReference/CommonErrors.html
  it.each([
    ['fails the entry', 'fail-entry', 500, { message: 'The event was not accepted; try again', errorCode: 'InternalFailure' }],
    ['throttles the entry', 'throttle-entry', 503, { message: 'The event bus is busy; try again' }],
    ['answers 500', 'internal-error', 500, { message: 'The event bus did not accept the event; try again' }],
    ['throttles the request (400 ThrottlingException)', 'throttle', 503, { message: 'The event bus is busy; try again' }],
    ['denies access (400 AccessDeniedException)', 'access-denied', 500, { message: 'The event bus did not accept the event; try again' }],
  ] as const)('answers %s with %i, never 202', async (_case, behaviour, status, body) => {
    events.behaviour = behaviour;
    const answer = await capture({ fakemon: 'mew' });

    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.json()).toEqual(body);
    expect(answer.text).not.toContain('attemptId');
  });

  it.each([
    ['an unknown path', 'POST', '/v1/nowhere'],
    ['an unknown method', 'GET', '/v1/captures'],
    ['the stage root', 'POST', '/v1'],
    ['a path below a route', 'POST', '/v1/captures/extra'],
  ])('answers 403 Missing Authentication Token for %s', async (_case, method, path) => {
    const answer = await send(`${api.origin}${path}`, { method, body: method === 'GET' ? '' : '{}' });

    expect(answer.status).toBe(403);
    expect(answer.json()).toEqual({ message: 'Missing Authentication Token' });
    expect(answer.headers['x-amzn-errortype']).toBe('MissingAuthenticationTokenException');
    expect(events.requests).toHaveLength(0);
  });

  it('answers 415 for a content type without a request template (passthrough NEVER)', async () => {
    const answer = await send(`${api.url}/captures`, { body: 'fakemon=mew', headers: { ...ash, 'content-type': 'text/plain' } });

    expect(answer.status).toBe(415);
    expect(answer.json()).toEqual({ message: 'Unsupported Media Type' });
    expect(events.requests).toHaveLength(0);
  });

  it('treats a content type with parameters as its media type', async () => {
    const answer = await send(`${api.url}/captures`, {
      body: JSON.stringify({ fakemon: 'mew' }),
      headers: { ...ash, 'content-type': 'application/json; charset=utf-8' },
    });
    expect(answer.status).toBe(202);
  });

  it('adds request ids to every answer', async () => {
    const answer = await capture({ fakemon: 'mew' });
    expect(answer.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.headers['x-amz-apigw-id']).toMatch(/^[A-Za-z0-9]{15}=$/);
  });
});

describe('local REST API failures around the integration', () => {
  it('answers 504 when the AWS endpoint is unreachable', async () => {
    const events = await new FakeEventBridgeEndpoint().start();
    const unreachable = events.url;
    await events.stop();
    const errors: string[] = [];
    const api = await startRestApi(eventApiConfig(), { awsEndpoint: unreachable, cognito: players.cognito, onError: (_e, type) => errors.push(type) });
    try {
      const headers = { 'content-type': 'application/json', authorization: await players.token('ash') };
      const answer = await send(`${api.url}/captures`, { body: JSON.stringify({ fakemon: 'mew' }), headers });
      expect(answer.status).toBe(504);
      expect(answer.json()).toEqual({ message: 'Internal server error' });
      expect(errors).toEqual(['INTEGRATION_FAILURE']);
    } finally {
      await api.stop();
    }
  });
});

describe('local REST API stage throttling', () => {
  it('answers 429 Too Many Requests once the burst is used up', async () => {
    const events = await new FakeEventBridgeEndpoint().start();
    let now = Date.parse('2024-05-14T07:00:00Z');
    const api = await startRestApi(eventApiConfig({ throttle: { rateLimit: 1, burstLimit: 2 } }), { awsEndpoint: events.url, cognito: players.cognito, now: () => new Date(now) });
    try {
      const body = JSON.stringify({ fakemon: 'mew' });
      const headers = { 'content-type': 'application/json', authorization: await players.token('ash') };
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await send(`${api.url}/captures`, { body, headers })).status);
      expect(statuses).toEqual([202, 202, 429]);

      const throttled = await send(`${api.url}/captures`, { body, headers });
      expect(throttled.status).toBe(429);
      expect(throttled.json()).toEqual({ message: 'Too Many Requests' });
      expect(events.eventIds).toHaveLength(2);

      now += 1000; // one token back
      expect((await send(`${api.url}/captures`, { body, headers })).status).toBe(202);
      expect((await send(`${api.url}/captures`, { body, headers })).status).toBe(429);
    } finally {
      await api.stop();
      await events.stop();
    }
  });
});
