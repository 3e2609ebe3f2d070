/**
 * `npm run bench -- --quick` as a child process: the benchmark runs end to end (it starts its own local
 * runtime) and its exactness checks hold. No timing is asserted: figures are reported, not judged here.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

jest.setTimeout(600_000);

const ROOT = path.resolve(__dirname, '..', '..');
const STAGES = ['bundles', 'synth', 'contention', 'e2e', 'sustained', 'patterns', 'capacity', 'durability'];

interface Results {
  commit: string;
  node: string;
  date: string;
  mode: string;
  counts: { contentionAttempts: number; e2ePlayers: number; durabilityRequests: number };
  stages: Record<string, { status: string; error?: string; figures: unknown[]; details: Record<string, unknown> }>;
  checks: Array<{ name: string; ok: boolean; detail: string }>;
}

function run(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'bench/run.ts', ...args], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

describe('npm run bench -- --quick', () => {
  let dir: string;
  let result: { code: number; stdout: string; stderr: string };
  let results: Results;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'bench-quick-'));
    const out = path.join(dir, 'results.json');
    result = await run(['--quick', '--out', out]);
    results = JSON.parse(readFileSync(out, 'utf8')) as Results;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 and prints the table', () => {
    if (result.code !== 0) throw new Error(`bench exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
    expect(result.stdout).toMatch(/stage\s+figure\s+value\s+baseline/);
    expect(result.stdout).toMatch(/quick run in/);
  });

  it('writes every stage, with commit, node version and date', () => {
    expect(results.mode).toBe('quick');
    expect(results.commit).toMatch(/^[0-9a-f]{40}$|^unknown$/);
    expect(results.node).toBe(process.version);
    expect(Number.isNaN(Date.parse(results.date))).toBe(false);
    expect(Object.keys(results.stages).sort()).toEqual([...STAGES].sort());
    for (const name of STAGES) {
      const stage = results.stages[name];
      expect([name, stage?.status, stage?.error]).toEqual([name, 'ok', undefined]);
      expect(stage?.figures.length).toBeGreaterThan(0);
    }
    expect(results.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('checks the exact counts of a game: world updates only to the watchers of each neighbourhood, every sustained result once to its player', () => {
    const names = results.checks.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining([expect.stringMatching(/^every capture reached exactly the players watching its neighbourhood/), expect.stringMatching(/^sustained: .*exactly once, to its player/)]));
  });

  it('contention: exactly one winner', () => {
    const details = results.stages.contention?.details as { attempts: number; winners: number };
    expect(details.attempts).toBe(results.counts.contentionAttempts);
    expect(details.winners).toBe(1);
  });

  it('durability: the same burst in memory and with the journal, nothing lost in either', () => {
    const details = results.stages.durability?.details as { requests: number; memory: Array<{ lost: number }>; journal: Array<{ lost: number; journalRecords: number }> };
    expect(details.requests).toBe(results.counts.durabilityRequests);
    expect([...details.memory, ...details.journal].map((round) => round.lost)).toEqual([0, 0]);
    expect(details.journal[0]?.journalRecords).toBeGreaterThanOrEqual(details.requests);
  });

  it('end to end: every attempt id sent once comes back exactly once', () => {
    const details = results.stages.e2e?.details as { sent: number; received: number; uniqueAttemptIds: number; lost: number; duplicated: number };
    expect(details.sent).toBe(results.counts.e2ePlayers);
    expect(details.received).toBe(details.sent);
    expect(details.uniqueAttemptIds).toBe(details.sent);
    expect(details.lost).toBe(0);
    expect(details.duplicated).toBe(0);
  });

  it('capacity: one result and one world update per connection for each capture; `npm run capacity` renders from the results', async () => {
    const measured = (results.stages.capacity?.details as { capacity: { captureWatchers: number[]; capture: { fixed: Record<string, number>; perWatcher: Record<string, number> } } }).capacity;
    expect(new Set(measured.captureWatchers).size).toBeGreaterThanOrEqual(2);
    // Exactly the result plus one message per watcher: the fit through the measured counts is 1 + 1 × watchers.
    expect(measured.capture.fixed['apigw.wsOut']).toBeCloseTo(1, 6);
    expect(measured.capture.perWatcher['apigw.wsOut']).toBeCloseTo(1, 6);
    const doc = path.join(dir, 'capacity.md');
    const cli = await new Promise<{ code: number; stderr: string }>((resolve, reject) => {
      const child = spawn('npx', ['tsx', 'bench/capacity/cli.ts', '--results', path.join(dir, 'results.json'), '--inputs', path.join(dir, 'inputs.json'), '--doc', doc], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? 1, stderr }));
    });
    expect(cli).toEqual({ code: 0, stderr: '' });
    expect(readFileSync(doc, 'utf8')).toMatch(/## WebSocket messages per capture/);
  });
});
