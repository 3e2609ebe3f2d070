/**
 * Stage 5 — sustained load on the local runtime.
 *
 * The dev stack on `startLocalStack`. Players spread over the map (seeded positions in the play area), each
 * connected and watching its position. A trial sends capture attempts as a Poisson process at a fixed rate for a
 * fixed duration: each arrival is a random player capturing a fakémon spawned next to it beforehand. The figure is
 * the highest rate whose POST → `capture_result` p99 stays within 100 ms, found by a bounded search: the rate
 * doubles from a tenth of the floor while trials pass, then bisects between the last pass and the first failure,
 * and stops after `sustainedTrials` trials or when the bracket is within 25% (it never exceeds the dev REST
 * stage's throttle rate, beyond which API Gateway answers 429).
 *
 * Baseline, same runtime: the floor, PutEvents + PutItem round trips per second (1000 ÷ the p50 of sequential
 * round trips).
 *
 * Exactness: in every trial, every POST answers 202 and every attempt id comes back exactly once to its player.
 */
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { Position } from '../../handlers/src/shared/play-area';
import { loadEnvironments } from '../../modules/config/environments';
import type { LocalStack } from '../../local/runtime';
import type { BenchContext } from '../lib/context';
import { clientConfigOf, gameResourcesOf, startDevRuntime } from '../lib/dev-runtime';
import { postJson } from '../lib/http';
import { signInLocalPlayers } from '../lib/players';
import type { StageReport } from '../lib/report';
import { median, now, summarize } from '../lib/stats';
import { devWorld, seededRandom, spawnAt, spreadPositions } from '../lib/world';
import { BenchPlayer, withConcurrency, type TimedResult } from '../lib/ws-player';

export const SUSTAINED_MAX_P99_MS = 100;
/** Target: the highest sustained rate is at least this share of the floor (issue 14). */
export const MIN_SUSTAINED_RATIO = 0.3;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One tried rate. */
export interface Trial {
  readonly rate: number;
  readonly attempts: number;
  readonly p99Ms: number | undefined;
  readonly latency?: ReturnType<typeof summarize>;
  readonly passed: boolean;
  readonly lost: number;
  readonly duplicated: number;
  readonly wrongPlayer: number;
  readonly refused: Record<string, number>;
}

/**
 * The next rate to try, or undefined when the search is over: doubling while every trial passed (up to `cap`),
 * then bisecting between the highest pass and the lowest failure until they are within 25%.
 */
export function nextRate(trials: readonly Pick<Trial, 'rate' | 'passed'>[], start: number, cap: number, maxTrials: number): number | undefined {
  if (trials.length === 0) return Math.min(start, cap);
  if (trials.length >= maxTrials) return undefined;
  const passes = trials.filter((t) => t.passed).map((t) => t.rate);
  const failures = trials.filter((t) => !t.passed).map((t) => t.rate);
  const lo = passes.length > 0 ? Math.max(...passes) : 0;
  const hi = failures.length > 0 ? Math.min(...failures) : undefined;
  if (hi === undefined) return lo >= cap ? undefined : Math.min(cap, lo * 2);
  if (lo === 0) return hi / 2 < 0.5 ? undefined : hi / 2;
  return hi / lo <= 1.25 ? undefined : (lo + hi) / 2;
}

/** Arrival offsets (ms) of a Poisson process of `rate` per second over `seconds`. */
export function poissonArrivals(rate: number, seconds: number, random: () => number): number[] {
  const times: number[] = [];
  for (let t = -Math.log(1 - random()) / rate; t < seconds; t += -Math.log(1 - random()) / rate) times.push(t * 1000);
  return times;
}

