/**
 * A local Cognito user pool service: the pools and app clients of the synthesized stack, their users and the
 * tokens they issue. What is emulated, as Cognito does it:
 *
 * - ListUserPools, DescribeUserPool, ListUserPoolClients; SignUp, ConfirmSignUp, AdminConfirmSignUp,
 *   AdminCreateUser, AdminSetUserPassword, InitiateAuth (USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH), GetUser;
 * - the pool's password policy (InvalidPasswordException), case-insensitive usernames unless the pool is
 *   case-sensitive, the client's allowed auth flows, `PreventUserExistenceErrors` (an unknown user fails like a
 *   wrong password), the pre sign-up trigger (run from its zip on SignUp and AdminCreateUser; its error becomes
 *   UserLambdaValidationException, its `autoConfirmUser` confirms);
 * - RS256 ID and access tokens with Cognito's claims, signed with one key per pool, whose JWKS is served at
 *   `<issuer>/.well-known/jwks.json`; opaque refresh tokens with the client's validity; all times from the
 *   local clock, so advancing it expires tokens.
 *
 * Not emulated (and refused with an error saying so): SRP and custom auth, MFA challenges (no user can enrol
 * locally), e-mail and SMS delivery, failed-attempt lockout.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import { AwsServiceError } from '../aws/errors';
import type { LocalUserPoolClientConfig, LocalUserPoolConfig } from './model';
import { assertPasswordConforms } from './password-policy';
import { hashPassword, passwordMatches, PoolStore, type StoredUser } from './store';
import { newSigningKey, signAccessToken, signIdToken, signingKeyOf, unverifiedIssuer, verifyPoolToken, type CognitoClaims, type SigningKey, type TokenSubject } from './tokens';

/** Synchronous Lambda invocation (the pre sign-up trigger). */
export type InvokeLambda = (arn: string, payload: string) => Promise<{ readonly payload: string; readonly functionError?: string }>;

export interface CognitoServiceOptions {
  readonly region: string;
  readonly clock: Clock;
  /** The local AWS endpoint: a pool's issuer is `<endpoint>/<poolId>`. */
  readonly endpoint: () => string;
  /** Persist users, refresh tokens and signing keys here. @default in memory */
  readonly dataDir?: string;
  readonly invokeLambda: InvokeLambda;
}

type Input = Record<string, unknown>;

interface Pool {
  readonly config: LocalUserPoolConfig;
  readonly store: PoolStore;
  /** Loaded or created once, even when the first sign-ins arrive together. */
  key?: Promise<SigningKey>;
  readonly createdAt: number;
}

/** The result of checking a token for an API Gateway Cognito authorizer. */
export type AuthorizerVerdict = { readonly claims: CognitoClaims } | { readonly problem: 'expired' | 'invalid' };

const invalidParameter = (message: string): AwsServiceError => new AwsServiceError('InvalidParameterException', message, 400);
const notAuthorized = (message: string): AwsServiceError => new AwsServiceError('NotAuthorizedException', message, 400);
const INCORRECT_CREDENTIALS = 'Incorrect username or password.';

