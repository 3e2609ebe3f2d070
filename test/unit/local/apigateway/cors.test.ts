/**
 * The local REST API answers browsers only as the synthesized stack declares it, as API Gateway does
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html): the preflight is the OPTIONS
 * method's MOCK integration (its request template's `statusCode` selects the integration response:
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-mock-integration.html), the CORS headers are
 * the integration responses' and gateway responses' `response_parameters`, and a stack that declares none gets none.
 */
import * as path from 'node:path';
import { LocalRestApi, type LocalRestApiConfig } from '../../../../local/apigateway';
import { readSynthesizedStack } from '../../../../local/stack/terraform-json';
import { toLocalStackConfig } from '../../../../local/stack/to-local-config';
import { synthesizeStacks } from '../../../../scripts/lib/synth';
import { POOL_ARN, eventApiConfig, testPlayers } from './support';

const [dev] = synthesizeStacks({}).filter((s) => s.name === 'fakemon-dev');
const stack = readSynthesizedStack(path.dirname(path.dirname(dev!.dir)), 'fakemon-dev');
const endpoints = { accountId: '111111111111', region: 'eu-west-1', awsEndpoint: 'http://127.0.0.1:4566', restEndpoint: 'http://127.0.0.1:3000', webSocketEndpoint: 'ws://127.0.0.1:3001' };
const synthesized = toLocalStackConfig(stack, endpoints).restApis[0]!;
// The dev routes, with their authorizer pointed at this test's (real, in-process) local user pool.
const config: LocalRestApiConfig = {
  ...synthesized,
  routes: synthesized.routes.map((r) => (r.authorization ? { ...r, authorization: { ...r.authorization, providerArns: [POOL_ARN] } } : r)),
};
const players = testPlayers();
const integrationCalls: unknown[] = [];
const apiOf = (c: LocalRestApiConfig): LocalRestApi =>
  new LocalRestApi(c, {
    cognito: players.cognito,
    invokeIntegration: async (request) => {
      integrationCalls.push(request);
      return { statusCode: 200, headers: {}, body: '{"FailedEntryCount":0,"Entries":[{"EventId":"ev-1"}]}' };
    },
  });
const ORIGIN = 'http://127.0.0.1:4566';

describe('CORS on the local REST API, as the dev stack declares it', () => {
  const api = apiOf(config);
  beforeEach(() => {
    integrationCalls.length = 0;
  });

  it('answers the preflight of POST /v1/captures from its MOCK integration, without a token and without calling a backend', async () => {
    const response = await api.handleRequest({
      method: 'OPTIONS',
      url: '/v1/captures',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,idempotency-key' },
      body: '',
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'OPTIONS,POST',
      'access-control-allow-headers': 'Authorization,Content-Type,Idempotency-Key',
      'access-control-max-age': '600',
    });
    expect(response.body).toBe('');
    expect(integrationCalls).toEqual([]);
  });

  it('puts Access-Control-Allow-Origin on a 202 (integration response) and on a 401 and a 400 (gateway responses)', async () => {
    const token = await players.token('ash');
    const accepted = await api.handleRequest({ method: 'POST', url: '/v1/captures', headers: { origin: ORIGIN, 'content-type': 'application/json', authorization: token }, body: '{"fakemon":"fm-1"}' });
    expect(accepted.statusCode).toBe(202);
    expect(accepted.headers['access-control-allow-origin']).toBe('*');
    const unauthorized = await api.handleRequest({ method: 'POST', url: '/v1/captures', headers: { origin: ORIGIN, 'content-type': 'application/json' }, body: '{"fakemon":"fm-1"}' });
    expect(unauthorized.statusCode).toBe(401);
    expect(unauthorized.headers['access-control-allow-origin']).toBe('*');
    const invalid = await api.handleRequest({ method: 'POST', url: '/v1/captures', headers: { origin: ORIGIN, 'content-type': 'application/json', authorization: token }, body: '{"nope":1}' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.headers['access-control-allow-origin']).toBe('*');
  });

  it('adds nothing the stack does not declare: no OPTIONS method is a 403 without CORS headers, as API Gateway answers it', async () => {
    const plain = apiOf(eventApiConfig());
    const preflight = await plain.handleRequest({ method: 'OPTIONS', url: '/v1/captures', headers: { origin: ORIGIN, 'access-control-request-method': 'POST' }, body: '' });
    expect(preflight.statusCode).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const refused = await plain.handleRequest({ method: 'POST', url: '/v1/captures', headers: { origin: ORIGIN, 'content-type': 'application/json' }, body: '{}' });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('selects the MOCK integration response by the statusCode its request template renders', async () => {
    const preflight = config.routes.find((r) => r.httpMethod === 'OPTIONS' && r.path === '/captures')!;
    const failing = {
      ...config,
      routes: [{ ...preflight, integration: { ...preflight.integration, requestTemplates: { 'application/json': '{"statusCode": 500}' } } }],
    };
    const response = await apiOf(failing).handleRequest({ method: 'OPTIONS', url: '/v1/captures', headers: {}, body: '' });
    // No integration response matches 500 and none is the default but the 200 one (no selection pattern): that one.
    expect(response.statusCode).toBe(200);
    const strict = { ...failing, routes: [{ ...failing.routes[0]!, integrationResponses: failing.routes[0]!.integrationResponses.map((r) => ({ ...r, selectionPattern: '2\\d{2}' })) }] };
    const unmatched = await apiOf(strict).handleRequest({ method: 'OPTIONS', url: '/v1/captures', headers: {}, body: '' });
    expect(unmatched.statusCode).toBe(500);
    expect(JSON.parse(unmatched.body)).toMatchObject({ message: 'Internal server error' });
  });
});
