import { synthesizeStacks } from '../../../../scripts/lib/synth';
import { readSynthesizedStack, StackJson, SynthesizedStack } from '../../../../local/stack/terraform-json';
import { toLocalStackConfig } from '../../../../local/stack/to-local-config';
import { resolveReferences } from '../../../../local/stack/references';
import * as path from 'node:path';

const endpoints = {
  accountId: '111111111111',
  region: 'eu-west-1',
  awsEndpoint: 'http://127.0.0.1:4566',
  restEndpoint: 'http://127.0.0.1:3000',
  webSocketEndpoint: 'ws://127.0.0.1:3001',
};
const [dev] = synthesizeStacks({}).filter((s) => s.name === 'fakemon-dev');
const stack = readSynthesizedStack(path.dirname(path.dirname(dev.dir)), 'fakemon-dev');
const withJson = (json: StackJson): SynthesizedStack => ({ ...stack, json });

describe('reading a synthesized stack for the local runtime', () => {
  const config = toLocalStackConfig(stack, endpoints);

  it('resolves Terraform references in function environments to the stack’s resources', () => {
    const capture = config.functions.find((f) => f.name === 'fakemon-dev-capture');
    expect(capture?.environment).toMatchObject({ WORLD_TABLE: 'fakemon-dev-world', ATTEMPTS_TABLE: 'fakemon-dev-attempts', EVENT_BUS_NAME: 'fakemon-dev-bus' });
    expect(capture?.onFailureDestinationArn).toBe('arn:aws:sqs:eu-west-1:111111111111:fakemon-dev-capture-dlq');
  });

  it('points the result and world-update functions at the local WebSocket management API', () => {
    expect(config.functions.find((f) => f.name === 'fakemon-dev-deliver-result')?.environment.WEBSOCKET_MANAGEMENT_ENDPOINT).toBe('http://127.0.0.1:3001/live');
    expect(config.functions.find((f) => f.name === 'fakemon-dev-world-updates')?.environment.WEBSOCKET_MANAGEMENT_ENDPOINT).toBe('http://127.0.0.1:3001/live');
  });

  it('takes rules, targets, DLQs and retry policies from the module block', () => {
    const rule = config.buses[0].rules.find((r) => r.name === 'capture-attempt-rule');
    expect(rule).toMatchObject({
      arn: 'arn:aws:events:eu-west-1:111111111111:rule/fakemon-dev-bus/capture-attempt-rule',
      eventPattern: { source: ['fakemon.attempt-to-capture-api'], 'detail-type': ['fakemon.capture_attempt'] },
      targets: [{ id: 'capture', arn: 'arn:aws:lambda:eu-west-1:111111111111:function:fakemon-dev-capture', deadLetterArn: expect.stringMatching(/:fakemon-dev-capture-dlq$/) }],
    });
    expect(config.schedules).toEqual([expect.objectContaining({ name: 'spawn-schedule', groupName: 'fakemon-dev-spawn', scheduleExpression: 'rate(1 minute)' })]);
    expect(config.buses[0].archives).toEqual([expect.objectContaining({ name: 'fakemon-dev-archive' })]);
  });

  it('builds the REST routes with their models and templates', () => {
    expect(config.restApis[0].routes.map((r) => `${r.httpMethod} ${r.path}`).sort()).toEqual([
      'POST /captures',
      'POST /carts/{cartId}/checkout',
      'POST /carts/{cartId}/items',
    ]);
  });

  it('reads the players pool, its game client and the pre sign-up trigger; ids are Cognito-shaped', () => {
    expect(config.userPools).toEqual([
      expect.objectContaining({
        id: expect.stringMatching(/^eu-west-1_[A-Za-z0-9]{9}$/),
        name: 'fakemon-dev-players',
        usernameCaseSensitive: false,
        preSignUpLambdaArn: 'arn:aws:lambda:eu-west-1:111111111111:function:fakemon-dev-pre-sign-up',
        passwordPolicy: expect.objectContaining({ minimumLength: 12 }),
        clients: [
          expect.objectContaining({
            id: expect.stringMatching(/^[a-z0-9]{26}$/),
            name: 'fakemon-dev-game',
            explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
            idTokenValidityMinutes: 60,
            refreshTokenValidityDays: 30,
          }),
        ],
      }),
    ]);
    expect(config.outputs.user_pool_id).toBe(config.userPools[0]?.id);
  });

  it('puts the Cognito authorizer on every REST route and the REQUEST authorizer on $connect', () => {
    const pool = config.userPools[0]!;
    for (const route of config.restApis[0]!.routes) {
      expect(route.authorization).toEqual({ type: 'COGNITO_USER_POOLS', providerArns: [pool.arn], identitySource: 'method.request.header.Authorization', scopes: [] });
    }
    expect(config.webSocketApis[0]).toMatchObject({ connectAuthorizer: { functionName: 'fakemon-dev-ws-authorizer', identitySources: ['route.request.querystring.token'] } });
  });

  it('routes messages by action: watch is two-way (its $default route response), $connect/$disconnect are not', () => {
    expect(config.webSocketApis[0]?.routes).toEqual({
      $connect: { functionName: 'fakemon-dev-ws-connect' },
      $disconnect: { functionName: 'fakemon-dev-ws-connect' },
      watch: { functionName: 'fakemon-dev-ws-watch', twoWay: true },
    });
    // Without the route response, API Gateway sends the client nothing back.
    const { aws_apigatewayv2_route_response: _responses, ...others } = stack.json.resource ?? {};
    expect(toLocalStackConfig(withJson({ ...stack.json, resource: others }), endpoints).webSocketApis[0]?.routes.watch).toEqual({ functionName: 'fakemon-dev-ws-watch' });
  });

  it("points the authorizer's token issuer at the local user pool", () => {
    const authorizer = config.functions.find((f) => f.name === 'fakemon-dev-ws-authorizer');
    expect(authorizer?.environment).toEqual({ TOKEN_ISSUER: `http://127.0.0.1:4566/${config.userPools[0]?.id}`, USER_POOL_CLIENT_ID: config.userPools[0]?.clients[0]?.id });
  });

  it('stops on a resource type it cannot emulate, naming it', () => {
    const json = { ...stack.json, resource: { ...stack.json.resource, aws_kinesis_stream: { s: { name: 'x' } } } };
    expect(() => toLocalStackConfig(withJson(json), endpoints)).toThrow(/resource type aws_kinesis_stream is not emulated/);
  });

  it('stops on a module input it cannot emulate, naming it', () => {
    const [name, module] = Object.entries(stack.json.module ?? {})[0];
    const json = { ...stack.json, module: { [name]: { ...module, pipes: { p: {} } } } };
    expect(() => toLocalStackConfig(withJson(json), endpoints)).toThrow(/input "pipes" is not emulated/);
  });

  it('reads SES identities and configuration sets (identities as verified), references resolved', () => {
    const json = {
      ...stack.json,
      resource: {
        ...stack.json.resource,
        aws_sesv2_configuration_set: { notifications: { configuration_set_name: 'fakemon-dev-notifications' } },
        aws_sesv2_email_identity: {
          sender: { email_identity: 'notifications@fakemon.example', configuration_set_name: '${aws_sesv2_configuration_set.notifications.configuration_set_name}' },
        },
        aws_ses_domain_identity: { domain: { domain: 'mail.fakemon.example' } },
        aws_ses_domain_dkim: { domain: { domain: '${aws_ses_domain_identity.domain.domain}' } },
      },
    };
    const read = toLocalStackConfig(withJson(json), endpoints);
    expect(read.ses).toEqual({
      identities: [
        { identity: 'notifications@fakemon.example', arn: 'arn:aws:ses:eu-west-1:111111111111:identity/notifications@fakemon.example', configurationSetName: 'fakemon-dev-notifications' },
        { identity: 'mail.fakemon.example', arn: 'arn:aws:ses:eu-west-1:111111111111:identity/mail.fakemon.example' },
      ],
      configurationSets: ['fakemon-dev-notifications'],
    });
    expect(read.noLocalEffect).toContainEqual(expect.objectContaining({ resources: { aws_ses_domain_dkim: 1 } }));
  });

  it.each([
    ['${lookup(var.x, "a")}', /only plain references/],
    ['${aws_sqs_queue.missing.arn}', /no such resource or attribute/],
  ])('refuses %s', (expression, message) => {
    expect(() => resolveReferences(expression, () => undefined, 'test')).toThrow(message);
  });
});
