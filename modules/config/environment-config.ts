/**
 * The typed shape of one environment's configuration. The files under `envs/<env>/` hold values of this
 * type and nothing else; `loadEnvironments` validates them before any stack is built.
 */

/** Where Terraform keeps the environment's state. */
export interface BackendConfig {
  /** S3 bucket that holds the state. */
  readonly bucket: string;
  /** Object key of the state file; unique per environment. */
  readonly key: string;
  /** Region of the state bucket. */
  readonly region: string;
  /** Server-side encryption of the state object. @default true */
  readonly encrypt: boolean;
  /** Native S3 lock file (`use_lockfile`), so no DynamoDB lock table is needed. @default true */
  readonly useLockfile: boolean;
}

/** Retry policy applied to every EventBridge target and schedule unless a target overrides it. */
export interface RetryPolicyConfig {
  /** Seconds an event is kept for retries (60–86400). */
  readonly maximumEventAgeSeconds: number;
  /** Retries after the first attempt (0–185). */
  readonly maximumRetryAttempts: number;
}

/** Thresholds of the environment's CloudWatch alarms. */
export interface AlarmThresholds {
  /** Visible messages in any dead-letter queue that raise an alarm. */
  readonly dlqVisibleMessages: number;
  /** Lambda errors per 5 minutes that raise an alarm. */
  readonly lambdaErrors: number;
  /** Lambda throttles per 5 minutes that raise an alarm. */
  readonly lambdaThrottles: number;
  /** Failed rule invocations per 5 minutes that raise an alarm. */
  readonly failedInvocations: number;
  /** REST API 5xx responses per 5 minutes that raise an alarm. */
  readonly api5xx: number;
  /** p99 of `IngestionToInvocationCompleteLatency` in milliseconds that raises an alarm. */
  readonly ingestionToInvocationP99Ms: number;
}

/** A subscriber of the alarm topic. */
export interface AlarmSubscription {
  /** SNS protocol. */
  readonly protocol: 'email' | 'https';
  /** E-mail address or HTTPS URL. */
  readonly endpoint: string;
}

/** The players' Cognito user pool and the game's app client. */
export interface IdentityConfig {
  /** Password rules of the pool. */
  readonly passwordPolicy: {
    /** 8–99 characters. */
    readonly minimumLength: number;
    readonly requireLowercase: boolean;
    readonly requireUppercase: boolean;
    readonly requireNumbers: boolean;
    readonly requireSymbols: boolean;
    /** Days an administrator-set temporary password stays usable (1–365). */
    readonly temporaryPasswordValidityDays: number;
  };
  /** Lifetimes of the tokens the game's app client issues. */
  readonly tokenValidity: {
    /** ID token (what the APIs accept), 5–1440 minutes. */
    readonly idTokenMinutes: number;
    /** Access token, 5–1440 minutes. */
    readonly accessTokenMinutes: number;
    /** Refresh token, 1–3650 days. */
    readonly refreshTokenDays: number;
  };
  /** Multi-factor authentication: `OPTIONAL` lets players add an authenticator app (TOTP). */
  readonly mfa: 'OFF' | 'OPTIONAL';
  /** Refuse to delete the pool, and every player account with it. */
  readonly deletionProtection: boolean;
}

