import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import { JwtBaseError, FetchError } from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { JwtVerifier } from 'aws-jwt-verify/jwt-verifier';

/** Which tokens a {@link TokenVerifier} accepts. */
export interface TokenVerifierSettings {
  /** The user pool's issuer, `https://cognito-idp.<region>.amazonaws.com/<poolId>` (the JWKS is below it). */
  readonly issuer: string;
  /** The app client the token must have been issued to (`aud` of an ID token). */
  readonly clientId: string;
  /** @default "id" */
  readonly tokenUse?: 'id' | 'access';
}

/** The verified claims of a token. */
export type VerifiedClaims = Readonly<Record<string, unknown>>;

/** The token is not acceptable (bad signature, wrong pool, client or use, expired, malformed …). */
export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
  constructor(readonly reason: string) {
    super(`invalid token: ${reason}`);
  }
}

/** Verifies Cognito user-pool tokens; throws {@link InvalidTokenError} for any token it does not accept. */
export interface TokenVerifier {
  verify(token: string): Promise<VerifiedClaims>;
}

/**
 * Fetches the JWKS with the runtime's `fetch`: the same code reads `https://cognito-idp…` on AWS and the local
 * runtime's user pool over plain HTTP on loopback (aws-jwt-verify's default fetcher speaks HTTPS only).
 */
const runtimeFetcher: Fetcher = {
  async fetch(uri) {
    const response = await fetch(uri, { signal: AbortSignal.timeout(3000) });
    if (response.status !== 200) throw new FetchError(uri, `Status code is ${response.status}, expected 200`);
    return response.arrayBuffer();
  },
};

/**
 * A verifier built on aws-jwt-verify: the signature against the pool's JWKS (fetched once, then cached for the
 * container's life, refetched for an unknown key id), the issuer, expiry, `token_use` and the client id. The
 * issuer is configured rather than derived from the pool id, so the local runtime's pool is verified by the
 * same code.
 */
export function cognitoTokenVerifier(settings: TokenVerifierSettings): TokenVerifier {
  const tokenUse = settings.tokenUse ?? 'id';
  const verifier = JwtVerifier.create(
    {
      issuer: settings.issuer,
      jwksUri: `${settings.issuer}/.well-known/jwks.json`,
      audience: null, // checked per token use below: `aud` on ID tokens, `client_id` on access tokens
      customJwtCheck: ({ payload }) => validateCognitoJwtFields(payload, { tokenUse, clientId: settings.clientId }),
    },
    { jwksCache: new SimpleJwksCache({ fetcher: runtimeFetcher }) },
  );
  return {
    async verify(token) {
      try {
        return (await verifier.verify(token)) as VerifiedClaims;
      } catch (error) {
        // A JWKS that cannot be fetched is our failure, not the caller's: let it surface as an error.
        if (error instanceof JwtBaseError && !(error instanceof FetchError)) throw new InvalidTokenError(error.message);
        throw error;
      }
    },
  };
}
