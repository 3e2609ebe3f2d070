import type { EnvironmentConfigInput } from '../../modules/config/environment-config';
import { PARIS_WORLD, PLAYER_PASSWORD_POLICY } from '../shared';

/** Production: point-in-time recovery and deletion protection on, long retention, locked to its account. */
export const config: EnvironmentConfigInput = {
  name: 'prod',
  accountId: '333333333333',
  region: 'eu-west-1',
  namePrefix: 'fakemon-prod',
  githubEnvironment: 'prod',
  backend: {
    bucket: 'fakemon-terraform-state-prod',
    key: 'fakemon/prod/terraform.tfstate',
    region: 'eu-west-1',
    encrypt: true,
    useLockfile: true,
  },
  tags: { environment: 'prod', project: 'fakemon-go', 'managed-by': 'cdktf' },
  logRetentionDays: 90,
  // Reservations guarantee (and cap) the game's paths: capture, results, world updates, sign-in, connections and what
  // they watch, spawns and cart reminders (the largest for the paths every capture fans out to). 750 of the account's
  // 1000 leaves room before the 100 Lambda keeps unreserved; functions that declare
  // no reservation (notify-customer, generated handlers) share the unreserved pool. Raise accountConcurrencyQuota
  // only once AWS has granted the increase.
  lambda: {
    memoryMb: 1024,
    timeoutSeconds: 10,
    reservedConcurrency: {
      capture: 150,
      'deliver-result': 100,
      'world-updates': 150,
      'ws-connect': 75,
      'ws-watch': 75,
      'ws-authorizer': 75,
      spawn: 25,
      'cart-reminder': 50,
      'pre-sign-up': 50,
    },
    accountConcurrencyQuota: 1000,
    tracing: true,
  },
  dynamodb: { pointInTimeRecovery: true, deletionProtection: true },
  archiveRetentionDays: 30,
  retryPolicy: { maximumEventAgeSeconds: 86400, maximumRetryAttempts: 185 },
  alarms: {
    dlqVisibleMessages: 1,
    lambdaErrors: 10,
    lambdaThrottles: 10,
    failedInvocations: 1,
    api5xx: 25,
    ingestionToInvocationP99Ms: 500,
  },
  alarmSubscriptions: [
    { protocol: 'email', endpoint: 'platform-alerts@fakemon.example' },
    { protocol: 'https', endpoint: 'https://oncall.fakemon.example/hooks/aws-alarms' },
  ],
  apiThrottle: { rateLimit: 2000, burstLimit: 4000 },
  game: {
    dodgeProbability: 0.2, spawnSchedule: 'rate(1 minute)', spawnCount: 25, spawnTtlSeconds: 900,
    world: PARIS_WORLD,
  },
  identity: {
    passwordPolicy: PLAYER_PASSWORD_POLICY,
    tokenValidity: { idTokenMinutes: 60, accessTokenMinutes: 60, refreshTokenDays: 30 },
    mfa: 'OPTIONAL',
    deletionProtection: true,
  },
  email: { sender: 'notifications@fakemon.example' },
  cart: { reminderDelaySeconds: 86400 },
};
