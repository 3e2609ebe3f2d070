/**
 * What a stage reports and how the runner prints it: figures (a value, its baseline from the same
 * run, the ratio, a target and PASS/MISS), exactness checks (a failure makes the run fail), and
 * parts skipped with a reason.
 */

export type Unit = 'bytes' | 'ms' | 'per-second' | 'count' | 'ratio';

/**
 * A target on the value itself (`subject: 'value'`, e.g. "≤ 400 KB") or on value ÷ baseline
 * (`subject: 'ratio'`, e.g. "≤ 0.65× naive").
 */
export interface Target {
  readonly subject: 'value' | 'ratio';
  readonly op: '<=' | '>=';
  readonly threshold: number;
}

export type Verdict = 'PASS' | 'MISS' | 'INFO';

export interface Figure {
  readonly stage: string;
  /** What was measured, e.g. "capture: minified bundle". */
  readonly name: string;
  readonly unit: Unit;
  readonly value: number;
  /** The same-run baseline: what it is and its value (same unit). */
  readonly baseline?: { readonly name: string; readonly value: number };
  /** value ÷ baseline.value */
  readonly ratio?: number;
  readonly target?: Target;
  readonly verdict: Verdict;
  /** How it was measured (method, sample size). */
  readonly note?: string;
}

/** An exactness check (winners = 1, nothing lost or duplicated…): a failure fails the run. */
export interface Check {
  readonly stage: string;
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface Skipped {
  readonly stage: string;
  readonly part: string;
  readonly reason: string;
}

export interface StageOutput {
  readonly figures: Figure[];
  readonly checks: Check[];
  readonly skipped: Skipped[];
  /** Raw, machine-readable numbers of the stage (samples, counts, per-function data). */
  readonly details: Record<string, unknown>;
}

export interface StageResult extends StageOutput {
  readonly name: string;
  readonly status: 'ok' | 'failed';
  readonly error?: string;
  readonly durationMs: number;
}

export function verdictOf(value: number, ratioValue: number | undefined, target: Target | undefined): Verdict {
  if (!target) return 'INFO';
  const subject = target.subject === 'value' ? value : ratioValue;
  if (subject === undefined || !Number.isFinite(subject)) return 'MISS';
  return (target.op === '<=' ? subject <= target.threshold : subject >= target.threshold) ? 'PASS' : 'MISS';
}

/** Collects a stage's figures, checks and skipped parts. */
export class StageReport {
  readonly figures: Figure[] = [];
  readonly checks: Check[] = [];
  readonly skipped: Skipped[] = [];
  readonly details: Record<string, unknown> = {};

  constructor(readonly stage: string) {}

  figure(input: {
    name: string;
    unit: Unit;
    value: number;
    baseline?: { name: string; value: number };
    target?: Target;
    note?: string;
  }): Figure {
    const r = input.baseline && input.baseline.value !== 0 ? input.value / input.baseline.value : undefined;
    const figure: Figure = {
      stage: this.stage,
      name: input.name,
      unit: input.unit,
      value: input.value,
      ...(input.baseline ? { baseline: input.baseline } : {}),
      ...(r !== undefined ? { ratio: r } : {}),
      ...(input.target ? { target: input.target } : {}),
      verdict: verdictOf(input.value, r, input.target),
      ...(input.note ? { note: input.note } : {}),
    };
    this.figures.push(figure);
    return figure;
  }

  check(name: string, ok: boolean, detail: string): Check {
    const check: Check = { stage: this.stage, name, ok, detail };
    this.checks.push(check);
    return check;
  }

  skip(part: string, reason: string): void {
    this.skipped.push({ stage: this.stage, part, reason });
  }

  output(): StageOutput {
    return { figures: this.figures, checks: this.checks, skipped: this.skipped, details: this.details };
  }
}

// ---------------------------------------------------------------------------------------------
// Formatting

const group = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case 'bytes':
      return value >= 1024 * 1024 ? `${(value / 1024 / 1024).toFixed(2)} MB` : `${(value / 1024).toFixed(1)} KB`;
    case 'ms':
      return value >= 10_000 ? `${(value / 1000).toFixed(2)} s` : value >= 100 ? `${group(value, 0)} ms` : `${value.toFixed(1)} ms`;
    case 'per-second':
      return `${group(value, value >= 100 ? 0 : 1)} /s`;
    case 'count':
      return group(value);
    case 'ratio':
      return `${value.toFixed(2)}×`;
  }
}

export function formatTarget(target: Target | undefined, unit: Unit): string {
  if (!target) return '—';
  const op = target.op === '<=' ? '≤' : '≥';
  return target.subject === 'ratio' ? `ratio ${op} ${target.threshold}` : `${op} ${formatValue(target.threshold, unit)}`;
}

/** A plain-text table: one row per figure, then one per skipped part; exactness checks listed below it. */
export function formatTable(figures: readonly Figure[], skipped: readonly Skipped[] = [], checks: readonly Check[] = []): string {
  const header = ['stage', 'figure', 'value', 'baseline', 'base value', 'ratio', 'target', 'result'];
  const rows: string[][] = figures.map((f) => [
    f.stage,
    f.name,
    formatValue(f.value, f.unit),
    f.baseline?.name ?? '—',
    f.baseline ? formatValue(f.baseline.value, f.unit) : '—',
    f.ratio !== undefined ? `${f.ratio.toFixed(2)}×` : '—',
    formatTarget(f.target, f.unit),
    f.verdict === 'INFO' ? '' : f.verdict,
  ]);
  for (const s of skipped) rows.push([s.stage, s.part, '—', '—', '—', '—', '—', `SKIP: ${s.reason}`]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const right = new Set([2, 4, 5]);
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (right.has(i) ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  const table = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  if (checks.length > 0) {
    table.push('', 'Exactness checks:');
    for (const c of checks) table.push(`  ${c.ok ? 'PASS' : 'FAIL'}  ${c.stage}: ${c.name} — ${c.detail}`);
  }
  return table.join('\n');
}
