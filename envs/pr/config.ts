import type { EnvironmentConfigInput } from '../../modules/config/environment-config';
import { PARIS_WORLD, PLAYER_PASSWORD_POLICY } from '../shared';

/**
 * Ephemeral per-pull-request environment `fakemon-pr-<id>`, in the development account beside `fakemon-dev`
 * (same state bucket, same Lambda concurrency budget: pull-request stacks reserve none, since any number of
 * them may exist at once). The id (from `FAKEMON_PR_ID`) is validated before this is called; names and the
 * state key carry it, and the bootstrap stack reads them with `*` for the id.
 */
export const config = (prId: string): EnvironmentConfigInput => ({
  name: `pr-${prId}`,
  accountId: '111111111111',
  region: 'eu-west-1',
  namePrefix: `fakemon-pr-${prId}`,
  githubEnvironment: 'ephemeral',
  backend: {
    bucket: 'fakemon-terraform-state',
    key: `fakemon/pr/${prId}/terraform.tfstate`,
    region: 'eu-west-1',
    encrypt: true,
    useLockfile: true,
  },
  tags: { environment: `pr-${prId}`, project: 'fakemon-go', 'managed-by': 'cdktf', ephemeral: 'true' },
  logRetentionDays: 3,
  lambda: { memoryMb: 256, timeoutSeconds: 10, tracing: false },
  dynamodb: { pointInTimeRecovery: false, deletionProtection: false },
  archiveRetentionDays: 1,
  retryPolicy: { maximumEventAgeSeconds: 600, maximumRetryAttempts: 2 },
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
    dodgeProbability: 0, spawnSchedule: 'rate(5 minutes)', spawnCount: 5, spawnTtlSeconds: 900,
    world: PARIS_WORLD,
  },
  // Short enough for the end-to-end suite to wait for a real reminder in the ephemeral account.
  identity: {
    passwordPolicy: PLAYER_PASSWORD_POLICY,
    tokenValidity: { idTokenMinutes: 60, accessTokenMinutes: 60, refreshTokenDays: 1 },
    mfa: 'OPTIONAL',
    deletionProtection: false,
  },
  // Each pull-request stack sends from its own address of the development domain (an identity is per account).
  email: { sender: `notifications+pr-${prId}@dev.fakemon.example` },
  cart: { reminderDelaySeconds: 120 },
});
