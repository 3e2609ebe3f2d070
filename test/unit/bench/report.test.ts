/** Figures, verdicts and the printed table of the benchmark (no timing is asserted). */
import * as path from 'node:path';
import { parseArgs, UsageError } from '../../../bench/lib/args';
import { formatTable, formatValue, StageReport, verdictOf } from '../../../bench/lib/report';

describe('bench report', () => {
  it('verdicts: targets on the value or on the ratio; no target is INFO', () => {
    expect(verdictOf(390 * 1024, 0.2, { subject: 'value', op: '<=', threshold: 400 * 1024 })).toBe('PASS');
    expect(verdictOf(410 * 1024, 0.2, { subject: 'value', op: '<=', threshold: 400 * 1024 })).toBe('MISS');
    expect(verdictOf(100, 0.65, { subject: 'ratio', op: '<=', threshold: 0.65 })).toBe('PASS');
    expect(verdictOf(100, 0.4, { subject: 'ratio', op: '>=', threshold: 0.5 })).toBe('MISS');
    expect(verdictOf(100, undefined, { subject: 'ratio', op: '>=', threshold: 0.5 })).toBe('MISS');
    expect(verdictOf(100, 3, undefined)).toBe('INFO');
  });

  it('a stage report computes the ratio against the baseline', () => {
    const report = new StageReport('contention');
    const f = report.figure({
      name: 'capture attempts/s',
      unit: 'per-second',
      value: 300,
      baseline: { name: 'raw PutItem/s', value: 1000 },
      target: { subject: 'ratio', op: '>=', threshold: 0.5 },
    });
    expect(f).toMatchObject({ stage: 'contention', ratio: 0.3, verdict: 'MISS' });
    report.check('exactly one winner', true, '1 winner');
    report.skip('terraform validate', 'TF_PLUGIN_DIR is unset');
    expect(report.output()).toMatchObject({ checks: [{ ok: true }], skipped: [{ part: 'terraform validate' }] });
  });

  it('formats values by unit', () => {
    expect(formatValue(400 * 1024, 'bytes')).toBe('400.0 KB');
    expect(formatValue(3 * 1024 * 1024, 'bytes')).toBe('3.00 MB');
    expect(formatValue(12.345, 'ms')).toBe('12.3 ms');
    expect(formatValue(1234, 'ms')).toBe('1,234 ms');
    expect(formatValue(24_500, 'ms')).toBe('24.50 s');
    expect(formatValue(500_000, 'per-second')).toBe('500,000 /s');
  });

  it('the table shows value, baseline, ratio, target and PASS/MISS; skips and checks are listed', () => {
    const report = new StageReport('bundles');
    report.figure({ name: 'capture: minified bundle', unit: 'bytes', value: 300 * 1024, baseline: { name: 'naive', value: 1200 * 1024 }, target: { subject: 'ratio', op: '<=', threshold: 0.65 } });
    report.figure({ name: 'capture: cold import', unit: 'ms', value: 80, baseline: { name: 'naive', value: 100 }, target: { subject: 'ratio', op: '<=', threshold: 0.75 } });
    report.skip('terraform validate', 'quick mode');
    report.check('exactly one winner', false, '2 winners');
    const table = formatTable(report.figures, report.skipped, report.checks);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^stage\s+figure\s+value\s+baseline\s+base value\s+ratio\s+target\s+result$/);
    expect(table).toMatch(/capture: minified bundle\s+300\.0 KB\s+naive\s+1\.17 MB\s+0\.25×\s+ratio ≤ 0\.65\s+PASS/);
    expect(table).toMatch(/capture: cold import\s+80\.0 ms\s+naive\s+100 ms\s+0\.80×\s+ratio ≤ 0\.75\s+MISS/);
    expect(table).toMatch(/terraform validate .*SKIP: quick mode/);
    expect(table).toMatch(/FAIL {2}bundles: exactly one winner — 2 winners/);
  });

  it('parses the command line', () => {
    const stages = ['bundles', 'synth', 'e2e'];
    expect(parseArgs([], stages, 'bench/results.json')).toEqual({ quick: false, out: path.resolve('bench/results.json'), only: stages });
    expect(parseArgs(['--quick', '--out', '/tmp/r.json', '--only', 'e2e,bundles'], stages, 'x')).toEqual({ quick: true, out: '/tmp/r.json', only: ['bundles', 'e2e'] });
    expect(() => parseArgs(['--fast'], stages, 'x')).toThrow(UsageError);
    expect(() => parseArgs(['--only', 'nope'], stages, 'x')).toThrow(/unknown stage/);
    expect(() => parseArgs(['--out'], stages, 'x')).toThrow(/needs a value/);
  });
});
