/**
 * The local Cognito user pools through the real `@aws-sdk/client-cognito-identity-provider` client: the
 * operations the game uses, Cognito's error codes, the tokens and their JWKS, the pre sign-up trigger run from
 * its zip, and what `--data-dir` keeps.
 * Reference: https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html,
 * https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html.
 */
import * as path from 'node:path';
import {
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  DescribeUserPoolCommand,
  GetUserCommand,
  InitiateAuthCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { CognitoIdStore } from '../../../local/cognito/ids';
import type { LocalUserPoolConfig } from '../../../local/cognito/model';
import type { LocalAws } from '../../../local/aws';
import { ACCOUNT, clientConfig, REGION, startTestAws, tempDir } from './support';

jest.setTimeout(60_000);

const PRE_SIGN_UP_ZIP = path.resolve(__dirname, '../../../handlers/dist/pre-sign-up.zip');
const PRE_SIGN_UP_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:test-pre-sign-up`;
const PASSWORD = 'Correct-Horse-9';

function poolConfig(id: string, overrides: Partial<LocalUserPoolConfig> = {}): LocalUserPoolConfig {
  return {
    id,
    name: `pool-${id}`,
    arn: `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${id}`,
    passwordPolicy: { minimumLength: 12, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: false, temporaryPasswordValidityDays: 7 },
    usernameCaseSensitive: false,
    mfaConfiguration: 'OPTIONAL',
    deletionProtection: 'INACTIVE',
    adminCreateUserOnly: false,
    clients: [
      {
        id: `${id.split('_')[1]?.toLowerCase()}game0000000000000`.slice(0, 26),
        name: 'game',
        explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        idTokenValidityMinutes: 60,
        accessTokenValidityMinutes: 30,
        refreshTokenValidityDays: 1,
        preventUserExistenceErrors: 'ENABLED',
      },
      {
        id: `${id.split('_')[1]?.toLowerCase()}legacy00000000000`.slice(0, 26),
        name: 'legacy',
        explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        idTokenValidityMinutes: 5,
        accessTokenValidityMinutes: 5,
        refreshTokenValidityDays: 1,
        preventUserExistenceErrors: 'LEGACY',
      },
    ],
    ...overrides,
  };
}

const plain = poolConfig(`${REGION}_PlainPool1`);
const guarded = poolConfig(`${REGION}_GuardPool1`, { preSignUpLambdaArn: PRE_SIGN_UP_ARN });
const [game, legacy] = plain.clients as [LocalUserPoolConfig['clients'][number], LocalUserPoolConfig['clients'][number]];

let aws: LocalAws;
let cognito: CognitoIdentityProviderClient;

async function start(dataDir?: string, port = 0): Promise<void> {
  aws = await startTestAws({
    dataDir,
    port,
    userPools: [plain, guarded],
    functions: [
      { name: 'test-pre-sign-up', arn: PRE_SIGN_UP_ARN, zipPath: PRE_SIGN_UP_ZIP, handler: 'index.handler', runtime: 'nodejs22.x', environment: {}, timeoutSeconds: 10, memoryMb: 256 },
    ],
  });
  cognito = new CognitoIdentityProviderClient(clientConfig(aws.endpoint));
}
async function stop(): Promise<void> {
  cognito?.destroy();
  await aws?.stop();
}

const errorOf = (promise: Promise<unknown>): Promise<{ name: string; message: string }> =>
  promise.then(
    () => ({ name: 'no error', message: '' }),
    (error: Error) => ({ name: error.name, message: error.message }),
  );

async function signIn(_pool: LocalUserPoolConfig, clientId: string, username: string, password = PASSWORD) {
  return cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }));
}

async function adminUser(pool: LocalUserPoolConfig, username: string): Promise<void> {
  await cognito.send(new AdminCreateUserCommand({ UserPoolId: pool.id, Username: username, MessageAction: 'SUPPRESS' }));
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.id, Username: username, Password: PASSWORD, Permanent: true }));
}

describe('local Cognito user pools (real SDK client)', () => {
  beforeAll(() => start());
  afterAll(stop);

  it('lists and describes the pools and their clients', async () => {
    const pools = await cognito.send(new ListUserPoolsCommand({ MaxResults: 10 }));
    expect(pools.UserPools?.map((p) => [p.Id, p.Name])).toEqual([
      [plain.id, plain.name],
      [guarded.id, guarded.name],
    ]);
    expect(pools.UserPools?.[1]?.LambdaConfig).toEqual({ PreSignUp: PRE_SIGN_UP_ARN });
    const described = await cognito.send(new DescribeUserPoolCommand({ UserPoolId: plain.id }));
    expect(described.UserPool).toMatchObject({
      Id: plain.id,
      Arn: plain.arn,
      MfaConfiguration: 'OPTIONAL',
      UsernameConfiguration: { CaseSensitive: false },
      Policies: { PasswordPolicy: { MinimumLength: 12, RequireSymbols: false } },
    });
    expect(described.UserPool?.CreationDate).toBeInstanceOf(Date);
    const clients = await cognito.send(new ListUserPoolClientsCommand({ UserPoolId: plain.id }));
    expect(clients.UserPoolClients?.map((c) => c.ClientName)).toEqual(['game', 'legacy']);
    expect(await errorOf(cognito.send(new DescribeUserPoolCommand({ UserPoolId: `${REGION}_Nope12345` })))).toMatchObject({ name: 'ResourceNotFoundException' });
    expect(await errorOf(cognito.send(new ListUserPoolsCommand({ MaxResults: 0 })))).toMatchObject({ name: 'InvalidParameterException' });
  });

  it('SignUp leaves the user unconfirmed; ConfirmSignUp needs the code; then the user signs in', async () => {
    const signedUp = await cognito.send(new SignUpCommand({ ClientId: game.id, Username: 'brock', Password: PASSWORD }));
    expect(signedUp).toMatchObject({ UserConfirmed: false, UserSub: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(await errorOf(signIn(plain, game.id, 'brock'))).toMatchObject({ name: 'UserNotConfirmedException' });
    expect(await errorOf(cognito.send(new ConfirmSignUpCommand({ ClientId: game.id, Username: 'brock', ConfirmationCode: '000000x' })))).toMatchObject({
      name: 'CodeMismatchException',
    });
    const code = aws.services.cognito.confirmationCode(plain.id, 'brock') as string;
    await cognito.send(new ConfirmSignUpCommand({ ClientId: game.id, Username: 'brock', ConfirmationCode: code }));
    expect((await signIn(plain, game.id, 'brock')).AuthenticationResult?.IdToken).toEqual(expect.any(String));
    expect(await errorOf(cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: plain.id, Username: 'brock' })))).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'User cannot be confirmed. Current status is CONFIRMED',
    });
  });

  it('AdminConfirmSignUp confirms; AdminCreateUser starts with a temporary password (NEW_PASSWORD_REQUIRED)', async () => {
    await cognito.send(new SignUpCommand({ ClientId: game.id, Username: 'gary', Password: PASSWORD }));
    await cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: plain.id, Username: 'gary' }));
    expect((await signIn(plain, game.id, 'gary')).AuthenticationResult).toBeDefined();

    const created = await cognito.send(new AdminCreateUserCommand({ UserPoolId: plain.id, Username: 'erika', TemporaryPassword: 'Temporary-Pass1', MessageAction: 'SUPPRESS' }));
    expect(created.User).toMatchObject({ Username: 'erika', UserStatus: 'FORCE_CHANGE_PASSWORD', Enabled: true });
    expect(await signIn(plain, game.id, 'erika', 'Temporary-Pass1')).toMatchObject({ ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: expect.any(String) });
    await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: plain.id, Username: 'erika', Password: PASSWORD, Permanent: true }));
    expect((await signIn(plain, game.id, 'erika')).AuthenticationResult?.AccessToken).toEqual(expect.any(String));
  });

  it("answers with Cognito's error codes", async () => {
    await adminUser(plain, 'misty');
    expect(await errorOf(cognito.send(new SignUpCommand({ ClientId: game.id, Username: 'MISTY', Password: PASSWORD })))).toEqual({
      name: 'UsernameExistsException',
      message: 'User already exists',
    }); // usernames are case-insensitive in this pool
    expect(await errorOf(cognito.send(new AdminCreateUserCommand({ UserPoolId: plain.id, Username: 'misty' })))).toMatchObject({ name: 'UsernameExistsException' });
    expect(await errorOf(cognito.send(new SignUpCommand({ ClientId: game.id, Username: 'lance', Password: 'short-1A' })))).toEqual({
      name: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password not long enough',
    });
    expect(await errorOf(cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: plain.id, Username: 'misty', Password: 'nouppercase-123' })))).toEqual({
      name: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password must have uppercase characters',
    });
    expect(await errorOf(signIn(plain, game.id, 'misty', 'Wrong-Password-1'))).toEqual({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    // PreventUserExistenceErrors: an unknown user fails like a wrong password, unless the client is LEGACY
    expect(await errorOf(signIn(plain, game.id, 'nobody'))).toEqual({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    expect(await errorOf(signIn(plain, legacy.id, 'nobody'))).toMatchObject({ name: 'InvalidParameterException' }); // flow not enabled on that client
    expect(await errorOf(cognito.send(new InitiateAuthCommand({ ClientId: 'nosuchclient', AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: {} })))).toMatchObject({
      name: 'ResourceNotFoundException',
    });
    expect(await errorOf(cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: plain.id, Username: 'nobody', Password: PASSWORD, Permanent: true })))).toEqual({
      name: 'UserNotFoundException',
      message: 'User does not exist.',
    });
  });

  it("issues RS256 ID and access tokens with Cognito's claims, verifiable with the JWKS below the issuer", async () => {
    await adminUser(plain, 'sabrina');
    const result = (await signIn(plain, game.id, 'sabrina')).AuthenticationResult;
    expect(result).toMatchObject({ TokenType: 'Bearer', ExpiresIn: 1800, RefreshToken: expect.any(String) });
    const issuer = `${aws.endpoint}/${plain.id}`;
    const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
    const id = await jwtVerify(String(result?.IdToken), jwks, { issuer, audience: game.id, algorithms: ['RS256'] });
    expect(id.protectedHeader).toMatchObject({ alg: 'RS256', kid: expect.any(String) });
    expect(id.payload).toMatchObject({ token_use: 'id', 'cognito:username': 'sabrina', aud: game.id, sub: expect.any(String), auth_time: expect.any(Number), jti: expect.any(String) });
    expect(Number(id.payload.exp) - Number(id.payload.iat)).toBe(3600);
    const access = await jwtVerify(String(result?.AccessToken), jwks, { issuer, algorithms: ['RS256'] });
    expect(access.payload).toMatchObject({ token_use: 'access', username: 'sabrina', client_id: game.id, scope: 'aws.cognito.signin.user.admin', sub: id.payload.sub });
    expect(access.payload.aud).toBeUndefined();
    // another pool signs with another key
    await adminUser(guarded, 'sabrina');
    const other = decodeJwt(String((await signIn(guarded, guarded.clients[0]!.id, 'sabrina')).AuthenticationResult?.IdToken));
    expect(other.iss).toBe(`${aws.endpoint}/${guarded.id}`);
    await expect(jwtVerify(String((await signIn(guarded, guarded.clients[0]!.id, 'sabrina')).AuthenticationResult?.IdToken), jwks, { issuer })).rejects.toThrow();
  });

  it('REFRESH_TOKEN_AUTH gives new tokens for the same sign-in; GetUser reads the user from an access token', async () => {
    await adminUser(plain, 'koga');
    const first = (await signIn(plain, game.id, 'koga')).AuthenticationResult;
    const refreshed = (
      await cognito.send(new InitiateAuthCommand({ ClientId: game.id, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: String(first?.RefreshToken) } }))
    ).AuthenticationResult;
    expect(refreshed?.RefreshToken).toBeUndefined();
    expect(refreshed?.IdToken).not.toBe(first?.IdToken);
    expect(decodeJwt(String(refreshed?.IdToken))).toMatchObject({ sub: decodeJwt(String(first?.IdToken)).sub, origin_jti: decodeJwt(String(first?.IdToken)).origin_jti });
    const user = await cognito.send(new GetUserCommand({ AccessToken: String(refreshed?.AccessToken) }));
    expect(user.Username).toBe('koga');
    expect(user.UserAttributes).toEqual([{ Name: 'sub', Value: decodeJwt(String(first?.IdToken)).sub }]);
    expect(await errorOf(cognito.send(new GetUserCommand({ AccessToken: String(refreshed?.IdToken) })))).toMatchObject({ name: 'NotAuthorizedException' });
    expect(await errorOf(cognito.send(new InitiateAuthCommand({ ClientId: game.id, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: 'forged' } })))).toEqual({
      name: 'NotAuthorizedException',
      message: 'Invalid Refresh Token',
    });
  });

  it('tokens expire on the local clock; so do refresh tokens', async () => {
    await adminUser(plain, 'blaine');
    const result = (await signIn(plain, game.id, 'blaine')).AuthenticationResult;
    aws.clock.advance(31 * 60 * 1000);
    expect(await errorOf(cognito.send(new GetUserCommand({ AccessToken: String(result?.AccessToken) })))).toEqual({ name: 'NotAuthorizedException', message: 'Access Token has expired' });
    expect(await aws.services.cognito.verifyForAuthorizer(String(result?.IdToken), [plain.arn])).toEqual({ claims: expect.objectContaining({ 'cognito:username': 'blaine' }) });
    aws.clock.advance(30 * 60 * 1000);
    expect(await aws.services.cognito.verifyForAuthorizer(String(result?.IdToken), [plain.arn])).toEqual({ problem: 'expired' });
    aws.clock.advance(86400 * 1000);
    expect(await errorOf(cognito.send(new InitiateAuthCommand({ ClientId: game.id, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: String(result?.RefreshToken) } })))).toEqual({
      name: 'NotAuthorizedException',
      message: 'Refresh Token has expired',
    });
  });

  it('runs the pre sign-up trigger from its zip on SignUp and AdminCreateUser: the name rule refuses, a player is confirmed at once', async () => {
    const client = guarded.clients[0]!.id;
    for (const bad of ['Ash', 'ash<script>', 'аsh', 'a']) {
      expect(await errorOf(cognito.send(new SignUpCommand({ ClientId: client, Username: bad, Password: PASSWORD })))).toEqual({
        name: 'UserLambdaValidationException',
        message: 'PreSignUp failed with error player names are 3 to 24 lowercase letters, digits or "_", starting with a letter.',
      });
    }
    expect(await errorOf(cognito.send(new AdminCreateUserCommand({ UserPoolId: guarded.id, Username: 'Bad Name' })))).toMatchObject({ name: 'UserLambdaValidationException' });
    expect(await cognito.send(new SignUpCommand({ ClientId: client, Username: 'ash_ketchum', Password: PASSWORD }))).toMatchObject({ UserConfirmed: true });
    expect((await signIn(guarded, client, 'ash_ketchum')).AuthenticationResult?.IdToken).toEqual(expect.any(String));
  });
});

describe('local Cognito with --data-dir', () => {
  afterEach(stop);

  it('signs the first sign-ins that arrive together with one pool key', async () => {
    await start();
    for (const name of ['red', 'blue', 'green', 'gold']) await adminUser(plain, name);
    const tokens = await Promise.all(['red', 'blue', 'green', 'gold'].map(async (name) => String((await signIn(plain, game.id, name)).AuthenticationResult?.IdToken)));
    const kids = new Set(tokens.map((t) => JSON.parse(Buffer.from(t.split('.')[0]!, 'base64url').toString('utf8')).kid));
    expect(kids.size).toBe(1);
    for (const token of tokens) expect(await aws.services.cognito.verifyForAuthorizer(token, [plain.arn])).toHaveProperty('claims');
  });

  it('keeps users, refresh tokens and the signing key across a restart', async () => {
    const dataDir = tempDir('cognito-data-');
    await start(dataDir);
    await adminUser(plain, 'surge');
    const before = (await signIn(plain, game.id, 'surge')).AuthenticationResult;
    const port = Number(new URL(aws.endpoint).port);
    await stop();

    await start(dataDir, port); // the issuer is on the endpoint: same port, same issuer
    expect(await aws.services.cognito.verifyForAuthorizer(String(before?.IdToken), [plain.arn])).toEqual({ claims: expect.objectContaining({ 'cognito:username': 'surge' }) });
    expect((await signIn(plain, game.id, 'surge')).AuthenticationResult).toBeDefined();
    const refreshed = await cognito.send(
      new InitiateAuthCommand({ ClientId: game.id, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: String(before?.RefreshToken) } }),
    );
    expect(refreshed.AuthenticationResult?.IdToken).toEqual(expect.any(String));
  });

  it('pool and client ids are random per address, and kept in the data directory', () => {
    const dataDir = tempDir('cognito-ids-');
    const first = CognitoIdStore.open(dataDir);
    const poolId = first.userPoolId('aws_cognito_user_pool.players_pool', 'eu-west-1');
    const clientId = first.userPoolClientId('aws_cognito_user_pool_client.players_game-client');
    expect(poolId).toMatch(/^eu-west-1_[A-Za-z0-9]{9}$/);
    expect(clientId).toMatch(/^[a-z0-9]{26}$/);
    const again = CognitoIdStore.open(dataDir);
    expect(again.userPoolId('aws_cognito_user_pool.players_pool', 'eu-west-1')).toBe(poolId);
    expect(again.userPoolClientId('aws_cognito_user_pool_client.players_game-client')).toBe(clientId);
    expect(CognitoIdStore.open(undefined).userPoolId('aws_cognito_user_pool.players_pool', 'eu-west-1')).not.toBe(poolId);
  });
});
