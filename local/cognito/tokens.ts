import { randomUUID } from 'node:crypto';
import { decodeProtectedHeader, errors, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload, type KeyLike } from 'jose';

/** The claims of a Cognito ID or access token, as Cognito writes them. */
export type CognitoClaims = JWTPayload & Record<string, unknown>;

/** What the token is for (Cognito's `token_use` claim). */
export type TokenUse = 'id' | 'access';

/** One pool's RS256 signing key and its public JWK. */
export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyLike;
  readonly publicJwk: JWK;
}

/** A new RS256 key; `exported` is the private JWK to persist. */
export async function newSigningKey(): Promise<{ key: SigningKey; exported: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const kid = randomUUID();
  const exported = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
  return { key: { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } }, exported };
}

/** The signing key of a persisted private JWK. */
export async function signingKeyOf(exported: JWK): Promise<SigningKey> {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = exported;
  return { kid: String(exported.kid), privateKey: (await importJWK(exported, 'RS256')) as KeyLike, publicJwk };
}

/** What goes into one sign-in's tokens. */
export interface TokenSubject {
  readonly issuer: string;
  readonly clientId: string;
  readonly username: string;
  readonly sub: string;
  /** Epoch seconds of the sign-in these tokens belong to (kept across refreshes). */
  readonly authTime: number;
  /** `jti` of the sign-in's first access token (kept across refreshes). */
  readonly originJti: string;
}

/**
 * An ID token as Cognito issues it: `sub`, `cognito:username`, `aud` (the app client), `token_use: id`,
 * `auth_time`, `iss`, `iat`, `exp`, `jti`, `origin_jti`, `event_id`; RS256 with the pool key's `kid`.
 */
export function signIdToken(key: SigningKey, subject: TokenSubject, nowEpoch: number, validitySeconds: number, eventId: string): Promise<string> {
  return new SignJWT({
    sub: subject.sub,
    'cognito:username': subject.username,
    aud: subject.clientId,
    event_id: eventId,
    token_use: 'id',
    auth_time: subject.authTime,
    origin_jti: subject.originJti,
  })
    .setProtectedHeader({ kid: key.kid, alg: 'RS256' })
    .setIssuer(subject.issuer)
    .setIssuedAt(nowEpoch)
    .setExpirationTime(nowEpoch + validitySeconds)
    .setJti(randomUUID())
    .sign(key.privateKey);
}

/** An access token as Cognito issues it: `client_id`, `username`, `scope`, `token_use: access` (no `aud`). */
export function signAccessToken(key: SigningKey, subject: TokenSubject, nowEpoch: number, validitySeconds: number, eventId: string, jti: string): Promise<string> {
  return new SignJWT({
    sub: subject.sub,
    client_id: subject.clientId,
    event_id: eventId,
    token_use: 'access',
    scope: 'aws.cognito.signin.user.admin',
    auth_time: subject.authTime,
    username: subject.username,
    origin_jti: subject.originJti,
  })
    .setProtectedHeader({ kid: key.kid, alg: 'RS256' })
    .setIssuer(subject.issuer)
    .setIssuedAt(nowEpoch)
    .setExpirationTime(nowEpoch + validitySeconds)
    .setJti(jti)
    .sign(key.privateKey);
}

/** Why a token was refused. */
export type TokenProblem = 'expired' | 'invalid';

/** The verified claims of a token of `key`'s pool, or the problem; `use` is the required `token_use`. */
export async function verifyPoolToken(
  token: string,
  key: SigningKey,
  issuer: string,
  use: TokenUse,
  now: Date,
): Promise<{ readonly claims: CognitoClaims } | { readonly problem: TokenProblem }> {
  try {
    if (decodeProtectedHeader(token).kid !== key.kid) return { problem: 'invalid' };
    const publicKey = await importJWK(key.publicJwk, 'RS256');
    const { payload } = await jwtVerify(token, publicKey, { issuer, algorithms: ['RS256'], currentDate: now, clockTolerance: 0 });
    if (payload.token_use !== use) return { problem: 'invalid' };
    return { claims: payload as CognitoClaims };
  } catch (error) {
    return { problem: error instanceof errors.JWTExpired ? 'expired' : 'invalid' };
  }
}

/** The `iss` of a token, without verifying anything (to find the pool that must verify it). */
export function unverifiedIssuer(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: unknown };
    return typeof claims.iss === 'string' ? claims.iss : undefined;
  } catch {
    return undefined;
  }
}
