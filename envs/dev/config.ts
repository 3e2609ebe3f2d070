import type { EnvironmentConfigInput } from '../../modules/config/environment-config';
import { PARIS_WORLD, PLAYER_PASSWORD_POLICY } from '../shared';

/**
 * Development: the default target of `npm start`; cheap, short retention, no deletion protection. Shares its
 * account (and state bucket) with the pull-request stacks.
 */
export const config: EnvironmentConfigInput = {
  name: 'dev',
  accountId: '111111111111',
  region: 'eu-west-1',
  namePrefix: 'fakemon-dev',
  githubEnvironment: 'dev',
  backend: {
    bucket: 'fakemon-terraform-state',
    key: 'fakemon/dev/terraform.tfstate',
    region: 'eu-west-1',
    encrypt: true,
    useLockfile: true,
  },
  tags: { environment: 'dev', project: 'fakemon-go', 'managed-by': 'cdktf' },
  logRetentionDays: 7,
  lambda: { memoryMb: 256, timeoutSeconds: 10, tracing: false },
  dynamodb: { pointInTimeRecovery: false, deletionProtection: false },
  archiveRetentionDays: 7,
  retryPolicy: { maximumEventAgeSeconds: 3600, maximumRetryAttempts: 3 },
  alarms: {
    dlqVisibleMessages: 1,
    lambdaErrors: 5,
    lambdaThrottles: 5,
    failedInvocations: 1,
    api5xx: 5,
    ingestionToInvocationP99Ms: 2000,
  },
  alarmSubscriptions: [],
  apiThrottle: { rateLimit: 100, burstLimit: 200 },
  game: {
    dodgeProbability: 0, spawnSchedule: 'rate(1 minute)', spawnCount: 5, spawnTtlSeconds: 900,
    world: PARIS_WORLD,
  },
  identity: {
    passwordPolicy: PLAYER_PASSWORD_POLICY,
    tokenValidity: { idTokenMinutes: 60, accessTokenMinutes: 60, refreshTokenDays: 30 },
    mfa: 'OPTIONAL',
    deletionProtection: false,
  },
  email: { sender: 'notifications@dev.fakemon.example' },
  cart: { reminderDelaySeconds: 86400 },
};
