/**
 * `npx tsx bench/profile/burst-profile.ts [--quick] [--cpu] [--stage e2e|sustained|contention] [--window burst|solo]`
 *
 * Runs one bench stage (default e2e) with timing probes wrapped around the local runtime's parts, and prints
 * where the wall-clock time of the measured window goes (bench/PROFILE.md reads this output):
 * - Lambda, per function: wait for a worker slot (the per-function worker limit), worker spawns, run time;
 * - the local AWS endpoint, per service: IAM evaluation and handling time (DynamoDB includes its lock);
 * - DynamoDB's lock: wait before and hold time per operation, shared (item operations) and exclusive (transactions);
 * - EventBridge deliveries: dispatch → first attempt, attempt duration;
 * - the main thread: event-loop utilization and delay, and with `--cpu` its CPU profile (self time by file); every thread: CPU and run-queue wait (Linux schedstat).
 *
 * The probes are wrapped around prototypes at run time: nothing in the runtime changes for the bench itself.
 * The window is the stage's measured part, found from its progress lines (e2e: "burst: … at once" to
 * "burst: … results", or with `--window solo` the captures one at a time before it; other stages: the whole stage).
 */
import * as fs from 'node:fs';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { LocalAwsServer } from '../../local/aws/server';
import { SharedExclusiveLock } from '../../local/dynamodb/shared-exclusive-lock';
import { DeliveryEngine } from '../../local/eventbridge/delivery';
import { FunctionRunner } from '../../local/lambda/runner';
import { main } from '../run';

type Samples = Map<string, number[]>;
const samples: Samples = new Map();
let recording = false;
const add = (key: string, ms: number): void => {
  if (!recording) return;
  const list = samples.get(key) ?? [];
  list.push(ms);
  samples.set(key, list);
};
const counters = new Map<string, number>();
const count = (key: string, by = 1): void => {
  if (recording) counters.set(key, (counters.get(key) ?? 0) + by);
};

// Patching private members: the probes read the runtime's internals on purpose.
type AnyFn = (...args: any[]) => any;
function wrap(proto: any, name: string, make: (original: AnyFn) => AnyFn): void {
  const original = proto[name] as AnyFn;
  if (typeof original !== 'function') throw new Error(`no method ${name} to probe`);
  proto[name] = make(original);
}

// Lambda: invoke (whole), acquireCapacity (waiting for a worker slot), spawn (a new worker), run (the handler).
wrap(FunctionRunner.prototype, 'invoke', (original) =>
  async function (this: any, ...args: any[]) {
    const t0 = performance.now();
    const fnName = this.config.name as string;
    count(`lambda ${fnName} invocations`);
    try {
      return await original.apply(this, args);
    } finally {
      add(`lambda ${fnName}: invoke total`, performance.now() - t0);
    }
  },
);
wrap(FunctionRunner.prototype, 'acquireCapacity', (original) =>
  async function (this: any, ...args: any[]) {
    const t0 = performance.now();
    const queued = this.waiting.length;
    await original.apply(this, args);
    add(`lambda ${this.config.name}: wait for a worker slot`, performance.now() - t0);
    add(`lambda ${this.config.name}: invocations already waiting on arrival`, queued);
  },
);
wrap(FunctionRunner.prototype, 'spawn', (original) =>
  async function (this: any, ...args: any[]) {
    const t0 = performance.now();
    const result = await original.apply(this, args);
    add(`lambda ${this.config.name}: spawn a worker (cold start)`, performance.now() - t0);
    return result;
  },
);
wrap(FunctionRunner.prototype, 'run', (original) =>
  async function (this: any, ...args: any[]) {
    const t0 = performance.now();
    const result = await original.apply(this, args);
    add(`lambda ${this.config.name}: run (handler in the worker)`, performance.now() - t0);
    return result;
  },
);

// The local AWS endpoint: IAM evaluation, then the service.
wrap(LocalAwsServer.prototype, 'handleAuthorized', () =>
  async function (this: any, service: { name: string; handle: AnyFn }, request: unknown) {
    const t0 = performance.now();
    const denied = this.options.authorize?.(service.name, request);
    const t1 = performance.now();
    add(`endpoint ${service.name}: IAM evaluation`, t1 - t0);
    if (denied) return denied;
    try {
      return await service.handle(request);
    } finally {
      add(`endpoint ${service.name}: handle`, performance.now() - t1);
    }
  },
);

