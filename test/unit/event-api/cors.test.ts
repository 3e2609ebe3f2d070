/**
 * CORS of the event API as API Gateway needs it for REST APIs with non-proxy integrations
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html): an OPTIONS method with a MOCK
 * integration per resource answering the preflight, `Access-Control-Allow-Origin` declared in the method responses
 * and mapped in the integration responses, and the gateway responses carrying it too (a 4XX/5XX API Gateway answers
 * itself has no integration response: https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html).
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing, TerraformStack } from 'cdktf';
import { EventApi, type EventApiProps } from '../../../modules/event-api';
import { corsProblem } from '../../../modules/event-api/cors';
import { validateEnvironment } from '../../../modules/config/load-environments';
import { config as dev } from '../../../envs/dev/config';

type Json = { resource: Record<string, Record<string, Record<string, unknown>>> };

const ROUTE = {
  path: 'captures',
  model: { name: 'CaptureRequest', schema: { type: 'object' } },
  source: 'fakemon.attempt-to-capture-api',
  detailType: 'fakemon.capture_attempt',
  callerField: 'player',
  attemptIdField: 'attemptId',
  acceptedBody: '{"attemptId":"$attemptId"}',
};

function synth(extra: Partial<EventApiProps> = {}): Json {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  new EventApi(stack, 'api', {
    apiName: 'test-api',
    busName: 'test-bus',
    busArn: 'arn:aws:events:eu-west-1:111111111111:event-bus/test-bus',
    region: 'eu-west-1',
    userPoolArns: ['arn:aws:cognito-idp:eu-west-1:111111111111:userpool/eu-west-1_abc'],
    routes: [ROUTE, { ...ROUTE, path: 'carts/{cartId}/items', model: { name: 'AddItem', schema: { type: 'object' } }, pathParameters: { cartId: '^c$' }, attemptIdField: undefined, acceptedBody: '{}' }],
    throttleRateLimit: 10,
    throttleBurstLimit: 20,
    logRetentionDays: 7,
    ...extra,
  });
  return JSON.parse(Testing.synth(stack)) as Json;
}
const all = (json: Json, type: string): Array<Record<string, unknown>> => Object.values(json.resource[type] ?? {});
/** Whether a method's dependent resource belongs to a preflight (their `http_method` references the OPTIONS method). */
const ofPreflight = (r: Record<string, unknown>): boolean => r.http_method === 'OPTIONS' || /_preflight-[^.]+-method_/.test(String(r.http_method));

describe('EventApi cors', () => {
  const json = synth({ cors: { allowOrigin: 'https://play.example.com' } });

  it('adds one unauthenticated OPTIONS method per route, answered by a MOCK integration with status 200', () => {
    const options = all(json, 'aws_api_gateway_method').filter((m) => m.http_method === 'OPTIONS');
    expect(options).toHaveLength(2);
    for (const method of options) expect(method).toMatchObject({ authorization: 'NONE' });
    const mocks = all(json, 'aws_api_gateway_integration').filter((i) => i.type === 'MOCK');
    expect(mocks).toHaveLength(2);
    for (const mock of mocks) expect(ofPreflight(mock)).toBe(true);
    for (const mock of mocks) expect(mock).toMatchObject({ passthrough_behavior: 'NEVER', request_templates: { 'application/json': '{"statusCode": 200}' } });
  });

  it('answers the preflight with the origin, the methods and the headers each route takes (Idempotency-Key only where it is read)', () => {
    const responses = all(json, 'aws_api_gateway_integration_response').filter(ofPreflight);
    expect(responses).toHaveLength(2);
    const headerSets = responses.map((r) => r.response_parameters as Record<string, string>);
    expect(headerSets).toContainEqual({
      'method.response.header.Access-Control-Allow-Origin': "'https://play.example.com'",
      'method.response.header.Access-Control-Allow-Methods': "'OPTIONS,POST'",
      'method.response.header.Access-Control-Allow-Headers': "'Authorization,Content-Type,Idempotency-Key'",
      'method.response.header.Access-Control-Max-Age': "'600'",
    });
    expect(headerSets).toContainEqual(expect.objectContaining({ 'method.response.header.Access-Control-Allow-Headers': "'Authorization,Content-Type'" }));
    // Every header an integration response maps is declared by the method response (else the deployment fails).
    const declared = all(json, 'aws_api_gateway_method_response').filter(ofPreflight);
    expect(declared).toHaveLength(2);
    for (const method of declared) expect(Object.keys(method.response_parameters as object).sort()).toEqual(Object.keys(headerSets[0] as object).sort());
  });

  it('maps Access-Control-Allow-Origin into every answer of the POST methods and declares it in their method responses', () => {
    const post = all(json, 'aws_api_gateway_integration_response').filter((r) => !ofPreflight(r));
    expect(post.length).toBeGreaterThan(0);
    for (const response of post) expect(response.response_parameters).toEqual({ 'method.response.header.Access-Control-Allow-Origin': "'https://play.example.com'" });
    for (const response of all(json, 'aws_api_gateway_method_response').filter((r) => !ofPreflight(r))) {
      expect(response.response_parameters).toEqual({ 'method.response.header.Access-Control-Allow-Origin': false });
    }
  });

  it('puts the header on the gateway responses, so a browser can read a 400 or 401', () => {
    const gateway = all(json, 'aws_api_gateway_gateway_response');
    expect(gateway.map((g) => g.response_type).sort()).toEqual(['BAD_REQUEST_BODY', 'DEFAULT_4XX', 'DEFAULT_5XX']);
    for (const response of gateway) expect(response.response_parameters).toEqual({ 'gatewayresponse.header.Access-Control-Allow-Origin': "'https://play.example.com'" });
  });

  it('declares nothing for browsers without cors', () => {
    const plain = synth();
    expect(all(plain, 'aws_api_gateway_method').filter((m) => m.http_method === 'OPTIONS')).toEqual([]);
    for (const type of ['aws_api_gateway_integration_response', 'aws_api_gateway_gateway_response']) {
      for (const response of all(plain, type)) expect(response.response_parameters).toBeUndefined();
    }
  });

  it('refuses an origin with a path, a bad scheme or a wildcard host, and a max age out of range, at construction time', () => {
    expect(corsProblem({ allowOrigin: '*' })).toBeUndefined();
    expect(corsProblem({ allowOrigin: 'http://127.0.0.1:4566' })).toBeUndefined();
    for (const bad of ['https://play.example.com/', 'ftp://x.example', '*.example.com', 'play.example.com']) expect(corsProblem({ allowOrigin: bad })).toMatch(/allowOrigin must be/);
    expect(corsProblem({ allowOrigin: '*', maxAgeSeconds: 90000 })).toMatch(/maxAgeSeconds/);
    expect(() => synth({ cors: { allowOrigin: 'https://play.example.com/game' } })).toThrow(/EventApi "test-api": cors: allowOrigin must be/);
  });

  it('takes the origin from the environment config, validated, with "*" by default', () => {
    expect(validateEnvironment({ file: 'envs/dev/config.ts', config: dev }).apiAllowOrigin).toBeUndefined();
    expect(validateEnvironment({ file: 'x.ts', config: { ...dev, apiAllowOrigin: 'http://127.0.0.1:4566' } }).apiAllowOrigin).toBe('http://127.0.0.1:4566');
    expect(() => validateEnvironment({ file: 'x.ts', config: { ...dev, apiAllowOrigin: 'https://x.example/path' } })).toThrow(/apiAllowOrigin: allowOrigin must be/);
  });
});
