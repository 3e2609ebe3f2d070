/**
 * Guardrail (issue 10, class 5): every gateway response body of every stack is valid JSON on AWS. Gateway
 * response templates are plain variable substitution, not Velocity, with no escaping
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-gateway-responses.responseTemplates.html,
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-gatewayResponse-definition.html), and
 * `$context.error.validationErrorString` holds raw quotes and backslashes; the local emulator substitutes exactly
 * like that, so rendering the stack's templates with it shows what AWS sends.
 */
import { GATEWAY_RESPONSE_TYPES, renderGatewayResponse } from '../../../local/apigateway/gateway-responses';
import { synthesizedLocalConfigs } from './synthesized-local-configs';

/** What API Gateway puts in `$context.error.*`, at its most hostile (fge-style messages quote user input). */
const HOSTILE_VALIDATION = '[object has missing required properties (["fakemon"]), string "a\\"b\\\\c\n" is too long (length: 65, maximum allowed: 64)]';

describe.each(synthesizedLocalConfigs().map((s) => [s.name, s] as const))('%s: gateway responses', (_name, { config }) => {
  const [api] = config.restApis;
  const configured = api?.gatewayResponses ?? [];

  it('configures the 400 for invalid bodies and the 4XX/5XX defaults', () => {
    expect(configured.map((r) => r.responseType).sort()).toEqual(['BAD_REQUEST_BODY', 'DEFAULT_4XX', 'DEFAULT_5XX']);
  });

  it.each(Object.keys(GATEWAY_RESPONSE_TYPES))('%s renders a valid JSON body, whatever the validation error string holds', (responseType) => {
    const rendered = renderGatewayResponse(
      configured,
      { responseType, validationErrorString: HOSTILE_VALIDATION, message: 'The "incoming" token \\ has expired' },
      { requestId: 'c0ffee00-1234-4abc-8def-0123456789ab', identity: { sourceIp: '203.0.113.7' } },
    );
    expect(() => JSON.parse(rendered.body)).not.toThrow();
    expect(JSON.parse(rendered.body)).toMatchObject({ message: expect.any(String) });
  });
});
