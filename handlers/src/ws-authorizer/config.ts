import { readConfig, type Env } from '../shared/config';

export interface WsAuthorizerConfig {
  /** The players' user pool's token issuer, `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`. */
  readonly tokenIssuer: string;
  /** The game's app client: tokens issued to any other client are refused. */
  readonly userPoolClientId: string;
}

export function loadWsAuthorizerConfig(env: Env = process.env): WsAuthorizerConfig {
  return readConfig('ws-authorizer', env, (r) => ({
    tokenIssuer: r.url('TOKEN_ISSUER').replace(/\/+$/, ''),
    userPoolClientId: r.string('USER_POOL_CLIENT_ID'),
  }));
}
