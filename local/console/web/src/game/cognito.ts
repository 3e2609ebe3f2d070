/**
 * Signing a player in as a mobile client does: the Cognito Identity Provider API's public operations (no AWS
 * credentials, only the app client id), called on the AWS endpoint that serves this page. `InitiateAuth` with
 * USER_PASSWORD_AUTH answers the ID token the REST API's authorizer and the WebSocket's `?token=` take; `SignUp`
 * creates a player (the pool's pre sign-up trigger confirms it).
 */

/** A signed-in player. */
export interface PlayerSession {
  readonly name: string;
  /** What the REST API's `Authorization` header and the WebSocket's `?token=` take. */
  readonly idToken: string;
  /** When the ID token expires (browser clock, from `ExpiresIn`). */
  readonly expiresAt: number;
}

/** An error the Cognito API answered, e.g. `NotAuthorizedException: Incorrect username or password.` */
export class CognitoError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(`${type}: ${message}`);
  }
}

async function call<T>(endpoint: string, operation: string, input: Record<string, unknown>): Promise<T> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}` },
    body: JSON.stringify(input),
  });
  const value = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const type = String(value.__type ?? response.headers.get('x-amzn-errortype') ?? `HTTP ${response.status}`).split('#').pop() as string;
    throw new CognitoError(type, String(value.message ?? value.Message ?? response.statusText));
  }
  return value as T;
}

/** USER_PASSWORD_AUTH with the game's app client. */
export async function signIn(endpoint: string, clientId: string, name: string, password: string): Promise<PlayerSession> {
  const answer = await call<{ AuthenticationResult?: { IdToken?: string; ExpiresIn?: number }; ChallengeName?: string }>(endpoint, 'InitiateAuth', {
    ClientId: clientId,
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: name, PASSWORD: password },
  });
  const result = answer.AuthenticationResult;
  if (!result?.IdToken) throw new CognitoError('ChallengeRequired', `signing in asks for ${answer.ChallengeName ?? 'a challenge'}, which this page does not answer`);
  return { name, idToken: result.IdToken, expiresAt: Date.now() + (result.ExpiresIn ?? 3600) * 1000 };
}

/** Creates a player (`SignUp`); an existing name is `UsernameExistsException`. */
export async function signUp(endpoint: string, clientId: string, name: string, password: string): Promise<void> {
  await call(endpoint, 'SignUp', { ClientId: clientId, Username: name, Password: password });
}
