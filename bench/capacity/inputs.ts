import type { EnvironmentConfig } from '../../modules/config/environment-config';
import type { MeasuredUsage } from './measured';

/** The deployed stack's settings the model needs, from the environment's config file. */
export interface StackFacts {
  readonly environment: string;
  /** The config file they were read from. */
  readonly sourceFile: string;
  readonly region: string;
  readonly lambdaMemoryMb: number;
  readonly lambdaTimeoutSeconds: number;
  /** Reserved concurrency by function, for the functions that have one. */
  readonly lambdaReservedConcurrency?: Readonly<Record<string, number>>;
  /** The REST API stage's throttle (requests/s and burst). */
  readonly restThrottle: { readonly rateLimit: number; readonly burstLimit: number };
  /** The spawn schedule's expression and fakémon per run. */
  readonly spawnSchedule: string;
  readonly spawnCount: number;
}

/** Where the measured figures come from. */
export interface BenchRun {
  readonly commit: string;
  readonly dirty: boolean;
  readonly date: string;
  readonly mode: string;
  readonly node: string;
  readonly cpus: number;
  /** One-minute load average of the machine when the run started. */
  readonly loadAverage: number;
}

/** Everything docs/capacity.md is rendered from besides the quotas and prices (docs/capacity-inputs.json). */
export interface CapacityInputs {
  readonly bench: BenchRun;
  readonly stack: StackFacts;
  readonly measured: MeasuredUsage;
}

/** A results file that cannot feed the model; the message says what to run. */
export class CapacityInputError extends Error {
  override readonly name = 'CapacityInputError';
}

export function stackFacts(env: EnvironmentConfig): StackFacts {
  return {
    environment: env.name,
    sourceFile: env.sourceFile,
    region: env.region,
    lambdaMemoryMb: env.lambda.memoryMb,
    lambdaTimeoutSeconds: env.lambda.timeoutSeconds,
    ...(env.lambda.reservedConcurrency !== undefined ? { lambdaReservedConcurrency: env.lambda.reservedConcurrency } : {}),
    restThrottle: { rateLimit: env.apiThrottle.rateLimit, burstLimit: env.apiThrottle.burstLimit },
    spawnSchedule: env.game.spawnSchedule,
    spawnCount: env.game.spawnCount,
  };
}

const RATE_UNIT_SECONDS: Readonly<Record<string, number>> = { minute: 60, minutes: 60, hour: 3600, hours: 3600, day: 86_400, days: 86_400 };

/** Seconds between runs of a `rate(n unit)` schedule; undefined for a cron() expression (no single period). */
export function ratePeriodSeconds(expression: string): number | undefined {
  const match = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  return match ? Number(match[1]) * (RATE_UNIT_SECONDS[match[2] as string] as number) : undefined;
}

const MEASURED_KEYS: ReadonlyArray<keyof MeasuredUsage> = ['capture', 'spawnRun', 'spawnRunSize', 'loss', 'race', 'connect', 'disconnect', 'captureWatchers', 'losses', 'bytes', 'architectures'];

/** The inputs from a `bench/results.json` document (`npm run bench`, with its `capacity` stage). */
export function inputsFromResults(results: unknown, stack: StackFacts, file = 'bench/results.json'): CapacityInputs {
  const doc = results as {
    commit?: unknown;
    dirty?: unknown;
    date?: unknown;
    mode?: unknown;
    node?: unknown;
    machine?: { cpus?: unknown; loadavgBefore?: unknown };
    stages?: Record<string, { status?: unknown; error?: unknown; details?: { capacity?: unknown } }>;
  };
  const stage = doc?.stages?.capacity;
  if (!stage) throw new CapacityInputError(`${file} has no capacity stage: run \`npm run bench\` (or \`npm run bench -- --only capacity\`) first`);
  if (stage.status !== 'ok') throw new CapacityInputError(`the capacity stage in ${file} did not finish (${String(stage.status)}): ${String(stage.error ?? '').split('\n')[0]}`);
  const measured = stage.details?.capacity as MeasuredUsage | undefined;
  const missing = MEASURED_KEYS.filter((key) => measured?.[key] === undefined);
  if (!measured || missing.length > 0) throw new CapacityInputError(`the capacity stage in ${file} lacks ${missing.join(', ')}: rerun \`npm run bench\` with this version`);
  if (typeof doc.commit !== 'string' || typeof doc.date !== 'string') throw new CapacityInputError(`${file} has no commit or date`);
  return {
    bench: {
      commit: doc.commit,
      dirty: doc.dirty === true,
      date: doc.date,
      mode: String(doc.mode ?? 'unknown'),
      node: String(doc.node ?? 'unknown'),
      cpus: Number(doc.machine?.cpus ?? 0),
      loadAverage: Number((Array.isArray(doc.machine?.loadavgBefore) ? doc.machine.loadavgBefore[0] : undefined) ?? 0),
    },
    stack,
    measured,
  };
}