function requiredString(input: Input, name: string, member: string): string {
  const value = input[name];
  if (typeof value !== 'string' || value === '') {
    throw invalidParameter(`1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

function attributeList(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (!Array.isArray(value)) throw invalidParameter('UserAttributes must be a list');
  const attributes: Record<string, string> = {};
  for (const item of value as Array<{ Name?: unknown; Value?: unknown }>) {
    if (typeof item?.Name !== 'string') throw invalidParameter('Every user attribute needs a Name');
    attributes[item.Name] = typeof item.Value === 'string' ? item.Value : '';
  }
  return attributes;
}

const toAttributeList = (user: StoredUser): Array<{ Name: string; Value: string }> => [
  { Name: 'sub', Value: user.sub },
  ...Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value })),
];

/** The local Cognito Identity Provider service. */
export class CognitoService {
  private readonly pools = new Map<string, Pool>();

  constructor(
    private readonly options: CognitoServiceOptions,
    configs: readonly LocalUserPoolConfig[] = [],
  ) {
    const createdAt = this.nowEpoch();
    for (const config of configs) {
      this.pools.set(config.id, { config, store: PoolStore.open(options.dataDir, config.id, config.usernameCaseSensitive), createdAt });
    }
  }

  /** `<endpoint>/<poolId>`: the `iss` of the pool's tokens. */
  issuerOf(poolId: string): string {
    return `${this.options.endpoint()}/${poolId}`;
  }

  /** The pools, as configured. */
  get userPools(): LocalUserPoolConfig[] {
    return [...this.pools.values()].map((p) => p.config);
  }

  /** The pending sign-up confirmation code of a user (Cognito would send it by e-mail or SMS). */
  confirmationCode(poolId: string, username: string): string | undefined {
    return this.pool(poolId).store.user(username)?.confirmationCode;
  }

  // ---- operations -------------------------------------------------------------------------------------------

  listUserPools(input: Input): unknown {
    const max = input.MaxResults;
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 60) {
      throw invalidParameter(`1 validation error detected: Value '${String(max ?? null)}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 60`);
    }
    const all = [...this.pools.values()];
    const start = typeof input.NextToken === 'string' ? Number(input.NextToken) : 0;
    const page = all.slice(start, start + max);
    return {
      UserPools: page.map((p) => ({
        Id: p.config.id,
        Name: p.config.name,
        LambdaConfig: this.lambdaConfig(p.config),
        CreationDate: p.createdAt,
        LastModifiedDate: p.createdAt,
      })),
      ...(start + max < all.length ? { NextToken: String(start + max) } : {}),
    };
  }

  describeUserPool(input: Input): unknown {
    const pool = this.pool(requiredString(input, 'UserPoolId', 'userPoolId'));
    const { config } = pool;
    const policy = config.passwordPolicy;
    return {
      UserPool: {
        Id: config.id,
        Name: config.name,
        Arn: config.arn,
        Policies: {
          PasswordPolicy: {
            MinimumLength: policy.minimumLength,
            RequireUppercase: policy.requireUppercase,
            RequireLowercase: policy.requireLowercase,
            RequireNumbers: policy.requireNumbers,
            RequireSymbols: policy.requireSymbols,
            TemporaryPasswordValidityDays: policy.temporaryPasswordValidityDays,
          },
        },
        DeletionProtection: config.deletionProtection,
        LambdaConfig: this.lambdaConfig(config),
        MfaConfiguration: config.mfaConfiguration,
        UsernameConfiguration: { CaseSensitive: config.usernameCaseSensitive },
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: config.adminCreateUserOnly },
        EstimatedNumberOfUsers: pool.store.users().length,
        CreationDate: pool.createdAt,
        LastModifiedDate: pool.createdAt,
      },
    };
  }

  listUserPoolClients(input: Input): unknown {
    const pool = this.pool(requiredString(input, 'UserPoolId', 'userPoolId'));
    const max = typeof input.MaxResults === 'number' ? input.MaxResults : 60;
    if (!Number.isInteger(max) || max < 1 || max > 60) throw invalidParameter('MaxResults must be between 1 and 60');
    const start = typeof input.NextToken === 'string' ? Number(input.NextToken) : 0;
    const page = pool.config.clients.slice(start, start + max);
    return {
      UserPoolClients: page.map((c) => ({ ClientId: c.id, UserPoolId: pool.config.id, ClientName: c.name })),
      ...(start + max < pool.config.clients.length ? { NextToken: String(start + max) } : {}),
    };
  }

  async signUp(input: Input): Promise<unknown> {
    const { pool, client } = this.client(requiredString(input, 'ClientId', 'clientId'));
    const username = requiredString(input, 'Username', 'username');
    const password = requiredString(input, 'Password', 'password');
    if (pool.config.adminCreateUserOnly) throw notAuthorized('SignUp is not permitted for this user pool');
    if (pool.store.user(username)) throw new AwsServiceError('UsernameExistsException', 'User already exists', 400);
    assertPasswordConforms(password, pool.config.passwordPolicy);
    const attributes = attributeList(input.UserAttributes);
    const trigger = await this.preSignUp(pool, 'PreSignUp_SignUp', username, attributes, client.id, input);
    const now = this.nowEpoch();
    const confirmed = trigger.autoConfirmUser === true;
    const user: StoredUser = {
      username,
      sub: randomUUID(),
      status: confirmed ? 'CONFIRMED' : 'UNCONFIRMED',
      enabled: true,
      passwordHash: hashPassword(password),
      attributes,
      ...(confirmed ? {} : { confirmationCode: String(randomInt(1_000_000)).padStart(6, '0') }),
      createdAt: now,
      updatedAt: now,
    };
    pool.store.putUser(user);
    return { UserConfirmed: confirmed, UserSub: user.sub };
  }

  confirmSignUp(input: Input): unknown {
    const { pool, client } = this.client(requiredString(input, 'ClientId', 'clientId'));
    const username = requiredString(input, 'Username', 'username');
    const code = requiredString(input, 'ConfirmationCode', 'confirmationCode');
    const user = pool.store.user(username);
    if (!user) {
      if (client.preventUserExistenceErrors === 'ENABLED') throw new AwsServiceError('CodeMismatchException', 'Invalid verification code provided, please try again.', 400);
      throw new AwsServiceError('UserNotFoundException', 'Username/client id combination not found.', 400);
    }
    if (user.status !== 'UNCONFIRMED') throw notAuthorized(`User cannot be confirmed. Current status is ${user.status}`);
    if (user.confirmationCode !== code) throw new AwsServiceError('CodeMismatchException', 'Invalid verification code provided, please try again.', 400);
    this.update(pool, user, { status: 'CONFIRMED', confirmationCode: undefined });
    return {};
  }

  adminConfirmSignUp(input: Input): unknown {
    const pool = this.pool(requiredString(input, 'UserPoolId', 'userPoolId'));
    const user = this.existingUser(pool, requiredString(input, 'Username', 'username'));
    if (user.status !== 'UNCONFIRMED') throw notAuthorized(`User cannot be confirmed. Current status is ${user.status}`);
    this.update(pool, user, { status: 'CONFIRMED', confirmationCode: undefined });
    return {};
  }

  async adminCreateUser(input: Input): Promise<unknown> {
    const pool = this.pool(requiredString(input, 'UserPoolId', 'userPoolId'));
    const username = requiredString(input, 'Username', 'username');
    const action = input.MessageAction;
    if (action !== undefined && action !== 'SUPPRESS' && action !== 'RESEND') throw invalidParameter(`MessageAction must be RESEND or SUPPRESS (got ${String(action)})`);
    const existing = pool.store.user(username);
    if (action === 'RESEND') {
      if (!existing) throw new AwsServiceError('UserNotFoundException', 'User does not exist.', 400);
      return { User: this.userType(existing) };
    }
    if (existing) throw new AwsServiceError('UsernameExistsException', 'User account already exists', 400);
    const temporary = typeof input.TemporaryPassword === 'string' && input.TemporaryPassword !== '' ? input.TemporaryPassword : generatedPassword(pool.config.passwordPolicy.minimumLength);
    assertPasswordConforms(temporary, pool.config.passwordPolicy);
    const attributes = attributeList(input.UserAttributes);
    await this.preSignUp(pool, 'PreSignUp_AdminCreateUser', username, attributes, undefined, input);
    const now = this.nowEpoch();
    const user: StoredUser = {
      username,
      sub: randomUUID(),
      status: 'FORCE_CHANGE_PASSWORD',
      enabled: true,
      passwordHash: hashPassword(temporary),
      temporaryPasswordExpiresAt: now + pool.config.passwordPolicy.temporaryPasswordValidityDays * 86400,
      attributes,
      createdAt: now,
      updatedAt: now,
    };
    pool.store.putUser(user);
    return { User: this.userType(user) };
  }

  adminSetUserPassword(input: Input): unknown {
    const pool = this.pool(requiredString(input, 'UserPoolId', 'userPoolId'));
    const user = this.existingUser(pool, requiredString(input, 'Username', 'username'));
    const password = requiredString(input, 'Password', 'password');
    assertPasswordConforms(password, pool.config.passwordPolicy);
    const permanent = input.Permanent === true;
    this.update(pool, user, {
      passwordHash: hashPassword(password),
      status: permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD',
      temporaryPasswordExpiresAt: permanent ? undefined : this.nowEpoch() + pool.config.passwordPolicy.temporaryPasswordValidityDays * 86400,
      confirmationCode: undefined,
    });
    return {};
  }

  async initiateAuth(input: Input): Promise<unknown> {
    const { pool, client } = this.client(requiredString(input, 'ClientId', 'clientId'));
    const flow = requiredString(input, 'AuthFlow', 'authFlow');
    const parameters = (input.AuthParameters ?? {}) as Record<string, unknown>;
    switch (flow) {
      case 'USER_PASSWORD_AUTH':
        this.assertFlowAllowed(client, 'ALLOW_USER_PASSWORD_AUTH', flow);
        return this.passwordAuth(pool, client, parameters);
      case 'REFRESH_TOKEN_AUTH':
      case 'REFRESH_TOKEN':
        this.assertFlowAllowed(client, 'ALLOW_REFRESH_TOKEN_AUTH', flow);
        return this.refreshAuth(pool, client, parameters);
      case 'USER_SRP_AUTH':
      case 'CUSTOM_AUTH':
        this.assertFlowAllowed(client, flow === 'USER_SRP_AUTH' ? 'ALLOW_USER_SRP_AUTH' : 'ALLOW_CUSTOM_AUTH', flow);
        throw invalidParameter(`${flow} is not emulated by the local runtime; sign in with USER_PASSWORD_AUTH`);
      default:
        throw invalidParameter(`1 validation error detected: Value '${flow}' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set`);
    }
  }

  async getUser(input: Input): Promise<unknown> {
    const token = requiredString(input, 'AccessToken', 'accessToken');
    const issuer = unverifiedIssuer(token);
    const pool = [...this.pools.values()].find((p) => this.issuerOf(p.config.id) === issuer);
    if (!pool) throw notAuthorized('Invalid Access Token');
    const verdict = await verifyPoolToken(token, await this.signingKey(pool), this.issuerOf(pool.config.id), 'access', this.options.clock.now());
    if ('problem' in verdict) throw notAuthorized(verdict.problem === 'expired' ? 'Access Token has expired' : 'Invalid Access Token');
    const user = pool.store.user(String(verdict.claims.username));
    if (!user || user.sub !== verdict.claims.sub) throw new AwsServiceError('UserNotFoundException', 'User does not exist.', 400);
    if (!user.enabled) throw notAuthorized('User is disabled.');
    return { Username: user.username, UserAttributes: toAttributeList(user) };
  }

  // ---- for the emulators ------------------------------------------------------------------------------------

  /** The JWKS of a pool (`<issuer>/.well-known/jwks.json`), or undefined for an unknown pool. */
  async jwks(poolId: string): Promise<{ keys: Array<Record<string, unknown>> } | undefined> {
    const pool = this.pools.get(poolId);
    if (!pool) return undefined;
    return { keys: [{ ...(await this.signingKey(pool)).publicJwk }] };
  }

  /**
   * What an API Gateway `COGNITO_USER_POOLS` authorizer decides about a token: it must be an unexpired ID token
   * signed by one of `poolArns` (without OAuth scopes on the method, access tokens are refused). Any app client
   * of those pools is accepted, as on AWS.
   */
  async verifyForAuthorizer(token: string, poolArns: readonly string[]): Promise<AuthorizerVerdict> {
    const issuer = unverifiedIssuer(token);
    const pool = [...this.pools.values()].find((p) => poolArns.includes(p.config.arn) && this.issuerOf(p.config.id) === issuer);
    if (!pool) return { problem: 'invalid' };
    return verifyPoolToken(token, await this.signingKey(pool), this.issuerOf(pool.config.id), 'id', this.options.clock.now());
  }

  // ---- internals --------------------------------------------------------------------------------------------

  private nowEpoch(): number {
    return Math.floor(this.options.clock.now().getTime() / 1000);
  }

  private pool(id: string): Pool {
    const pool = this.pools.get(id);
    if (!pool) throw new AwsServiceError('ResourceNotFoundException', `User pool ${id} does not exist.`, 400);
    return pool;
  }

  private client(clientId: string): { pool: Pool; client: LocalUserPoolClientConfig } {
    for (const pool of this.pools.values()) {
      const client = pool.config.clients.find((c) => c.id === clientId);
      if (client) return { pool, client };
    }
    throw new AwsServiceError('ResourceNotFoundException', `User pool client ${clientId} does not exist.`, 400);
  }

  private existingUser(pool: Pool, username: string): StoredUser {
    const user = pool.store.user(username);
    if (!user) throw new AwsServiceError('UserNotFoundException', 'User does not exist.', 400);
    return user;
  }

  private update(pool: Pool, user: StoredUser, changes: Partial<Omit<StoredUser, 'username' | 'sub' | 'createdAt'>>): void {
    const updated: StoredUser = { ...user, ...changes, updatedAt: this.nowEpoch() };
    for (const [key, value] of Object.entries(changes)) if (value === undefined) delete (updated as unknown as Record<string, unknown>)[key];
    pool.store.putUser(updated);
  }

  private lambdaConfig(config: LocalUserPoolConfig): Record<string, string> {
    return config.preSignUpLambdaArn ? { PreSignUp: config.preSignUpLambdaArn } : {};
  }

  private userType(user: StoredUser): Record<string, unknown> {
    return {
      Username: user.username,
      Attributes: toAttributeList(user),
      UserCreateDate: user.createdAt,
      UserLastModifiedDate: user.updatedAt,
      Enabled: user.enabled,
      UserStatus: user.status,
    };
  }

  private assertFlowAllowed(client: LocalUserPoolClientConfig, allowed: string, flow: string): void {
    if (!client.explicitAuthFlows.includes(allowed)) throw invalidParameter(`${flow} flow not enabled for this client`);
  }

  private signingKey(pool: Pool): Promise<SigningKey> {
    pool.key ??= (async () => {
      const stored = pool.store.signingKey;
      if (stored) return signingKeyOf(stored);
      const { key, exported } = await newSigningKey();
      pool.store.signingKey = exported;
      return key;
    })();
    return pool.key;
  }

  /** Runs the pool's pre sign-up trigger; its failure refuses the sign-up as Cognito does. */
  private async preSignUp(pool: Pool, triggerSource: string, userName: string, userAttributes: Record<string, string>, clientId: string | undefined, input: Input): Promise<{ autoConfirmUser?: boolean }> {
    const arn = pool.config.preSignUpLambdaArn;
    if (!arn) return {};
    const event = {
      version: '1',
      region: this.options.region,
      userPoolId: pool.config.id,
      userName,
      callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: clientId ?? 'CLIENT_ID_NOT_APPLICABLE' },
      triggerSource,
      request: {
        userAttributes,
        validationData: input.ValidationData === undefined ? null : Object.fromEntries(Object.entries(attributeList(input.ValidationData))),
        ...(input.ClientMetadata && typeof input.ClientMetadata === 'object' ? { clientMetadata: input.ClientMetadata } : {}),
      },
      response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
    };
    let result: { payload: string; functionError?: string };
    try {
      result = await this.options.invokeLambda(arn, JSON.stringify(event));
    } catch (error) {
      throw new AwsServiceError('UnexpectedLambdaException', `PreSignUp invocation failed due to error ${(error as Error).message}.`, 400);
    }
    if (result.functionError) {
      let message = result.payload;
      try {
        message = String((JSON.parse(result.payload) as { errorMessage?: unknown }).errorMessage ?? result.payload);
      } catch {
        // not JSON: keep the raw payload
      }
      throw new AwsServiceError('UserLambdaValidationException', `PreSignUp failed with error ${message}.`, 400);
    }
    let answer: { response?: { autoConfirmUser?: unknown } };
    try {
      answer = JSON.parse(result.payload) as typeof answer;
    } catch {
      throw new AwsServiceError('InvalidLambdaResponseException', 'Unrecognizable lambda output', 400);
    }
    return { autoConfirmUser: answer?.response?.autoConfirmUser === true };
  }

  private async passwordAuth(pool: Pool, client: LocalUserPoolClientConfig, parameters: Record<string, unknown>): Promise<unknown> {
    const username = parameters.USERNAME;
    const password = parameters.PASSWORD;
    if (typeof username !== 'string' || username === '') throw invalidParameter('Missing required parameter USERNAME');
    if (typeof password !== 'string' || password === '') throw invalidParameter('Missing required parameter PASSWORD');
    const user = pool.store.user(username);
    if (!user) {
      if (client.preventUserExistenceErrors === 'ENABLED') throw notAuthorized(INCORRECT_CREDENTIALS);
      throw new AwsServiceError('UserNotFoundException', 'User does not exist.', 400);
    }
    if (!passwordMatches(password, user.passwordHash)) throw notAuthorized(INCORRECT_CREDENTIALS);
    if (!user.enabled) throw notAuthorized('User is disabled.');
    if (user.status === 'UNCONFIRMED') throw new AwsServiceError('UserNotConfirmedException', 'User is not confirmed.', 400);
    const now = this.nowEpoch();
    if (user.status === 'FORCE_CHANGE_PASSWORD') {
      if (user.temporaryPasswordExpiresAt !== undefined && user.temporaryPasswordExpiresAt <= now) {
        throw notAuthorized('Temporary password has expired and must be reset by an administrator.');
      }
      return {
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: randomBytes(48).toString('base64url'),
        ChallengeParameters: { USER_ID_FOR_SRP: user.username, requiredAttributes: '[]', userAttributes: JSON.stringify({}) },
      };
    }
    const originJti = randomUUID();
    const subject: TokenSubject = { issuer: this.issuerOf(pool.config.id), clientId: client.id, username: user.username, sub: user.sub, authTime: now, originJti };
    const refreshToken = randomBytes(96).toString('base64url');
    pool.store.forgetExpiredRefreshTokens(now);
    pool.store.putRefreshToken(refreshToken, { clientId: client.id, username: user.username, authTime: now, originJti, expiresAt: now + client.refreshTokenValidityDays * 86400 });
    return { ChallengeParameters: {}, AuthenticationResult: { ...(await this.tokens(pool, client, subject, now, originJti)), RefreshToken: refreshToken } };
  }

  private async refreshAuth(pool: Pool, client: LocalUserPoolClientConfig, parameters: Record<string, unknown>): Promise<unknown> {
    const token = parameters.REFRESH_TOKEN;
    if (typeof token !== 'string' || token === '') throw invalidParameter('Missing required parameter REFRESH_TOKEN');
    const record = pool.store.refreshToken(token);
    if (!record || record.clientId !== client.id) throw notAuthorized('Invalid Refresh Token');
    const now = this.nowEpoch();
    if (record.expiresAt <= now) throw notAuthorized('Refresh Token has expired');
    const user = pool.store.user(record.username);
    if (!user) throw notAuthorized('Invalid Refresh Token');
    if (!user.enabled) throw notAuthorized('User is disabled.');
    const subject: TokenSubject = { issuer: this.issuerOf(pool.config.id), clientId: client.id, username: user.username, sub: user.sub, authTime: record.authTime, originJti: record.originJti };
    return { ChallengeParameters: {}, AuthenticationResult: await this.tokens(pool, client, subject, now, randomUUID()) };
  }

  private async tokens(pool: Pool, client: LocalUserPoolClientConfig, subject: TokenSubject, now: number, accessJti: string): Promise<Record<string, unknown>> {
    const key = await this.signingKey(pool);
    const eventId = randomUUID();
    return {
      AccessToken: await signAccessToken(key, subject, now, client.accessTokenValidityMinutes * 60, eventId, accessJti),
      ExpiresIn: client.accessTokenValidityMinutes * 60,
      TokenType: 'Bearer',
      IdToken: await signIdToken(key, subject, now, client.idTokenValidityMinutes * 60, eventId),
    };
  }
}

/** A temporary password with every character class, at least `minimumLength` long. */
function generatedPassword(minimumLength: number): string {
  return `Aa1!${randomBytes(Math.max(18, minimumLength)).toString('base64url')}`.slice(0, Math.max(28, minimumLength));
}
