/**
 * Plain configuration of the local Cognito user pools, filled from the synthesized stack
 * (`aws_cognito_user_pool`, `aws_cognito_user_pool_client`) with Terraform references resolved.
 */

/** The pool's password rules (`password_policy`). */
export interface LocalPasswordPolicy {
  /** @default 8 */
  readonly minimumLength: number;
  readonly requireLowercase: boolean;
  readonly requireUppercase: boolean;
  readonly requireNumbers: boolean;
  readonly requireSymbols: boolean;
  /** @default 7 */
  readonly temporaryPasswordValidityDays: number;
}

/** An app client (`aws_cognito_user_pool_client`). */
export interface LocalUserPoolClientConfig {
  readonly id: string;
  readonly name: string;
  /** `ALLOW_USER_PASSWORD_AUTH`, `ALLOW_REFRESH_TOKEN_AUTH`, … @default Cognito's default (SRP, refresh, custom) */
  readonly explicitAuthFlows: readonly string[];
  /** @default 60 */
  readonly idTokenValidityMinutes: number;
  /** @default 60 */
  readonly accessTokenValidityMinutes: number;
  /** @default 30 */
  readonly refreshTokenValidityDays: number;
  /** `ENABLED`: unknown users get the same errors as wrong passwords. @default "ENABLED" */
  readonly preventUserExistenceErrors: 'ENABLED' | 'LEGACY';
}

/** A user pool (`aws_cognito_user_pool`). */
export interface LocalUserPoolConfig {
  /** `<region>_<9 characters>`. */
  readonly id: string;
  readonly name: string;
  readonly arn: string;
  readonly passwordPolicy: LocalPasswordPolicy;
  /** `username_configuration.case_sensitive`. @default true (AWS's default when the block is absent) */
  readonly usernameCaseSensitive: boolean;
  /** `OFF`, `OPTIONAL` or `ON`. @default "OFF" */
  readonly mfaConfiguration: string;
  /** `ACTIVE` or `INACTIVE`. @default "INACTIVE" */
  readonly deletionProtection: string;
  /** `admin_create_user_config.allow_admin_create_user_only`: SignUp is refused. @default false */
  readonly adminCreateUserOnly: boolean;
  /** ARN of the pre sign-up trigger. @default none */
  readonly preSignUpLambdaArn?: string;
  readonly clients: readonly LocalUserPoolClientConfig[];
}

/** Cognito's defaults for an app client that sets none. */
export const DEFAULT_EXPLICIT_AUTH_FLOWS = ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_CUSTOM_AUTH'] as const;

/** Cognito's default password policy. */
export const DEFAULT_PASSWORD_POLICY: LocalPasswordPolicy = {
  minimumLength: 8,
  requireLowercase: true,
  requireUppercase: true,
  requireNumbers: true,
  requireSymbols: true,
  temporaryPasswordValidityDays: 7,
};
