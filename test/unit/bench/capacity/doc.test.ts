/**
 * docs/capacity.md is what the renderer makes of the committed inputs (docs/capacity-inputs.json), and
 * those inputs hold the prod settings of today's config: a change to the model, the scenarios, the
 * quotas, the prices or the prod config without `npm run capacity` fails here.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CapacityUsageError, parseCapacityArgs, runCapacity } from '../../../../bench/capacity/cli';
import { CapacityInputError, inputsFromResults, stackFacts, type CapacityInputs } from '../../../../bench/capacity/inputs';
import { PRICES } from '../../../../bench/capacity/prices';
import { QUOTAS } from '../../../../bench/capacity/quotas';
import { num, renderCapacityDoc, share } from '../../../../bench/capacity/render';
import { loadEnvironments } from '../../../../modules/config/environments';
import { INPUTS } from './fixture';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const prod = (): ReturnType<typeof stackFacts> => stackFacts(loadEnvironments({}).find((e) => e.name === 'prod') as Parameters<typeof stackFacts>[0]);
const resultsWith = (capacity: unknown, status = 'ok'): unknown => ({
  commit: 'a'.repeat(40),
  dirty: false,
  date: '2026-01-02T03:04:05.000Z',
  mode: 'full',
  node: 'v20.0.0',
  machine: { cpus: 2, loadavgBefore: [3.25, 2, 1] },
  stages: { capacity: { status, details: { capacity } } },
});

describe('docs/capacity.md', () => {
  const committed = JSON.parse(readFileSync(path.join(ROOT, 'docs', 'capacity-inputs.json'), 'utf8')) as CapacityInputs;

  it('is what the renderer makes of docs/capacity-inputs.json', () => {
    const doc = readFileSync(path.join(ROOT, 'docs', 'capacity.md'), 'utf8');
    if (doc !== renderCapacityDoc(committed)) throw new Error('docs/capacity.md is stale: run `npm run capacity -- --from-inputs` (or `npm run capacity` after `npm run bench`)');
  });

  it('was made with the prod settings of today', () => {
    expect(committed.stack).toEqual(prod());
  });

  it('comes from a full benchmark run of a committed tree', () => {
    expect(committed.bench.mode).toBe('full');
    expect(committed.bench.dirty).toBe(false);
  });
});

describe('capacity renderer', () => {
  it('formats numbers and shares', () => {
    expect([num(0), num(7), num(12_345), num(1234.6), num(12.34), num(1.234), num(0.01234), num(Infinity)]).toEqual(['0', '7', '12,345', '1,235', '12.3', '1.23', '0.0123', '∞']);
    expect([share(0.5), share(1), share(12.5)]).toEqual(['50%', '100%', '**12.5×**']);
  });

  it('renders the scenarios, the measured figures and every source', () => {
    const doc = renderCapacityDoc(INPUTS, { playerCounts: [10_000], captureRates: [100], audiences: [{ kind: 'everyone' }], cellDensities: [200] });
    expect(doc).toContain('| without interest management (every player) | 10,000 | 10,000 | 10,001 | 1,000,100 |');
    expect(doc).toContain('| Lambda `notify`: billed ms | 10 | 0.5 |');
    expect(doc).toContain('| 200 | 2.50 | 1,200 | 1,000 |');
    for (const entry of [...Object.values(QUOTAS), ...Object.values(PRICES)]) expect(doc).toContain(`<${entry.source.url}>`);
    expect(doc).toContain('price not found');
  });
});

describe('capacity inputs', () => {
  it('come from the capacity stage of a results file', () => {
    const inputs = inputsFromResults(resultsWith(INPUTS.measured), INPUTS.stack);
    expect(inputs).toEqual({ bench: { commit: 'a'.repeat(40), dirty: false, date: '2026-01-02T03:04:05.000Z', mode: 'full', node: 'v20.0.0', cpus: 2, loadAverage: 3.25 }, stack: INPUTS.stack, measured: INPUTS.measured });
  });

  it('refuse a results file without a finished, complete capacity stage, saying what to run', () => {
    expect(() => inputsFromResults({ stages: {} }, INPUTS.stack)).toThrow(/no capacity stage: run `npm run bench`/);
    expect(() => inputsFromResults(resultsWith(INPUTS.measured, 'failed'), INPUTS.stack)).toThrow(CapacityInputError);
    const { race: _race, ...incomplete } = INPUTS.measured;
    void _race;
    expect(() => inputsFromResults(resultsWith(incomplete), INPUTS.stack)).toThrow(/lacks race/);
  });

  it('npm run capacity writes the inputs and the document; --from-inputs renders again without a bench run', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'capacity-'));
    try {
      const results = path.join(dir, 'results.json');
      writeFileSync(results, JSON.stringify(resultsWith(INPUTS.measured)));
      const args = parseCapacityArgs(['--results', results, '--inputs', path.join(dir, 'in.json'), '--doc', path.join(dir, 'capacity.md')]);
      const inputs = runCapacity(args);
      expect(inputs.stack).toEqual(prod());
      expect(JSON.parse(readFileSync(path.join(dir, 'in.json'), 'utf8'))).toEqual(inputs);
      expect(readFileSync(path.join(dir, 'capacity.md'), 'utf8')).toBe(renderCapacityDoc(inputs));
      rmSync(results);
      expect(runCapacity({ ...args, fromInputs: true })).toEqual(inputs);
      expect(() => runCapacity({ ...args, results })).toThrow(/no bench results at .*run `npm run bench` first/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('usage errors name the argument', () => {
    expect(() => parseCapacityArgs(['--results'])).toThrow(CapacityUsageError);
    expect(() => parseCapacityArgs(['--nope'])).toThrow(/unknown argument --nope/);
  });
});
