import { CognitoUserPool } from '@cdktf/provider-aws/lib/cognito-user-pool';
import { CognitoUserPoolClient } from '@cdktf/provider-aws/lib/cognito-user-pool-client';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/environment-config';
import type { FunctionRef } from '../event-bus/types';

/** The auth flows of the game's app client: password sign-in (plain or SRP) and refresh. */
export const GAME_CLIENT_AUTH_FLOWS = ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] as const;

/** The stack's user pool of players, as {@link createPlayerPool} builds it. */
export interface PlayerPool {
  readonly pool: CognitoUserPool;
  readonly client: CognitoUserPoolClient;
  /** `https://cognito-idp.<region>.amazonaws.com/<poolId>`: the `iss` of the pool's tokens; its JWKS is below it. */
  readonly issuer: string;
  /** Makes `fn` the pool's pre sign-up trigger, with the permission Cognito needs to invoke it. */
  attachPreSignUp(fn: FunctionRef & { readonly arn: string }): void;
}

/**
 * The players' Cognito user pool and the game's app client, created in `scope` (the flow that owns the pool).
 * Players are known by name only (the username; no e-mail or phone is collected): the pre sign-up trigger enforces
 * the player-name rule on every sign-up and administrator-created user, and confirms players' own sign-ups.
 * Usernames are case-insensitive, so nobody can register a case variant of another player's name; the app client
 * has no secret (it runs on players' devices) and does not reveal whether a user exists. The pool exists before the
 * functions (the `$connect` authorizer verifies its tokens); its trigger is attached once the function exists.
 */
export function createPlayerPool(scope: Construct, config: EnvironmentConfig): PlayerPool {
  const { passwordPolicy, tokenValidity } = config.identity;
  const prefix = config.namePrefix;
  const pool = new CognitoUserPool(scope, 'pool', {
    name: `${prefix}-players`,
    deletionProtection: config.identity.deletionProtection ? 'ACTIVE' : 'INACTIVE',
    usernameConfiguration: { caseSensitive: false },
    adminCreateUserConfig: { allowAdminCreateUserOnly: false },
    // No e-mail or phone to recover with: only an administrator can reset a player's password.
    accountRecoverySetting: { recoveryMechanism: [{ name: 'admin_only', priority: 1 }] },
    passwordPolicy: {
      minimumLength: passwordPolicy.minimumLength,
      requireLowercase: passwordPolicy.requireLowercase,
      requireUppercase: passwordPolicy.requireUppercase,
      requireNumbers: passwordPolicy.requireNumbers,
      requireSymbols: passwordPolicy.requireSymbols,
      temporaryPasswordValidityDays: passwordPolicy.temporaryPasswordValidityDays,
    },
    mfaConfiguration: config.identity.mfa,
    softwareTokenMfaConfiguration: config.identity.mfa === 'OFF' ? undefined : { enabled: true },
  });
  const client = new CognitoUserPoolClient(scope, 'game-client', {
    name: `${prefix}-game`,
    userPoolId: pool.id,
    generateSecret: false,
    explicitAuthFlows: [...GAME_CLIENT_AUTH_FLOWS],
    preventUserExistenceErrors: 'ENABLED',
    enableTokenRevocation: true,
    idTokenValidity: tokenValidity.idTokenMinutes,
    accessTokenValidity: tokenValidity.accessTokenMinutes,
    refreshTokenValidity: tokenValidity.refreshTokenDays,
    tokenValidityUnits: [{ idToken: 'minutes', accessToken: 'minutes', refreshToken: 'days' }],
  });
  return {
    pool,
    client,
    issuer: `https://cognito-idp.${config.region}.amazonaws.com/${pool.id}`,
    attachPreSignUp(fn) {
      pool.putLambdaConfig({ preSignUp: fn.arn });
      new LambdaPermission(scope, 'invoke-pre-sign-up', {
        statementId: 'AllowCognitoPreSignUp',
        action: 'lambda:InvokeFunction',
        functionName: fn.functionName,
        principal: 'cognito-idp.amazonaws.com',
        sourceArn: pool.arn,
      });
    },
  };
}
