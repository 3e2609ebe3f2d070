import { startRestApi, type RunningRestApi } from '../../../../local/apigateway';
import { BUS_NAME, eventApiConfig, FakeEventBridgeEndpoint, send } from './support';

describe('local REST API with the stack event API', () => {
  let events: FakeEventBridgeEndpoint;
  let api: RunningRestApi;

  beforeAll(async () => {
    events = await new FakeEventBridgeEndpoint().start();
    api = await startRestApi(eventApiConfig(), { host: '127.0.0.1', port: 0, awsEndpoint: events.url });
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

  const capture = (body: unknown, path = '/captures'): ReturnType<typeof send> =>
    send(`${api.url}${path}`, { body: typeof body === 'string' ? body : JSON.stringify(body) });

  it('serves the stage invoke URL', () => {
    expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });

  it('puts a capture attempt on the bus and answers 202 with the event id as attemptId', async () => {
    const answer = await capture({ player: 'ash', fakemon: 'pikachu-1' });

    expect(answer.status).toBe(202);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.json()).toEqual({ attemptId: events.eventIds[0] });
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
    expect(JSON.parse(events.entries()[0]?.Detail as string)).toEqual({ player: 'ash', fakemon: 'pikachu-1' });
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

  it.each([
    ['an apostrophe', "O'Brien", "l'évoli"],
    ['double quotes', 'say "hi"', '"quoted"'],
    ['backslashes', 'back\\slash', 'C:\\fakemon\\'],
    ['accents and other scripts', 'Pokémon Trainer', 'ピカチュウ'],
    ['an emoji (surrogate pair)', 'ash 🔥', '🐉'],
    ['slashes and markup', '</script>', 'a/b//c'],
    ['control characters', 'tab\there', 'line\nbreak\r\u0001'],
    ['a VTL-looking name', '$input.body', '#set($x = 1)${x}'],
    ['JSON-looking text', '{"player":"x"}', "\\'"],
  ])('puts names with %s unchanged in the detail', async (_case, player, fakemon) => {
    const answer = await capture({ player, fakemon });

    expect(answer.status).toBe(202);
    expect(answer.json()).toEqual({ attemptId: events.eventIds[0] });
    const detail = events.entries()[0]?.Detail as string;
    expect(JSON.parse(detail)).toEqual({ player, fakemon });
  });

  it('keeps the key order of the body in the detail', async () => {
    await capture('{"fakemon":"mew","player":"misty"}');
    expect(events.entries()[0]?.Detail).toBe('{"fakemon":"mew","player":"misty"}');
  });

  it.each([
    ['a body that is not JSON', '{"player": "ash", ', /^\[Invalid JSON: /],
    ['a missing field', { player: 'ash' }, /^\[object has missing required properties \(\["fakemon"\]\)\]$/],
    ['an empty body', '', /^\[object has missing required properties \(\["fakemon","player"\]\)\]$/],
    ['an empty field', { player: '', fakemon: 'mew' }, /^\[string "" is too short \(length: 0, required minimum: 1\)\]$/],
    ['a field of the wrong type', { player: 42, fakemon: 'mew' }, /^\[instance type \(integer\) does not match any allowed primitive type \(allowed: \["string"\]\)\]$/],
    ['a field over 64 characters', { player: 'a'.repeat(65), fakemon: 'mew' }, /^\[string "a{65}" is too long \(length: 65, maximum allowed: 64\)\]$/],
    ['an unknown field', { player: 'ash', fakemon: 'mew', level: 5 }, /^\[object instance has properties which are not allowed by the schema: \["level"\]\]$/],
    ['an array instead of an object', [], /^\[instance type \(array\) does not match any allowed primitive type \(allowed: \["object"\]\)\]$/],
  ])('answers 400 with the problems for %s, and puts nothing', async (_case, body, errors) => {
    const answer = await capture(body);

    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.headers['x-amzn-errortype']).toBe('BadRequestException');
    const json = answer.json<{ message: string; errors: string }>();
    expect(json.message).toBe('Invalid request body');
    expect(json.errors).toMatch(errors);
    expect(events.requests).toHaveLength(0);
  });

  it('lists every problem of a body', async () => {
    const answer = await capture({ player: 7, extra: true, other: null });

    expect(answer.status).toBe(400);
    const { errors } = answer.json<{ errors: string }>();
    expect(errors.startsWith('[') && errors.endsWith(']')).toBe(true);
    expect(errors).toContain('object has missing required properties (["fakemon"])');
    expect(errors).toContain('object instance has properties which are not allowed by the schema: ["extra","other"]');
    expect(errors).toContain('instance type (integer) does not match any allowed primitive type (allowed: ["string"])');
  });

  it('puts a cart item with the path cartId first in the detail', async () => {
    const answer = await send(`${api.url}/carts/cart-42/items`, { body: JSON.stringify({ user: 'u-1', product: "p'1", quantity: 2 }) });

    expect(answer.status).toBe(202);
    expect(answer.json()).toEqual({ message: 'item received' });
    const [entry] = events.entries();
    expect(entry).toMatchObject({ Source: 'cart.api', DetailType: 'cart.item_added' });
    expect(entry?.Detail).toBe('{"cartId":"cart-42","user":"u-1","product":"p\'1","quantity":2}');
  });

  it.each([
    ['characters outside the pattern', 'cart%20one'],
    ['a quote', "cart'1"],
    ['over 64 characters', 'c'.repeat(65)],
  ])('answers 400 for a cartId with %s and nothing is put on the bus', async (_case, cartId) => {
    const answer = await send(`${api.url}/carts/${cartId}/items`, { body: JSON.stringify({ user: 'u-1', product: 'p-1', quantity: 1 }) });

    expect(answer.status).toBe(400);
    expect(answer.json()).toEqual({ message: 'Invalid request path', errors: ['cartId must match ^[A-Za-z0-9-]{1,64}$'] });
    expect(events.entries()).toEqual([]);
    expect(events.eventIds).toEqual([]);
  });

  it('validates the cart body with its own model (integer quantity in range)', async () => {
    const answer = await send(`${api.url}/carts/cart-1/items`, { body: JSON.stringify({ user: 'u', product: 'p', quantity: 100 }) });
    expect(answer.status).toBe(400);
    expect(answer.json<{ errors: string }>().errors).toBe('[numeric instance is greater than the required maximum (maximum: 99, found: 100)]');

    const fractional = await send(`${api.url}/carts/cart-1/items`, { body: JSON.stringify({ user: 'u', product: 'p', quantity: 1.5 }) });
    expect(fractional.status).toBe(400);
    expect(fractional.json<{ errors: string }>().errors).toBe('[instance type (number) does not match any allowed primitive type (allowed: ["integer"])]');
    expect(events.requests).toHaveLength(0);
  });

  it('answers 500 with the entry error, never 202, when EventBridge fails the entry', async () => {
    events.behaviour = 'fail-entry';
    const answer = await capture({ player: 'ash', fakemon: 'mew' });

    expect(answer.status).toBe(500);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.json()).toEqual({ message: 'The event was not accepted', errorCode: 'InternalFailure', errorMessage: 'Internal failure "x" \\ y' });
    expect(answer.text).not.toContain('attemptId');
  });

  it('answers 500 when EventBridge answers 500', async () => {
    events.behaviour = 'internal-error';
    const answer = await capture({ player: 'ash', fakemon: 'mew' });

    expect(answer.status).toBe(500);
    expect(answer.json()).toEqual({ message: 'The event bus did not accept the event; try again' });
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
    const answer = await send(`${api.url}/captures`, { body: 'player=ash', headers: { 'content-type': 'text/plain' } });

    expect(answer.status).toBe(415);
    expect(answer.json()).toEqual({ message: 'Unsupported Media Type' });
    expect(events.requests).toHaveLength(0);
  });

  it('treats a content type with parameters as its media type', async () => {
    const answer = await send(`${api.url}/captures`, {
      body: JSON.stringify({ player: 'ash', fakemon: 'mew' }),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(answer.status).toBe(202);
  });

  it('adds request ids to every answer', async () => {
    const answer = await capture({ player: 'ash', fakemon: 'mew' });
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
    const api = await startRestApi(eventApiConfig(), { awsEndpoint: unreachable, onError: (_e, type) => errors.push(type) });
    try {
      const answer = await send(`${api.url}/captures`, { body: JSON.stringify({ player: 'ash', fakemon: 'mew' }) });
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
    const api = await startRestApi(eventApiConfig({ throttle: { rateLimit: 1, burstLimit: 2 } }), { awsEndpoint: events.url, now: () => new Date(now) });
    try {
      const body = JSON.stringify({ player: 'ash', fakemon: 'mew' });
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await send(`${api.url}/captures`, { body })).status);
      expect(statuses).toEqual([202, 202, 429]);

      const throttled = await send(`${api.url}/captures`, { body });
      expect(throttled.status).toBe(429);
      expect(throttled.json()).toEqual({ message: 'Too Many Requests' });
      expect(events.eventIds).toHaveLength(2);

      now += 1000; // one token back
      expect((await send(`${api.url}/captures`, { body })).status).toBe(202);
      expect((await send(`${api.url}/captures`, { body })).status).toBe(429);
    } finally {
      await api.stop();
      await events.stop();
    }
  });
});