/** One environment: account, region, naming, state, sizing, retention and thresholds. */
export interface EnvironmentConfig {
  /** Short environment name: `dev`, `staging`, `prod` or `pr-<id>`. */
  readonly name: string;
  /** The file the config was loaded from, used in error messages. */
  readonly sourceFile: string;
  /** The 12-digit AWS account the stack deploys to. */
  readonly accountId: string;
  /** AWS region of every resource. */
  readonly region: string;
  /** Prefix of every resource name, e.g. `fakemon-dev`. Lowercase letters, digits and dashes. */
  readonly namePrefix: string;
  /**
   * The GitHub environment whose workflow jobs deploy this environment (the OIDC `sub` the account's deploy
   * role trusts is `repo:<repository>:environment:<githubEnvironment>`).
   */
  readonly githubEnvironment: string;
  /** Terraform state backend. */
  readonly backend: BackendConfig;
  /** Tags on every resource; must include `environment`, `project` and `managed-by`. */
  readonly tags: Readonly<Record<string, string>>;
  /** Retention of every CloudWatch log group, in days (a value CloudWatch accepts). */
  readonly logRetentionDays: number;
  /** Lambda sizing. */
  readonly lambda: {
    /** Memory of each function in MB (128–10240). */
    readonly memoryMb: number;
    /** Timeout of each function in seconds (1–900). */
    readonly timeoutSeconds: number;
    /**
     * Reserved concurrency by function name, for the functions whose flow declares `reservesConcurrency`; a function
     * not listed is unreserved (as is every function of an environment that sets none). Every stack deploying into
     * the same account reserves from one budget: see `accountConcurrencyQuota`. @default none reserved
     */
    readonly reservedConcurrency?: Readonly<Record<string, number>>;
    /**
     * The account's "Concurrent executions" Lambda quota in this region. Lambda refuses a reservation that would
     * leave fewer than 100 unreserved, so the functions of every environment in the account may reserve at most
     * this minus 100. Environments sharing an account must agree on it. @default 1000 (the default quota)
     */
    readonly accountConcurrencyQuota?: number;
    /** Active X-Ray tracing. */
    readonly tracing: boolean;
  };
  /** DynamoDB protection settings. */
  readonly dynamodb: {
    /** Point-in-time recovery on every table. */
    readonly pointInTimeRecovery: boolean;
    /** Deletion protection on every table. */
    readonly deletionProtection: boolean;
  };
  /** Days the bus archive keeps events for replay (0 = indefinitely). */
  readonly archiveRetentionDays: number;
  /** Default retry policy of EventBridge targets and schedules. */
  readonly retryPolicy: RetryPolicyConfig;
  /** Alarm thresholds. */
  readonly alarms: AlarmThresholds;
  /** Who the environment's alarm topic notifies. @default none */
  readonly alarmSubscriptions: readonly AlarmSubscription[];
  /**
   * Which browser origin a script may call the REST API from (CORS): `*` or one origin such as
   * `https://play.example.com`. Tokens travel in the `Authorization` header, never in cookies, so `*` lets no page act
   * for a player without the player's token. @default "*"
   */
  readonly apiAllowOrigin?: string;
  /** REST and WebSocket stage throttling. */
  readonly apiThrottle: {
    /** Steady-state requests per second. */
    readonly rateLimit: number;
    /** Burst capacity. */
    readonly burstLimit: number;
  };
  /** Game tuning. */
  readonly game: {
    /** Probability (0–1) that a wild fakémon dodges a capture attempt. */
    readonly dodgeProbability: number;
    /** EventBridge Scheduler expression of the spawn schedule, e.g. `rate(1 minute)`. */
    readonly spawnSchedule: string;
    /** Fakémon spawned per schedule run (1–100). */
    readonly spawnCount: number;
    /** Seconds a spawned fakémon stays before it flees. */
    readonly spawnTtlSeconds: number;
    /** Where the game is played and how it is divided for interest management. */
    readonly world: {
      /**
       * The latitude/longitude box wild fakémon spawn in (degrees, WGS 84; `south < north`, `west < east`: it cannot
       * cross the antimeridian).
       */
      readonly playArea: { readonly south: number; readonly west: number; readonly north: number; readonly east: number };
      /**
       * H3 resolution of the cells (5–10). A player watches its cell and the six around it: at 8 (cells of about
       * 0.74 km², 0.46 km across) a neighbourhood spans about 1.4 km.
       */
      readonly cellResolution: number;
    };
  };
  /** Player sign-in. */
  readonly identity: IdentityConfig;
  /** E-mail the environment sends to customers. */
  readonly email: {
    /**
     * The address customer e-mails are sent from. The stack creates its SES identity (`aws_sesv2_email_identity`),
     * the only identity its functions may send from; on AWS it must be verified once (the link SES mails to it, or a
     * verified identity of its domain, which it inherits). Unique per environment of an account: an identity is
     * per account and region, so two environments cannot both create one address.
     */
    readonly sender: string;
  };
  /** Shopping-cart reminder tuning. */
  readonly cart: {
    /** Seconds between the last item added and the reminder. */
    readonly reminderDelaySeconds: number;
  };
}

/** What an `envs/<env>/config.ts` file exports: everything but the file name, filled in by the loader. */
export type EnvironmentConfigInput = Omit<EnvironmentConfig, 'sourceFile'>;
