import type { EnvironmentConfigInput } from '../../modules/config/environment-config';
import { PARIS_WORLD, PLAYER_PASSWORD_POLICY } from '../shared';

/** Staging: production-like sizing and protections, its own account. */
export const config: EnvironmentConfigInput = {
  name: 'staging',
  accountId: '222222222222',
  region: 'eu-west-1',
  namePrefix: 'fakemon-staging',
  githubEnvironment: 'staging',
  backend: {
    bucket: 'fakemon-terraform-state-staging',
    key: 'fakemon/staging/terraform.tfstate',
    region: 'eu-west-1',
    encrypt: true,
    useLockfile: true,
  },
  tags: { environment: 'staging', project: 'fakemon-go', 'managed-by': 'cdktf' },
  logRetentionDays: 30,
  lambda: {
    memoryMb: 512,
    timeoutSeconds: 10,
    reservedConcurrency: {
      capture: 50,
      'deliver-result': 50,
      'world-updates': 50,
      'ws-connect': 25,
      'ws-watch': 25,
      'ws-authorizer': 25,
      spawn: 10,
      'cart-reminder': 25,
      'pre-sign-up': 25,
    },
    tracing: true,
  },
  dynamodb: { pointInTimeRecovery: true, deletionProtection: false },
  archiveRetentionDays: 14,
  retryPolicy: { maximumEventAgeSeconds: 3600, maximumRetryAttempts: 8 },
  alarms: {
    dlqVisibleMessages: 1,
    lambdaErrors: 5,
    lambdaThrottles: 5,
    failedInvocations: 1,
    api5xx: 10,
    ingestionToInvocationP99Ms: 1000,
  },
  alarmSubscriptions: [{ protocol: 'email', endpoint: 'platform-alerts@fakemon.example' }],
  apiThrottle: { rateLimit: 500, burstLimit: 1000 },
  game: {
    dodgeProbability: 0.2, spawnSchedule: 'rate(1 minute)', spawnCount: 10, spawnTtlSeconds: 900,
    world: PARIS_WORLD,
  },
  identity: {
    passwordPolicy: PLAYER_PASSWORD_POLICY,
    tokenValidity: { idTokenMinutes: 60, accessTokenMinutes: 60, refreshTokenDays: 30 },
    mfa: 'OPTIONAL',
    deletionProtection: false,
  },
  email: { sender: 'notifications@staging.fakemon.example' },
  cart: { reminderDelaySeconds: 86400 },
};
