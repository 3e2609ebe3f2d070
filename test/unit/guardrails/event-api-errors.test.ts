/**
 * Guardrail (issue 10, class 6): what EventBridge answers PutEvents decides the REST status, and only a
 * validation error is the client's fault. EventBridge answers 400 for ValidationException but also for
 * ThrottlingException and AccessDeniedException (https://docs.aws.amazon.com/eventbridge/latest/APIReference/CommonErrors.html),
 * and reports throttled entries inside a 200 (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsResultEntry.html).
 * Every route of every stack, with its synthesized templates and integration responses, run by the REST emulator.
 */
import type { IntegrationResponse } from '../../../local/apigateway/model';
import { LocalRestApi } from '../../../local/apigateway/rest-api';
import { ControllableClock } from '../../../local/clock';
import { CognitoService } from '../../../local/cognito';
import { synthesizedLocalConfigs } from './synthesized-local-configs';

type Answer = Pick<IntegrationResponse, 'statusCode' | 'body'>;
const error = (statusCode: number, type: string): Answer => ({ statusCode, body: JSON.stringify({ __type: type, message: `${type} happened` }) });
const entries = (entry: Record<string, string>): Answer => ({ statusCode: 200, body: JSON.stringify({ FailedEntryCount: 'EventId' in entry ? 0 : 1, Entries: [entry] }) });

const CASES: Array<[string, Answer, number]> = [
  ['an accepted entry', entries({ EventId: 'e-1' }), 202],
  ['a throttled request (400 ThrottlingException)', error(400, 'ThrottlingException'), 503],
  ['a namespaced throttling error', error(400, 'com.amazonaws.events#ThrottlingException'), 503],
  ['a throttled entry', entries({ ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }), 503],
  ['access denied (400 AccessDeniedException)', error(400, 'AccessDeniedException'), 500],
  ['a bad signature (400 InvalidSignatureException)', error(400, 'InvalidSignatureException'), 500],
  ['unknown credentials (403 InvalidClientTokenId)', error(403, 'InvalidClientTokenId'), 500],
  ['an entry refused for its source (NotAuthorizedForSourceException)', entries({ ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'no' }), 500],
  ['an internal error (500 InternalException)', error(500, 'InternalException'), 500],
  ['service unavailable (503 ServiceUnavailable)', error(503, 'ServiceUnavailable'), 503],
  ['a validation error (400 ValidationException): the request broke a rule', error(400, 'ValidationException'), 400],
];

describe.each(synthesizedLocalConfigs().map((s) => [s.name, s] as const))('%s: PutEvents errors at the REST edge', (_name, { config }) => {
  const [api] = config.restApis;
  const pool = config.userPools[0]!;
  const cognito = new CognitoService({ region: config.region, clock: new ControllableClock(), endpoint: () => 'http://127.0.0.1:4566', invokeLambda: async () => ({ payload: '{"response":{}}' }) }, config.userPools);
  let token = '';

  beforeAll(async () => {
    await cognito.adminCreateUser({ UserPoolId: pool.id, Username: 'ash', MessageAction: 'SUPPRESS' });
    cognito.adminSetUserPassword({ UserPoolId: pool.id, Username: 'ash', Password: 'Guardrail-Passw0rd', Permanent: true });
    const auth = (await cognito.initiateAuth({ ClientId: pool.clients[0]!.id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ash', PASSWORD: 'Guardrail-Passw0rd' } })) as {
      AuthenticationResult: { IdToken: string };
    };
    token = auth.AuthenticationResult.IdToken;
  });

  const bodies: Record<string, string> = { '/captures': '{"fakemon":"fm-1"}', '/carts/{cartId}/items': '{"product":"potion","quantity":1}', '/carts/{cartId}/checkout': '{}' };

  it('has a body for every route', () => {
    expect(api?.routes.filter((r) => r.integration.type === 'AWS').map((r) => r.path).sort()).toEqual(Object.keys(bodies).sort());
  });

  it.each(api!.routes.filter((r) => r.integration.type === 'AWS').flatMap((route) => CASES.map(([label, answer, status]) => [route.path, label, answer, status] as const)))(
    'POST %s: %s answers %i',
    async (path, _label, answer, status) => {
      const rest = new LocalRestApi(api!, { cognito, invokeIntegration: async () => ({ ...answer, headers: {} }) });
      const response = await rest.handleRequest({
        method: 'POST',
        url: `/${api!.stageName}${path.replace('{cartId}', 'cart-1')}`,
        headers: { 'content-type': 'application/json', authorization: token },
        body: bodies[path]!,
      });
      expect(response.statusCode).toBe(status);
      expect(() => JSON.parse(response.body)).not.toThrow();
    },
  );
});
