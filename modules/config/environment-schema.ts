import { z } from 'zod';
import { corsProblem } from '../event-api/cors';
import { AWS_REGIONS, LOG_RETENTION_DAYS } from './aws-regions';

const REQUIRED_TAGS = ['environment', 'project', 'managed-by'] as const;

const positiveInt = z.number().int().positive();

/** H3 resolutions a world may use (5: cells of about 250 km²; 10: about 0.015 km²). */
export const MIN_CELL_RESOLUTION = 5;
export const MAX_CELL_RESOLUTION = 10;

/** Validation schema of an environment config; messages name the rule that was broken. */
export const environmentSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9-]{1,30}$/, 'must be lowercase letters, digits and dashes (1-30 characters)')
      .refine((n) => !n.startsWith('bootstrap'), { message: 'must not start with "bootstrap": fakemon-bootstrap-<account> names the account stacks' }),
    accountId: z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id'),
    region: z.string().refine((r) => AWS_REGIONS.includes(r), { message: 'is not a known AWS region' }),
    namePrefix: z
      .string()
      .regex(/^[a-z][a-z0-9-]{1,38}[a-z0-9]$/, 'must be 3-40 lowercase letters, digits and dashes'),
    githubEnvironment: z.string().regex(/^[A-Za-z0-9_.-]{1,255}$/, 'must be a GitHub environment name (letters, digits, ".", "_", "-")'),
    backend: z.object({
      bucket: z
        .string()
        .min(1, 'is missing: every environment needs an S3 state bucket')
        .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'is not a valid S3 bucket name'),
      key: z.string().min(1, 'is missing').regex(/^[A-Za-z0-9!_.*'()\/-]+\.tfstate$/, 'must be an S3 key ending in .tfstate'),
      region: z.string().refine((r) => AWS_REGIONS.includes(r), { message: 'is not a known AWS region' }),
      encrypt: z.literal(true, { message: 'must be true: state holds secrets' }),
      useLockfile: z.literal(true, { message: 'must be true: concurrent applies must be locked' }),
    }).strict(),
    tags: z.record(z.string(), z.string().min(1)).superRefine((tags, ctx) => {
      for (const tag of REQUIRED_TAGS) {
        if (!tags[tag]) ctx.addIssue({ code: 'custom', message: `must include the "${tag}" tag`, path: [tag] });
      }
    }),
    logRetentionDays: z.number().refine((d) => LOG_RETENTION_DAYS.includes(d), {
      message: `must be one of ${LOG_RETENTION_DAYS.join(', ')}`,
    }),
    lambda: z.object({
      memoryMb: z.number().int().min(128).max(10240),
      timeoutSeconds: z.number().int().min(1).max(900),
      reservedConcurrency: z.record(z.string(), z.number().int().min(1)).optional(),
      accountConcurrencyQuota: z.number().int().min(10).optional(),
      tracing: z.boolean(),
    }).strict(),
    dynamodb: z.object({ pointInTimeRecovery: z.boolean(), deletionProtection: z.boolean() }).strict(),
    archiveRetentionDays: z.number().int().min(0),
    retryPolicy: z.object({
      maximumEventAgeSeconds: z.number().int().min(60).max(86400),
      maximumRetryAttempts: z.number().int().min(0).max(185),
    }).strict(),
    alarms: z.object({
      dlqVisibleMessages: positiveInt,
      lambdaErrors: positiveInt,
      lambdaThrottles: positiveInt,
      failedInvocations: positiveInt,
      api5xx: positiveInt,
      ingestionToInvocationP99Ms: positiveInt,
    }).strict(),
    alarmSubscriptions: z.array(
      z.discriminatedUnion('protocol', [
        z.object({ protocol: z.literal('email'), endpoint: z.email('must be an e-mail address') }).strict(),
        z.object({ protocol: z.literal('https'), endpoint: z.url({ protocol: /^https$/, message: 'must be an https URL' }) }).strict(),
      ]),
    ),
    apiAllowOrigin: z
      .string()
      .optional()
      .superRefine((origin, ctx) => {
        const problem = origin === undefined ? undefined : corsProblem({ allowOrigin: origin });
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    apiThrottle: z.object({ rateLimit: positiveInt, burstLimit: positiveInt }).strict(),
    game: z.object({
      dodgeProbability: z.number().min(0).max(1),
      spawnSchedule: z.string().regex(/^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(.+\))$/, 'must be a rate() or cron() expression'),
      spawnCount: z.number().int().min(1).max(100),
      spawnTtlSeconds: z.number().int().min(60),
      world: z.object({
        playArea: z
          .object({ south: z.number().min(-90).max(90), west: z.number().min(-180).max(180), north: z.number().min(-90).max(90), east: z.number().min(-180).max(180) })
          .strict()
          .superRefine((area, ctx) => {
            if (!(area.south < area.north)) ctx.addIssue({ code: 'custom', message: `south (${area.south}) must be below north (${area.north})`, path: ['south'] });
            if (!(area.west < area.east)) ctx.addIssue({ code: 'custom', message: `west (${area.west}) must be below east (${area.east}): a play area cannot cross the antimeridian`, path: ['west'] });
          }),
        cellResolution: z
          .number()
          .int()
          .min(MIN_CELL_RESOLUTION, `must be at least ${MIN_CELL_RESOLUTION}: coarser H3 cells (over 250 km² each) make a neighbourhood a whole region`)
          .max(MAX_CELL_RESOLUTION, `must be at most ${MAX_CELL_RESOLUTION}: finer H3 cells (under 0.02 km² each) make a neighbourhood smaller than a street`),
      }).strict(),
    }).strict(),
    identity: z.object({
      passwordPolicy: z.object({
        minimumLength: z.number().int().min(8, 'must be at least 8 (a player password is the only secret of the account)').max(99),
        requireLowercase: z.boolean(),
        requireUppercase: z.boolean(),
        requireNumbers: z.boolean(),
        requireSymbols: z.boolean(),
        temporaryPasswordValidityDays: z.number().int().min(1).max(365),
      }).strict(),
      tokenValidity: z.object({
        idTokenMinutes: z.number().int().min(5).max(1440),
        accessTokenMinutes: z.number().int().min(5).max(1440),
        refreshTokenDays: z.number().int().min(1).max(3650),
      }).strict(),
      mfa: z.enum(['OFF', 'OPTIONAL']),
      deletionProtection: z.boolean(),
    }).strict(),
    email: z.object({ sender: z.email('must be an e-mail address') }).strict(),
    cart: z.object({ reminderDelaySeconds: z.number().int().min(60).max(365 * 86400) }).strict(),
  })
  .strict();