export async function sustainedStage(ctx: BenchContext, report: StageReport): Promise<void> {
  const { sustainedPlayers: n, sustainedSeconds: seconds, sustainedTrials: maxTrials } = ctx.counts;
  const runId = Date.now().toString(36);
  const dev = loadEnvironments({}).find((env) => env.name === 'dev');
  if (!dev) throw new Error('no dev environment');

  ctx.progress('starting the local runtime (dev stack)');
  const stack: LocalStack = await startDevRuntime(ctx, 'sustained-logs');
  const clientConfig = clientConfigOf(stack);
  const lambda = new LambdaClient(clientConfig);
  const dynamodb = new DynamoDBClient(clientConfig);
  const events = new EventBridgeClient(clientConfig);
  const players: BenchPlayer[] = [];
  try {
    const { spawnFunction, busName, worldTable } = gameResourcesOf(stack);

    const world = devWorld();
    const random = seededRandom(5);
    const positions: Position[] = spreadPositions(n, world.playArea, random);
    ctx.progress(`${n} players spread over the map sign in, connect and watch their positions`);
    const names = positions.map((_, i) => `steady_${runId}_${i}`);
    const tokens = await signInLocalPlayers(stack, names);
    players.push(...(await withConcurrency(names, 25, (name, i) => BenchPlayer.connect(stack.webSocketUrl, name, tokens[i] as string))));
    await withConcurrency(players, 25, (p, i) => p.watch(positions[i] as Position));

    // The floor, on this runtime: sequential PutEvents + PutItem round trips.
    const roundTrip = async (i: number): Promise<number> => {
      const started = now();
      const put = await events.send(new PutEventsCommand({ Entries: [{ EventBusName: busName, Source: 'bench.baseline', DetailType: 'bench.ping', Detail: JSON.stringify({ i, runId }) }] }));
      if ((put.FailedEntryCount ?? 0) > 0) throw new Error(`baseline PutEvents failed: ${JSON.stringify(put.Entries)}`);
      await dynamodb.send(new PutItemCommand({ TableName: worldTable, Item: { fakemonId: { S: `bench-steady-baseline-${runId}-${i}` }, status: { S: 'bench' } } }));
      return now() - started;
    };
    for (let i = 0; i < 3; i++) await roundTrip(-1 - i);
    const baseline: number[] = [];
    for (let i = 0; i < ctx.counts.e2eBaselineSamples; i++) baseline.push(await roundTrip(i));
    const floor = 1000 / median(baseline);
    const cap = dev.apiThrottle.rateLimit;
    await stack.aws.settled();

    /** Runs one trial at `rate`. */
    const trial = async (rate: number, index: number): Promise<Trial> => {
      const arrivals = poissonArrivals(rate, seconds, random);
      const who = arrivals.map(() => Math.floor(random() * n));
      const fakemon = arrivals.map((_, i) => `steady-${runId}-${index + 1}-${i}`);
      ctx.progress(`${index < 0 ? 'warm-up' : `trial ${index + 1}`}: ${rate.toFixed(1)} captures/s for ${seconds} s (${arrivals.length} arrivals); spawning their fakémon next to their players`);
      const byPlayer = new Map<number, string[]>();
      for (const [i, p] of who.entries()) byPlayer.set(p, [...(byPlayer.get(p) ?? []), fakemon[i] as string]);
      await withConcurrency([...byPlayer], 8, ([p, ids]) => spawnAt(lambda, spawnFunction, ids, positions[p] as Position));
      await stack.aws.settled();
      await sleep(1500); // the REST stage's token bucket refills

      const sent: Array<{ player: BenchPlayer; started: number; attemptId?: string; status?: number }> = [];
      const seen = new Map<string, TimedResult[]>();
      const record = (r: TimedResult): void => void seen.set(r.attemptId, [...(seen.get(r.attemptId) ?? []), r]);
      for (const player of players) player.onResult(record);
      const t0 = now();
      await Promise.all(
        arrivals.map(async (at, i) => {
          const wait = at - (now() - t0);
          if (wait > 0) await sleep(wait);
          const player = players[who[i] as number] as BenchPlayer;
          const entry: (typeof sent)[number] = { player, started: now() };
          sent.push(entry);
          const response = await postJson(`${stack.restUrl}/captures`, { fakemon: fakemon[i] }, player.token).catch(() => ({ status: -1, body: {} as Record<string, unknown> }));
          entry.status = response.status;
          if (typeof response.body.attemptId === 'string') entry.attemptId = response.body.attemptId;
        }),
      );
      const accepted = sent.filter((s) => s.status === 202 && s.attemptId);
      const deadline = now() + 60_000;
      while (accepted.some((s) => !seen.has(s.attemptId as string)) && now() < deadline) await sleep(20);
      await stack.aws.settled();
      await sleep(100);
      for (const player of players) player.offResult();
      const latencies = accepted.flatMap((s) => {
        const first = seen.get(s.attemptId as string)?.[0];
        return first ? [first.at - s.started] : [];
      });
      const refused: Record<string, number> = {};
      for (const s of sent) if (s.status !== 202) refused[String(s.status)] = (refused[String(s.status)] ?? 0) + 1;
      const lost = accepted.filter((s) => !seen.has(s.attemptId as string)).length;
      const duplicated = [...seen.values()].filter((rs) => rs.length > 1).length;
      const wrongPlayer = accepted.filter((s) => (seen.get(s.attemptId as string) ?? []).some((r) => r.player !== s.player.name)).length;
      const summary = latencies.length > 0 ? summarize(latencies) : undefined;
      const passed = summary !== undefined && summary.p99 <= SUSTAINED_MAX_P99_MS && accepted.length === sent.length && lost === 0;
      ctx.progress(`${index < 0 ? 'warm-up' : `trial ${index + 1}`}: p99 ${summary ? summary.p99.toFixed(0) : '—'} ms → ${passed ? 'pass' : 'fail'}`);
      return { rate, attempts: sent.length, p99Ms: summary?.p99, latency: summary, passed, lost, duplicated, wrongPlayer, refused };
    };

    // Warm-up at the starting rate (not counted): the functions' workers start before the first measured trial.
    const warmup = await trial(Math.max(1, Math.min(cap, floor / 10)), -1);
    const trials: Trial[] = [];
    for (let rate = nextRate([], Math.max(1, floor / 10), cap, maxTrials); rate !== undefined; rate = nextRate(trials, floor / 10, cap, maxTrials)) {
      trials.push(await trial(rate, trials.length));
    }
    const best = Math.max(0, ...trials.filter((t) => t.passed).map((t) => t.rate));
    report.figure({
      name: `sustained: highest Poisson arrival rate with p99 ≤ ${SUSTAINED_MAX_P99_MS} ms (${n} players spread over the map)`,
      unit: 'per-second',
      value: best,
      baseline: { name: 'floor: PutEvents + PutItem round trips/s (1000 ÷ p50)', value: floor },
      target: { subject: 'ratio', op: '>=', threshold: MIN_SUSTAINED_RATIO },
      note: `${trials.length} trials of ${seconds} s: ${trials.map((t) => `${t.rate.toFixed(1)}/s p99 ${t.p99Ms === undefined ? '—' : `${t.p99Ms.toFixed(0)} ms`} ${t.passed ? 'pass' : 'fail'}`).join(', ')}; search capped at the dev REST stage's ${cap} requests/s`,
    });
    const firstFailure = trials.filter((t) => !t.passed).sort((a, b) => a.rate - b.rate)[0];
    if (firstFailure?.latency) {
      report.figure({
        name: `sustained: p99 at the lowest failing rate (${firstFailure.rate.toFixed(1)}/s)`,
        unit: 'ms',
        value: firstFailure.latency.p99,
        baseline: { name: 'PutEvents + PutItem round trip p50', value: median(baseline) },
      });
    }
    const broken = [warmup, ...trials].filter((t) => t.lost > 0 || t.duplicated > 0 || t.wrongPlayer > 0 || Object.keys(t.refused).length > 0);
    report.check(
      'sustained: in every trial each attempt was accepted and its result came back exactly once, to its player',
      broken.length === 0,
      broken.length === 0
        ? `${trials.reduce((sum, t) => sum + t.attempts, 0)} attempts over ${trials.length} trials`
        : broken.map((t) => `${t.rate.toFixed(1)}/s: lost ${t.lost}, duplicated ${t.duplicated}, to the wrong player ${t.wrongPlayer}, refused ${JSON.stringify(t.refused)}`).join(' | '),
    );
    Object.assign(report.details, { players: n, seconds, floorPerSecond: floor, bestRate: best, cap, warmup, trials, baselineMs: summarize(baseline), baselineSamples: baseline });
  } finally {
    await Promise.all(players.map((p) => p.close()));
    lambda.destroy();
    dynamodb.destroy();
    events.destroy();
    await stack.stop();
  }
}
