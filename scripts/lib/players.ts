import { randomBytes } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  SignUpCommand,
  type AuthenticationResultType,
} from '@aws-sdk/client-cognito-identity-provider';
import { isPlayerName, PLAYER_NAME_RULE } from '../../handlers/src/events/primitives';

/** The players' pool of an environment and the game's app client in it. */
export interface PlayerPoolIds {
  readonly userPoolId: string;
  readonly clientId: string;
}

/** A signed-in player's tokens. */
export interface PlayerTokens {
  /** What the REST API (`Authorization` header) and the WebSocket (`?token=`) accept. */
  readonly idToken: string;
  readonly accessToken: string;
  readonly refreshToken: string;
}

/** The pool named `<prefix>-players` and its client `<prefix>-game` (as the stack names them). */
export async function findPlayerPool(cognito: CognitoIdentityProviderClient, namePrefix: string): Promise<PlayerPoolIds> {
  const poolName = `${namePrefix}-players`;
  let next: string | undefined;
  do {
    const page = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60, NextToken: next }));
    const pool = page.UserPools?.find((p) => p.Name === poolName);
    if (pool?.Id) {
      const clients = await cognito.send(new ListUserPoolClientsCommand({ UserPoolId: pool.Id, MaxResults: 60 }));
      const client = clients.UserPoolClients?.find((c) => c.ClientName === `${namePrefix}-game`);
      if (!client?.ClientId) throw new Error(`User pool ${poolName} has no app client ${namePrefix}-game`);
      return { userPoolId: pool.Id, clientId: client.ClientId };
    }
    next = page.NextToken;
  } while (next);
  throw new Error(`No user pool ${poolName}: is the stack deployed (or the local runtime started)?`);
}

const tokensOf = (result: AuthenticationResultType | undefined, name: string): PlayerTokens => {
  if (!result?.IdToken || !result.AccessToken || !result.RefreshToken) throw new Error(`Signing in ${name} returned no tokens (a challenge is pending?)`);
  return { idToken: result.IdToken, accessToken: result.AccessToken, refreshToken: result.RefreshToken };
};

/** A password that satisfies every policy the environments use (upper, lower, digit, symbol, 32 characters). */
export const generatedPassword = (): string => `Pw-1${randomBytes(21).toString('base64url')}`.slice(0, 32);

const isNamed = (error: unknown, name: string): boolean => (error as { name?: unknown })?.name === name;

/**
 * Signs `name` in with USER_PASSWORD_AUTH, creating the player first when needed:
 * - with `password`, as a player would: SignUp (the pool's pre sign-up trigger confirms it), then sign in;
 * - without, as an administrator: AdminCreateUser (no message sent) and AdminSetUserPassword with a fresh
 *   password, then sign in (needs admin rights on the pool; resets the player's password).
 */
export async function signInPlayer(
  cognito: CognitoIdentityProviderClient,
  pool: PlayerPoolIds,
  name: string,
  password?: string,
): Promise<PlayerTokens> {
  if (!isPlayerName(name)) throw new Error(`"${name}" is not a valid player name: ${PLAYER_NAME_RULE}`);
  let secret = password;
  if (secret === undefined) {
    secret = generatedPassword();
    try {
      await cognito.send(new AdminCreateUserCommand({ UserPoolId: pool.userPoolId, Username: name, MessageAction: 'SUPPRESS' }));
    } catch (error) {
      if (!isNamed(error, 'UsernameExistsException')) throw error;
    }
    await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.userPoolId, Username: name, Password: secret, Permanent: true }));
  } else {
    try {
      await cognito.send(new SignUpCommand({ ClientId: pool.clientId, Username: name, Password: secret }));
    } catch (error) {
      if (!isNamed(error, 'UsernameExistsException')) throw error;
    }
  }
  const result = await cognito.send(
    new InitiateAuthCommand({ ClientId: pool.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: name, PASSWORD: secret } }),
  );
  return tokensOf(result.AuthenticationResult, name);
}

/** New ID and access tokens for a refresh token (REFRESH_TOKEN_AUTH); the refresh token stays the same. */
export async function refreshPlayer(cognito: CognitoIdentityProviderClient, pool: PlayerPoolIds, tokens: PlayerTokens): Promise<PlayerTokens> {
  const result = await cognito.send(
    new InitiateAuthCommand({ ClientId: pool.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.refreshToken } }),
  );
  const auth = result.AuthenticationResult;
  if (!auth?.IdToken || !auth.AccessToken) throw new Error('The refresh returned no tokens');
  return { idToken: auth.IdToken, accessToken: auth.AccessToken, refreshToken: auth.RefreshToken ?? tokens.refreshToken };
}