// DynamoDB's lock (item operations shared, transactions and table changes exclusive).
for (const mode of ['shared', 'exclusive'] as const) {
  wrap(SharedExclusiveLock.prototype, mode, (original) =>
    function (this: any, fn: () => Promise<unknown>) {
      const t0 = performance.now();
      return original.call(this, async () => {
        const t1 = performance.now();
        add(`dynamodb lock ${mode}: wait`, t1 - t0);
        try {
          return await fn();
        } finally {
          add(`dynamodb lock ${mode}: hold (dynalite call)`, performance.now() - t1);
        }
      });
    },
  );
}

// EventBridge: dispatch → attempt (a setImmediate later), and the attempt itself.
const dispatchedAt = new WeakMap<object, number>();
wrap(DeliveryEngine.prototype, 'attempt', (original) =>
  async function (this: any, job: any) {
    const t0 = performance.now();
    const queuedAt = dispatchedAt.get(job.event);
    if (queuedAt !== undefined) add('eventbridge: dispatch → attempt', t0 - queuedAt);
    try {
      return await original.call(this, job);
    } finally {
      add(`eventbridge: attempt (${String(job.target.arn).split(':').slice(2, 3)} target)`, performance.now() - t0);
    }
  },
);
wrap(DeliveryEngine.prototype, 'dispatch', (original) =>
  function (this: any, event: object, ...rest: any[]) {
    if (!dispatchedAt.has(event)) dispatchedAt.set(event, performance.now());
    return original.call(this, event, ...rest);
  },
);

/** Per thread of this process: CPU ms, run-queue wait ms (Linux /proc schedstat), name. */
function threadStats(): Map<string, { cpuMs: number; waitMs: number; name: string }> {
  const stats = new Map<string, { cpuMs: number; waitMs: number; name: string }>();
  try {
    for (const tid of fs.readdirSync('/proc/self/task')) {
      try {
        const [cpuNs, waitNs] = fs.readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
        const name = fs.readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
        stats.set(tid, { cpuMs: (cpuNs ?? 0) / 1e6, waitMs: (waitNs ?? 0) / 1e6, name });
      } catch {
        // the thread ended
      }
    }
  } catch {
    // not Linux
  }
  return stats;
}

const loopDelay = monitorEventLoopDelay({ resolution: 10 });
let window: { start: number; end?: number; elu: ReturnType<typeof performance.eventLoopUtilization>; threads: ReturnType<typeof threadStats>; cpu: NodeJS.CpuUsage } | undefined;
let windowEnd: { elu: ReturnType<typeof performance.eventLoopUtilization>; threads: ReturnType<typeof threadStats>; cpu: NodeJS.CpuUsage } | undefined;

const argv = process.argv.slice(2);
const stage = argv.includes('--stage') ? (argv[argv.indexOf('--stage') + 1] as string) : 'e2e';
/** e2e windows: the burst (default) or the captures one at a time before it (`--window solo`). */
const solo = argv.includes('--window') && argv[argv.indexOf('--window') + 1] === 'solo';
const startMarker =
  stage !== 'e2e' ? new RegExp(`^\\[bench\\] 1/1 ${stage}: .*…$`, 'm') : solo ? /captures one at a time \(no load\)/ : /burst: \d+ players capture at once/;
const endMarker = stage !== 'e2e' ? /: done in / : solo ? /burst: \d+ players capture at once/ : /burst: \d+\/\d+ results/;

// --cpu: the main thread's CPU profile over the window, self time summed by file (node_modules by package).
const cpuProfile = argv.includes('--cpu') ? new Session() : undefined;
let cpuProfileDone: Promise<Array<[string, number]>> | undefined;
interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly url: string; readonly functionName: string };
}
function summarizeProfile(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }): Array<[string, number]> {
  const where = new Map<number, string>();
  for (const node of profile.nodes) {
    const url = node.callFrame.url;
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
    where.set(node.id, pkg ? `npm ${pkg}` : url ? url.replace(/^.*\/wt-perf\//, '').replace(/^file:\/\//, '') : `(${node.callFrame.functionName || 'native'})`);
  }
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const key = where.get(id) ?? '?';
    totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...totals.entries()].sort((a, b) => b[1] - a[1]);
}

function open(): void {
  if (cpuProfile) {
    cpuProfile.connect();
    cpuProfile.post('Profiler.enable');
    cpuProfile.post('Profiler.start');
  }
  loopDelay.reset();
  loopDelay.enable();
  window = { start: performance.now(), elu: performance.eventLoopUtilization(), threads: threadStats(), cpu: process.cpuUsage() };
  recording = true;
}
function close(): void {
  if (!window || window.end !== undefined) return;
  recording = false;
  loopDelay.disable();
  if (cpuProfile) {
    cpuProfileDone = new Promise((resolve, reject) =>
      cpuProfile.post('Profiler.stop', (error, result) => (error ? reject(error) : resolve(summarizeProfile(result.profile as never)))),
    );
  }
  window.end = performance.now();
  windowEnd = { elu: performance.eventLoopUtilization(window.elu), threads: threadStats(), cpu: process.cpuUsage(window.cpu) };
}

const write = process.stderr.write.bind(process.stderr);
process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
  const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  if (!recording && !window && startMarker.test(text)) open();
  else if (recording && endMarker.test(text)) close();
  return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
}) as typeof process.stderr.write;

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
const f = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

