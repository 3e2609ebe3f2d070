import { CognitoUserPool } from '@cdktf/provider-aws/lib/cognito-user-pool';
import { CognitoUserPoolClient } from '@cdktf/provider-aws/lib/cognito-user-pool-client';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/environment-config';
import { createGameFunction, SynchronousGameFunction } from '../handler-function';

/** Props of {@link PlayerPool}. */
export interface PlayerPoolProps {
  /** The validated environment config (names, region, `identity` settings, function sizing). */
  readonly config: EnvironmentConfig;
  /** Directory holding the handler zips. */
  readonly distDir: string;
}

/** The auth flows of the game's app client: password sign-in (plain or SRP) and refresh. */
export const GAME_CLIENT_AUTH_FLOWS = ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] as const;

/**
 * The players' Cognito user pool and the game's app client. Players are known by name only (the username; no
 * e-mail or phone is collected): the pre sign-up trigger enforces the player-name rule on every sign-up and
 * administrator-created user, and confirms players' own sign-ups. Usernames are case-insensitive, so nobody
 * can register a case variant of another player's name; the app client has no secret (it runs on players'
 * devices) and does not reveal whether a user exists.
 */
export class PlayerPool extends Construct {
  public readonly pool: CognitoUserPool;
  public readonly client: CognitoUserPoolClient;
  /** The pre sign-up trigger. */
  public readonly preSignUp: SynchronousGameFunction;
  /** `https://cognito-idp.<region>.amazonaws.com/<poolId>`: the `iss` of the pool's tokens; its JWKS is below it. */
  public readonly issuer: string;

  constructor(scope: Construct, id: string, props: PlayerPoolProps) {
    super(scope, id);
    const { config } = props;
    const { passwordPolicy, tokenValidity } = config.identity;
    const prefix = config.namePrefix;

    this.preSignUp = createGameFunction(this, 'pre-sign-up', config, props.distDir, { environment: {}, statements: [], asynchronous: false });
    this.pool = new CognitoUserPool(this, 'pool', {
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
      lambdaConfig: { preSignUp: this.preSignUp.handler.function.arn },
    });
    new LambdaPermission(this, 'invoke-pre-sign-up', {
      statementId: 'AllowCognitoPreSignUp',
      action: 'lambda:InvokeFunction',
      functionName: this.preSignUp.handler.function.functionName,
      principal: 'cognito-idp.amazonaws.com',
      sourceArn: this.pool.arn,
    });
    this.client = new CognitoUserPoolClient(this, 'game-client', {
      name: `${prefix}-game`,
      userPoolId: this.pool.id,
      generateSecret: false,
      explicitAuthFlows: [...GAME_CLIENT_AUTH_FLOWS],
      preventUserExistenceErrors: 'ENABLED',
      enableTokenRevocation: true,
      idTokenValidity: tokenValidity.idTokenMinutes,
      accessTokenValidity: tokenValidity.accessTokenMinutes,
      refreshTokenValidity: tokenValidity.refreshTokenDays,
      tokenValidityUnits: [{ idToken: 'minutes', accessToken: 'minutes', refreshToken: 'days' }],
    });
    this.issuer = `https://cognito-idp.${config.region}.amazonaws.com/${this.pool.id}`;
  }
}
