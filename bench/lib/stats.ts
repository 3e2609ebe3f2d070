/**
 * Statistics shared by the benchmark stages. Pure functions, no timing assertions anywhere: the
 * benchmark reports, it does not judge a run by wall-clock alone (every time sits next to a baseline
 * measured in the same run).
 */
import { performance } from 'node:perf_hooks';

/** Summary of a sample of numbers (latencies in ms, sizes, …). */
export interface Summary {
  readonly n: number;
  readonly min: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

function sorted(values: readonly number[]): number[] {
  if (values.length === 0) throw new Error('no values to summarize');
  for (const v of values) if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
  return [...values].sort((a, b) => a - b);
}

/**
 * The p-th percentile (0 < p ≤ 100) by the nearest-rank method: the smallest value with at least p %
 * of the sample at or below it. Always one of the observed values (p99 of 100 samples is the 99th).
 */
export function percentile(values: readonly number[], p: number): number {
  if (!(p > 0 && p <= 100)) throw new Error(`percentile must be in (0, 100], got ${p}`);
  const s = sorted(values);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length, Math.max(1, rank)) - 1] as number;
}

/** The median (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  const s = sorted(values);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function mean(values: readonly number[]): number {
  const s = sorted(values);
  return s.reduce((a, b) => a + b, 0) / s.length;
}

export function summarize(values: readonly number[]): Summary {
  const s = sorted(values);
  return {
    n: s.length,
    min: s[0] as number,
    p50: median(s),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    max: s[s.length - 1] as number,
    mean: mean(s),
  };
}

/** value ÷ baseline; undefined when the baseline is zero or missing. */
export function ratio(value: number, baseline: number | undefined): number | undefined {
  if (baseline === undefined || baseline === 0 || !Number.isFinite(baseline) || !Number.isFinite(value)) return undefined;
  return value / baseline;
}

/** Operations per second from a count and a wall time in milliseconds. */
export function perSecond(count: number, ms: number): number {
  if (!(ms > 0)) throw new Error(`wall time must be positive, got ${ms}`);
  return (count * 1000) / ms;
}

/** Monotonic milliseconds (sub-millisecond resolution). */
export const now = (): number => performance.now();

/** Runs `fn` and returns its result and its wall time in ms. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const started = now();
  const value = await fn();
  return { ms: now() - started, value };
}

/**
 * Starts `count` tasks in the same tick and records each one's latency (its own start → its
 * settlement) and the wall time of the whole batch. Rejections are kept, not thrown.
 */
export async function concurrentBatch<T>(
  count: number,
  task: (i: number) => Promise<T>,
): Promise<{ wallMs: number; latenciesMs: number[]; results: PromiseSettledResult<T>[] }> {
  const latenciesMs = new Array<number>(count).fill(0);
  const started = now();
  const results = await Promise.allSettled(
    Array.from({ length: count }, async (_, i) => {
      const own = now();
      try {
        return await task(i);
      } finally {
        latenciesMs[i] = now() - own;
      }
    }),
  );
  return { wallMs: now() - started, latenciesMs, results };
}

/** Alternates `a` and `b` `rounds` times (a, b, a, b, …) so drift on a noisy machine hits both alike. */
export async function interleave<A, B>(rounds: number, a: (round: number) => Promise<A>, b: (round: number) => Promise<B>): Promise<{ a: A[]; b: B[] }> {
  const as: A[] = [];
  const bs: B[] = [];
  for (let i = 0; i < rounds; i++) {
    as.push(await a(i));
    bs.push(await b(i));
  }
  return { a: as, b: bs };
}
