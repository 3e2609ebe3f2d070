/**
 * The `$connect` authorizer with real tokens: a local user pool issues them through the real SDK client and
 * serves its JWKS over HTTP; the handler verifies them with aws-jwt-verify exactly as deployed.
 * Reference: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html
 */
import { AdminCreateUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { cognitoTokenVerifier } from '../../../handlers/src/adapters/token-verifier';
import { ContractViolation } from '../../../handlers/src/events/contract-violation';
import { loadWsAuthorizerConfig } from '../../../handlers/src/ws-authorizer/config';
import { makeHandler, UNAUTHORIZED } from '../../../handlers/src/ws-authorizer/handler';
import { silentLogger } from '../../../handlers/src/shared/logger';
import type { LocalAws } from '../../../local/aws';
import type { LocalUserPoolConfig } from '../../../local/cognito/model';
import { recordingLogger } from '../../support/logger';
import { ACCOUNT, clientConfig, REGION, startTestAws } from '../local/support';

jest.setTimeout(60_000);

const PASSWORD = 'Correct-Horse-9';
const METHOD_ARN = `arn:aws:execute-api:${REGION}:${ACCOUNT}:abc123/live/$connect`;

const pool = (id: string, clientIds: string[]): LocalUserPoolConfig => ({
  id,
  name: id,
  arn: `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${id}`,
  passwordPolicy: { minimumLength: 8, requireLowercase: false, requireUppercase: false, requireNumbers: false, requireSymbols: false, temporaryPasswordValidityDays: 7 },
  usernameCaseSensitive: false,
  mfaConfiguration: 'OFF',
  deletionProtection: 'INACTIVE',
  adminCreateUserOnly: false,
  clients: clientIds.map((clientId) => ({
    id: clientId,
    name: clientId,
    explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    idTokenValidityMinutes: 60,
    accessTokenValidityMinutes: 60,
    refreshTokenValidityDays: 1,
    preventUserExistenceErrors: 'ENABLED',
  })),
});
const players = pool(`${REGION}_PlayersAA1`, ['gameclient0000000000000000', 'otherclient000000000000000']);
const strangers = pool(`${REGION}_StrangeBB2`, ['strangerclient000000000000']);

let aws: LocalAws;
let cognito: CognitoIdentityProviderClient;

beforeAll(async () => {
  aws = await startTestAws({ userPools: [players, strangers] });
  cognito = new CognitoIdentityProviderClient(clientConfig(aws.endpoint));
});
afterAll(async () => {
  cognito?.destroy();
  await aws?.stop();
});

async function tokensFor(from: LocalUserPoolConfig, username: string, clientId = from.clients[0]!.id) {
  await cognito.send(new AdminCreateUserCommand({ UserPoolId: from.id, Username: username, MessageAction: 'SUPPRESS' })).catch(() => undefined);
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: from.id, Username: username, Password: PASSWORD, Permanent: true }));
  const auth = await cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: PASSWORD } }));
  return { id: String(auth.AuthenticationResult?.IdToken), access: String(auth.AuthenticationResult?.AccessToken) };
}

const authorizer = (logger = silentLogger, issuer = `${aws.endpoint}/${players.id}`) =>
  makeHandler({ verifier: cognitoTokenVerifier({ issuer, clientId: players.clients[0]!.id }), logger });

const connectEvent = (query: Record<string, string> | null) => ({
  type: 'REQUEST',
  methodArn: METHOD_ARN,
  headers: { Host: 'abc123.execute-api.eu-west-1.amazonaws.com' },
  queryStringParameters: query,
  requestContext: { routeKey: '$connect', eventType: 'CONNECT', connectionId: 'Ul3rKcVxjoECF3A=' },
});

const refusal = (promise: Promise<unknown>): Promise<string> => promise.then(() => 'allowed', (error: Error) => error.message);

