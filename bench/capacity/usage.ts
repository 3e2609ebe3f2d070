/**
 * Usage: what one thing (a capture, a connection) costs on AWS, as billable quantities keyed by a dotted
 * path, e.g. `lambda.capture.invocations`, `dynamodb.world.wru`, `apigw.wsOut`. The keys name the
 * resource by its role (the environment prefix is dropped), so the same keys hold for every environment.
 *
 * Key families (see `bench/lib/aws-meter.ts` for how each is measured):
 * - `lambda.<function>.invocations | billedMs | logEvents | logBytes`
 * - `dynamodb.<table or table/index>.rru | wru`, `dynamodb.op.<Operation>` (requests)
 * - `events.putRequests | putEntries | billedEvents | invocations`
 * - `logs.<log group>.events | bytes` (log groups written by EventBridge targets, e.g. the debug log)
 * - `apigw.restRequests | wsIn | wsOut | wsOutUnits | wsOutBytes`
 * - `sqs.sent`
 */
export type Usage = Readonly<Record<string, number>>;

/** A usage that grows with the number of players who receive the world update: fixed + perWatcher × watchers. */
export interface LinearUsage {
  readonly fixed: Usage;
  readonly perWatcher: Usage;
}

const keysOf = (...usages: readonly Usage[]): string[] => [...new Set(usages.flatMap((u) => Object.keys(u)))].sort();

export function addUsage(a: Usage, b: Usage): Usage {
  return Object.fromEntries(keysOf(a, b).map((k) => [k, (a[k] ?? 0) + (b[k] ?? 0)]));
}

/** after − before, keeping only what changed. */
export function usageDelta(before: Usage, after: Usage): Usage {
  return Object.fromEntries(keysOf(before, after).map((k) => [k, (after[k] ?? 0) - (before[k] ?? 0)] as const).filter(([, v]) => v !== 0));
}

export function scaleUsage(usage: Usage, factor: number): Usage {
  return Object.fromEntries(Object.entries(usage).map(([k, v]) => [k, v * factor]));
}

/** The mean of several usages (a key missing from one counts as 0 there). */
export function meanUsage(usages: readonly Usage[]): Usage {
  if (usages.length === 0) throw new Error('meanUsage needs at least one usage');
  return scaleUsage(usages.reduce(addUsage, {}), 1 / usages.length);
}

/** The usage at `watchers` players watching (never below zero: a fitted intercept may dip under it). */
export function usageAt(linear: LinearUsage, watchers: number): Usage {
  return Object.fromEntries(Object.entries(addUsage(linear.fixed, scaleUsage(linear.perWatcher, watchers))).map(([k, v]) => [k, Math.max(0, v)]));
}

/** Sum of every key that matches `pattern` (a `*` matches one path segment), e.g. `lambda.*.invocations`. */
export function total(usage: Usage, pattern: string): number {
  const parts = pattern.split('.');
  return Object.entries(usage)
    .filter(([key]) => {
      const segments = key.split('.');
      return segments.length === parts.length && parts.every((p, i) => p === '*' || p === segments[i]);
    })
    .reduce((sum, [, v]) => sum + v, 0);
}

/** The distinct values of path segment `index` among keys starting with `prefix.` (e.g. the function names under `lambda`). */
export function segments(usage: Usage, prefix: string, index = 1): string[] {
  return [...new Set(Object.keys(usage).filter((k) => k.startsWith(`${prefix}.`)).map((k) => k.split('.')[index] as string))].sort();
}

/** A least-squares line through (x, y) points. */
export interface Line {
  readonly intercept: number;
  readonly slope: number;
  /** Standard error of the slope (NaN with fewer than three points: no residual to judge by). */
  readonly slopeError: number;
}

/**
 * Least squares y = intercept + slope × x. Needs at least two distinct x values (one x value cannot
 * separate the fixed part from the per-watcher part).
 */
export function fitLine(points: ReadonlyArray<readonly [number, number]>): Line {
  const xs = new Set(points.map(([x]) => x));
  if (xs.size < 2) throw new Error(`fitLine needs points at two or more distinct x values, got x ∈ {${[...xs].join(', ')}}`);
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const residuals = points.reduce((s, [x, y]) => s + (y - intercept - slope * x) ** 2, 0);
  const slopeError = n > 2 ? Math.sqrt(residuals / (n - 2) / sxx) : Number.NaN;
  return { intercept, slope, slopeError };
}

/** Least share of its mean a per-watcher part must add over the measured watchers to count. */
export const MATERIAL_SHARE = 0.05;

/**
 * Fits every key of the samples against the watchers each sample had. A per-watcher part is kept only
 * where the data show one: a positive slope at least twice its standard error (exact counts have no
 * error) that adds at least 5% of the key's mean over the measured range of watchers. Elsewhere (timings
 * that merely scatter, a log line one digit longer) the key is taken as constant, its mean: a slope
 * fitted to noise over a hundred watchers must not be extrapolated to a hundred thousand.
 */
export function fitUsage(samples: ReadonlyArray<{ readonly watchers: number; readonly usage: Usage }>): LinearUsage {
  const keys = keysOf(...samples.map((s) => s.usage));
  const fixed: Record<string, number> = {};
  const perWatcher: Record<string, number> = {};
  for (const key of keys) {
    const points = samples.map((s) => [s.watchers, s.usage[key] ?? 0] as const);
    const line = fitLine(points);
    const mean = points.reduce((sum, [, y]) => sum + y, 0) / points.length;
    const range = Math.max(...points.map(([x]) => x)) - Math.min(...points.map(([x]) => x));
    const significant = line.slope > 0 && (Number.isNaN(line.slopeError) || line.slope >= 2 * line.slopeError) && line.slope * range >= MATERIAL_SHARE * Math.abs(mean);
    fixed[key] = significant ? line.intercept : mean;
    perWatcher[key] = significant ? line.slope : 0;
  }
  return { fixed, perWatcher };
}
