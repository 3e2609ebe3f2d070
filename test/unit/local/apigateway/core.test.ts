import { handleRequest, LocalRestApi, type IntegrationRequest, type LocalRestApiConfig, type LocalRestRoute } from '../../../../local/apigateway';
import { eventApiConfig, testPlayers } from './support';

/** The pure request → response core, with the integration call stubbed. */
describe('LocalRestApi.handleRequest', () => {
  const integrationCalls: IntegrationRequest[] = [];
  let answer = { statusCode: 200, headers: { 'x-amzn-requestid': 'aws-req-1' } as Record<string, string>, body: '{"FailedEntryCount":0,"Entries":[{"EventId":"ev-1"}]}' };
  const now = new Date('2024-05-14T07:42:21.123Z');

  const apiFor = (config: LocalRestApiConfig): LocalRestApi =>
    new LocalRestApi(config, {
      now: () => now,
      invokeIntegration: async (request) => {
        integrationCalls.push(request);
        return answer;
      },
    });

  beforeEach(() => {
    integrationCalls.length = 0;
    answer = { statusCode: 200, headers: { 'x-amzn-requestid': 'aws-req-1' }, body: '{"FailedEntryCount":0,"Entries":[{"EventId":"ev-1"}]}' };
  });

  const echoRoute = (overrides: Partial<LocalRestRoute> = {}): LocalRestRoute => ({
    httpMethod: 'POST',
    path: '/echo/{id}',
    requestModels: {},
    validateBody: false,
    validateParameters: true,
    requiredParameters: ['method.request.path.id', 'method.request.querystring.page', 'method.request.header.X-Client'],
    integration: {
      type: 'AWS',
      uri: 'arn:aws:apigateway:eu-west-1:sqs:path/000000000000/queue-{id}',
      httpMethod: 'POST',
      passthroughBehavior: 'WHEN_NO_MATCH',
      requestParameters: {
        'integration.request.header.X-Client': 'method.request.header.X-Client',
        'integration.request.querystring.Action': "'SendMessage'",
        'integration.request.path.id': 'method.request.path.id',
      },
      requestTemplates: {
        'application/json': [
          '#set($context.requestOverride.header.X-Override = "from-template")',
          '{"id":"$input.params(\'id\')","page":"$input.params(\'page\')","client":"$input.params(\'x-client\')",',
          '"method":"$context.httpMethod","resourcePath":"$context.resourcePath","stage":"$context.stage","apiId":"$context.apiId",',
          '"requestTime":"$context.requestTime","epoch":$context.requestTimeEpoch,"ip":"$context.identity.sourceIp","path":"$context.path",',
          '"requestId":"$context.requestId","ua":"$context.identity.userAgent"}',
        ].join('\n'),
      },
    },
    integrationResponses: [
      { statusCode: '200', responseTemplates: { 'application/json': '#set($context.responseOverride.header.X-Event = $input.path(\'$.Entries[0].EventId\'))$input.json(\'$.Entries\')' } },
      { statusCode: '404', selectionPattern: '4\\d{2}', responseTemplates: { 'application/json': '{"status":$context.integration.status}' } },
    ],
    ...overrides,
  });

  const config = (route: LocalRestRoute): LocalRestApiConfig => ({ ...eventApiConfig(), routes: [route] });

  it('renders $input.params and $context into the integration request and signs nothing itself', async () => {
    const api = apiFor(config(echoRoute()));
    const response = await handleRequest(api, {
      method: 'POST',
      url: '/v1/echo/a%20b?page=2',
      headers: { 'Content-Type': 'application/json', 'X-Client': 'app', 'User-Agent': 'tests', Host: 'localhost:3000' },
      body: '{}',
      sourceIp: '10.1.2.3',
    });

    expect(response.statusCode).toBe(200);
    expect(integrationCalls).toHaveLength(1);
    const call = integrationCalls[0] as IntegrationRequest;
    expect(call).toMatchObject({ service: 'sqs', region: 'eu-west-1', method: 'POST', path: '/000000000000/queue-a%20b?Action=SendMessage' });
    expect(call.headers).toMatchObject({ 'x-client': 'app', 'x-override': 'from-template', 'content-type': 'application/json', 'user-agent': 'AmazonAPIGateway_a1b2c3d4e5' });
    const rendered = JSON.parse(call.body) as Record<string, unknown>;
    expect(rendered).toEqual({
      id: 'a b',
      page: '2',
      client: 'app',
      method: 'POST',
      resourcePath: '/echo/{id}',
      stage: 'v1',
      apiId: 'a1b2c3d4e5',
      requestTime: '14/May/2024:07:42:21 +0000',
      epoch: now.getTime(),
      ip: '10.1.2.3',
      path: '/v1/echo/a%20b',
      requestId: response.headers['x-amzn-requestid'],
      ua: 'tests',
    });
    expect(response.body).toBe('[{"EventId":"ev-1"}]');
    expect(response.headers['x-event']).toBe('ev-1');
  });

  it('answers 400 for missing required query string and header parameters', async () => {
    const api = apiFor(config(echoRoute()));
    const response = await api.handleRequest({ method: 'POST', url: '/v1/echo/x', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toEqual({ message: 'Missing required request parameters: [page, X-Client]' });
    expect(integrationCalls).toHaveLength(0);
  });

  it('selects the integration response by a Java regex on the status code', async () => {
    answer = { statusCode: 404, headers: {}, body: '{}' };
    const api = apiFor(config(echoRoute()));
    const response = await api.handleRequest({ method: 'POST', url: '/v1/echo/x?page=1', headers: { 'x-client': 'c' }, body: '{}' });
    expect(response).toMatchObject({ statusCode: 404, body: '{"status":404}' });
  });

  it('answers 500 when no integration response matches and there is no default', async () => {
    answer = { statusCode: 503, headers: {}, body: '{}' };
    const route = echoRoute({ integrationResponses: [{ statusCode: '404', selectionPattern: '404', responseTemplates: {} }] });
    const response = await apiFor(config(route)).handleRequest({ method: 'POST', url: '/v1/echo/x?page=1', headers: { 'x-client': 'c' }, body: '{}' });
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body)).toEqual({ message: 'Internal server error' });
  });

  it('passes an unmapped content type through with WHEN_NO_MATCH, and refuses it with WHEN_NO_TEMPLATES when templates exist', async () => {
    const request = { method: 'POST', url: '/v1/echo/x?page=1', headers: { 'x-client': 'c', 'content-type': 'text/plain' }, body: 'raw text' };
    await apiFor(config(echoRoute())).handleRequest(request);
    expect(integrationCalls[0]?.body).toBe('raw text');

    const strict = echoRoute();
    const response = await apiFor(config({ ...strict, integration: { ...strict.integration, passthroughBehavior: 'WHEN_NO_TEMPLATES' } })).handleRequest(request);
    expect(response.statusCode).toBe(415);
  });

  it('answers 500 when a template fails (Java exception)', async () => {
    const route = echoRoute();
    const broken = { ...route, integration: { ...route.integration, requestTemplates: { 'application/json': "$input.params('id').substring(99)" } } };
    const errors: unknown[] = [];
    const api = new LocalRestApi(config(broken), { invokeIntegration: async () => answer, onError: (error) => errors.push(error) });
    const response = await api.handleRequest({ method: 'POST', url: '/v1/echo/x?page=1', headers: { 'x-client': 'c' }, body: '{}' });
    expect(response.statusCode).toBe(500);
    expect(String(errors[0])).toMatch(/StringIndexOutOfBoundsException/);
  });

  it('reports each request to the access log', async () => {
    const lines: unknown[] = [];
    const players = testPlayers();
    const api = new LocalRestApi(eventApiConfig(), { invokeIntegration: async () => answer, cognito: players.cognito, onAccessLog: (line) => lines.push(line), now: () => now });
    const headers = { authorization: await players.token('ash') };
    await api.handleRequest({ method: 'POST', url: '/v1/captures', headers, body: '{"player":"a"}' });
    await api.handleRequest({ method: 'POST', url: '/v1/captures', headers, body: '{"fakemon":"b"}' });
    expect(lines).toEqual([
      expect.objectContaining({
        httpMethod: 'POST',
        resourcePath: '/captures',
        status: 400,
        error: 'Invalid request body',
        validationError: '[object has missing required properties (["fakemon"]), object instance has properties which are not allowed by the schema: ["player"]]',
      }),
      expect.objectContaining({ status: 202, integrationStatus: 200, requestTime: '14/May/2024:07:42:21 +0000' }),
    ]);
  });
});