describe('ws-authorizer', () => {
  it("allows a valid ID token of the game client: the policy allows the route and the context names the token's player", async () => {
    const { id } = await tokensFor(players, 'ash');
    const { logger, lines } = recordingLogger('ws-authorizer');
    const answer = await authorizer(logger)(connectEvent({ token: id, player: 'misty' }));
    expect(answer).toEqual({
      principalId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: METHOD_ARN }] },
      context: { player: 'ash' },
    });
    expect(lines).toEqual([expect.objectContaining({ level: 'info', message: 'connection authorized', player: 'ash', connectionId: 'Ul3rKcVxjoECF3A=' })]);
  });

  it.each<[string, () => Promise<string>]>([
    ['no token', async () => ''],
    ['an expired token', async () => {
      aws.clock.set(new Date(Date.now() - 2 * 3600_000)); // issued two hours ago: expired an hour ago
      try {
        return (await tokensFor(players, 'brock')).id;
      } finally {
        aws.clock.set(new Date());
      }
    }],
    ['a token of another app client of the pool', async () => (await tokensFor(players, 'misty', players.clients[1]!.id)).id],
    ['a token of another pool', async () => (await tokensFor(strangers, 'misty')).id],
    ['an access token (token_use access)', async () => (await tokensFor(players, 'gary')).access],
    ['a token whose payload was altered (signature no longer matches)', async () => {
      const [header, payload, signature] = (await tokensFor(players, 'erika')).id.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
      const forged = Buffer.from(JSON.stringify({ ...claims, 'cognito:username': 'misty' })).toString('base64url');
      return `${header}.${forged}.${signature}`;
    }],
    ['a token signed with another key under the same key id', async () => {
      const [header, payload] = (await tokensFor(players, 'koga')).id.split('.') as [string, string, string];
      const other = (await tokensFor(strangers, 'koga')).id.split('.')[2];
      return `${header}.${payload}.${other}`;
    }],
    ['something that is not a JWT', async () => 'not-a-token'],
  ])('refuses %s with "Unauthorized" (API Gateway answers 401)', async (_label, token) => {
    const value = await token();
    expect(await refusal(authorizer()(connectEvent(value ? { token: value } : null)))).toBe(UNAUTHORIZED);
  });

  it('denies (403) a verified user whose name breaks the player-name rule', async () => {
    const { id } = await tokensFor(players, 'Sabrina'); // this pool has no pre sign-up trigger to stop it
    const answer = await authorizer()(connectEvent({ token: id }));
    expect(answer.policyDocument.Statement).toEqual([{ Action: 'execute-api:Invoke', Effect: 'Deny', Resource: METHOD_ARN }]);
    expect(answer.context).toBeUndefined();
  });

  it('fails with an error (API Gateway answers 500), not Unauthorized, when the JWKS cannot be fetched', async () => {
    const { id } = await tokensFor(players, 'lance');
    const unreachable = `http://127.0.0.1:9/${players.id}`; // nothing listens on the discard port
    const message = await refusal(authorizer(silentLogger, unreachable)(connectEvent({ token: id })));
    expect(message).not.toBe(UNAUTHORIZED);
    expect(message).not.toBe('allowed');
  });

  it('refuses an event that is not a REQUEST authorizer event', async () => {
    await expect(authorizer()({ type: 'TOKEN', authorizationToken: 'x' })).rejects.toBeInstanceOf(ContractViolation);
  });

  it('config: TOKEN_ISSUER (a URL) and USER_POOL_CLIENT_ID are required', () => {
    expect(loadWsAuthorizerConfig({ TOKEN_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc/', USER_POOL_CLIENT_ID: 'c' })).toEqual({
      tokenIssuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc',
      userPoolClientId: 'c',
    });
    expect(() => loadWsAuthorizerConfig({ TOKEN_ISSUER: 'cognito' })).toThrow(
      'Invalid configuration for ws-authorizer: TOKEN_ISSUER must be an http(s) URL (got "cognito"); USER_POOL_CLIENT_ID is required',
    );
  });
});
