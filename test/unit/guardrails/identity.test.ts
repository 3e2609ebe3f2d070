/**
 * Guardrail (issue 11): nobody acts as anyone without a token. Every REST method of every stack requires a
 * Cognito ID token of the stack's pool, `$connect` goes through the Lambda REQUEST authorizer, the pool refuses
 * names outside the rule (pre sign-up trigger), and prod's pool cannot be deleted.
 */
import { synthesizeAll } from '../../support/synthesized-stacks';

type Body = Record<string, unknown>;
const stacks = synthesizeAll();

describe.each(Object.keys(stacks).sort())('%s: identity', (name) => {
  const { json } = stacks[name]!;
  const of = (type: string): Array<[string, Body]> => Object.entries(json.resource[type] ?? {});
  const [[poolName, pool]] = of('aws_cognito_user_pool') as [[string, Body]];

  it('every REST method requires a Cognito ID token of the players pool', () => {
    const authorizers = of('aws_api_gateway_authorizer');
    expect(authorizers).toHaveLength(1);
    const [[authorizerName, authorizer]] = authorizers as [[string, Body]];
    expect(authorizer).toMatchObject({ type: 'COGNITO_USER_POOLS', identity_source: 'method.request.header.Authorization', provider_arns: [`\${aws_cognito_user_pool.${poolName}.arn}`] });
    const methods = of('aws_api_gateway_method');
    expect(methods.length).toBeGreaterThan(0);
    // CORS preflights: a browser sends no credentials with them, and API Gateway answers them itself (MOCK).
    const preflights = methods.filter(([, method]) => method.http_method === 'OPTIONS');
    for (const [name, method] of preflights) {
      expect(method.authorization).toBe('NONE');
      const integration = of('aws_api_gateway_integration').find(([, i]) => i.http_method === `\${aws_api_gateway_method.${name}.http_method}`)?.[1];
      expect(integration).toMatchObject({ type: 'MOCK', request_templates: { 'application/json': '{"statusCode": 200}' } });
    }
    for (const [, method] of methods.filter((m) => !preflights.includes(m))) {
      expect(method).toMatchObject({ authorization: 'COGNITO_USER_POOLS', authorizer_id: `\${aws_api_gateway_authorizer.${authorizerName}.id}` });
      expect(method.authorization_scopes).toBeUndefined(); // ID tokens, whose claims name the player
    }
  });

  it('takes the caller from the token in every request template, never from the body', () => {
    for (const [, integration] of of('aws_api_gateway_integration').filter(([, i]) => i.type !== 'MOCK')) {
      const template = (integration.request_templates as Record<string, string>)['application/json'] ?? '';
      expect(template).toContain(`#set($caller = $context.authorizer.claims['cognito:username'])`);
      expect(template).toContain(`$caller.matches('^[a-z][a-z0-9_]{2,23}$')`);
    }
  });

  it('$connect goes through the Lambda REQUEST authorizer with the token from the query string; nothing else can', () => {
    const routes = Object.fromEntries(of('aws_apigatewayv2_route').map(([, r]) => [String(r.route_key), r]));
    const [[authorizerName, authorizer]] = of('aws_apigatewayv2_authorizer') as [[string, Body]];
    expect(authorizer).toMatchObject({ authorizer_type: 'REQUEST', identity_sources: ['route.request.querystring.token'] });
    expect(routes.$connect).toMatchObject({ authorization_type: 'CUSTOM', authorizer_id: `\${aws_apigatewayv2_authorizer.${authorizerName}.id}` });
    const fn = of('aws_lambda_function').find(([n]) => String(authorizer.authorizer_uri).includes(`aws_lambda_function.${n}.`))?.[1];
    expect((fn?.environment as { variables: Record<string, string> }).variables).toEqual({
      TOKEN_ISSUER: expect.stringMatching(new RegExp(`^https://cognito-idp\\.[a-z0-9-]+\\.amazonaws\\.com/\\$\\{aws_cognito_user_pool\\.${poolName}\\.id\\}$`)),
      USER_POOL_CLIENT_ID: expect.stringMatching(/^\$\{aws_cognito_user_pool_client\..+\.id\}$/),
    });
    const permissions = of('aws_lambda_permission').map(([, p]) => p);
    expect(permissions).toContainEqual(expect.objectContaining({ principal: 'apigateway.amazonaws.com', source_arn: expect.stringContaining(`/authorizers/\${aws_apigatewayv2_authorizer.${authorizerName}.id}`) }));
  });

  it('the pool enforces the name rule at sign-up, compares names case-insensitively, and its game client has no secret', () => {
    expect(pool).toMatchObject({ username_configuration: { case_sensitive: false }, lambda_config: { pre_sign_up: expect.stringMatching(/pre-sign-up.*\.arn\}$/) } });
    const [[, client]] = of('aws_cognito_user_pool_client') as [[string, Body]];
    expect(client).toMatchObject({
      generate_secret: false,
      prevent_user_existence_errors: 'ENABLED',
      explicit_auth_flows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
    expect(of('aws_lambda_permission').map(([, p]) => p)).toContainEqual(expect.objectContaining({ principal: 'cognito-idp.amazonaws.com', source_arn: `\${aws_cognito_user_pool.${poolName}.arn}` }));
  });

  it('prod keeps its players: the pool has deletion protection', () => {
    expect(pool.deletion_protection).toBe(name === 'fakemon-prod' ? 'ACTIVE' : 'INACTIVE');
  });

  it('outputs the pool and client ids (the e2e suite signs in against a deployed stack with them)', () => {
    expect(Object.keys(json.output ?? {})).toEqual(expect.arrayContaining(['user_pool_id', 'user_pool_client_id']));
  });
});