async function run(): Promise<void> {
  const out = `/tmp/bench-profile-${stage}.json`;
  const code = await main(['--only', stage, '--out', out, ...(argv.includes('--quick') ? ['--quick'] : [])]);
  close();
  if (!window || window.end === undefined || !windowEnd) {
    console.log('profile: the measured window was never seen');
    process.exitCode = 1;
    return;
  }
  const wallMs = window.end - window.start;
  console.log(`\n## profile of the ${stage} window: ${f(wallMs)} ms wall (bench exit ${code})\n`);
  console.log('| probe | n | sum ms | p50 | p90 | p99 | max |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [key, list] of [...samples.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const sorted = [...list].sort((a, b) => a - b);
    const sum = list.reduce((s, v) => s + v, 0);
    console.log(`| ${key} | ${list.length} | ${f(sum)} | ${f(pct(sorted, 50))} | ${f(pct(sorted, 90))} | ${f(pct(sorted, 99))} | ${f(sorted[sorted.length - 1] ?? NaN)} |`);
  }
  for (const [key, value] of counters) console.log(`| ${key} | ${value} | | | | | |`);
  const elu = windowEnd.elu;
  console.log(`\nmain thread: event-loop utilization ${(elu.utilization * 100).toFixed(0)}% (active ${f(elu.active)} ms of ${f(wallMs)} ms)`);
  console.log(`main thread: event-loop delay p50 ${f(loopDelay.percentile(50) / 1e6)} ms, p99 ${f(loopDelay.percentile(99) / 1e6)} ms, max ${f(loopDelay.max / 1e6)} ms`);
  console.log(`process CPU: ${f((windowEnd.cpu.user + windowEnd.cpu.system) / 1000)} ms over ${f(wallMs)} ms wall`);
  const before = window.threads;
  const rows: Array<{ tid: string; name: string; cpuMs: number; waitMs: number }> = [];
  for (const [tid, after] of windowEnd.threads) {
    const b = before.get(tid) ?? { cpuMs: 0, waitMs: 0 };
    rows.push({ tid, name: tid === String(process.pid) ? 'main' : after.name, cpuMs: after.cpuMs - b.cpuMs, waitMs: after.waitMs - b.waitMs });
  }
  const main_ = rows.find((r) => r.name === 'main');
  const others = rows.filter((r) => r.name !== 'main');
  const group = new Map<string, { n: number; cpuMs: number; waitMs: number }>();
  for (const r of others) {
    const g = group.get(r.name) ?? { n: 0, cpuMs: 0, waitMs: 0 };
    g.n += 1;
    g.cpuMs += r.cpuMs;
    g.waitMs += r.waitMs;
    group.set(r.name, g);
  }
  if (main_) console.log(`thread main: CPU ${f(main_.cpuMs)} ms, waiting for a CPU (run queue) ${f(main_.waitMs)} ms`);
  for (const [name, g] of [...group.entries()].sort((a, b) => b[1].cpuMs - a[1].cpuMs)) {
    console.log(`threads "${name}" ×${g.n}: CPU ${f(g.cpuMs)} ms, run-queue wait ${f(g.waitMs)} ms`);
  }
  if (cpuProfileDone) {
    const rows = await cpuProfileDone;
    const total = rows.reduce((sum, [, ms]) => sum + ms, 0);
    console.log(`\nmain thread CPU profile (self time by file or package, ${f(total)} ms sampled):`);
    for (const [key, ms] of rows.slice(0, 25)) console.log(`  ${f(ms).padStart(7)} ms  ${((ms / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
  }
  console.log(`load average at the end: ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

run().then(
  () => process.exit(process.exitCode ?? 0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
