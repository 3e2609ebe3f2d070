/**
 * Stage 4 — end to end on the local runtime.
 *
 * The dev stack on `startLocalStack` (synthesized once into the run's temporary directory). N players
 * spread over the map (seeded positions in the dev play area), each watching its own position and capturing its
 * own freshly spawned fakémon next to it, all at once: the time from the start of `POST /captures` to the player's
 * `capture_result` message (p50/p95/p99) and completed captures per second (results ÷ time from the first POST to
 * the last result). The system does everything it does in production meanwhile: every capture is also a `world`
 * update to the players watching its cell's neighbourhood — and to nobody else.
 *
 * Before the burst: fakémon spawned through the spawn function (Lambda Invoke, before the players
 * connect), a warm-up of a few captures by separate players (so the first burst does not measure only
 * cold workers), a few captures one at a time (the pipeline's latency without load), then a pause for
 * the REST API's token bucket to refill. CPU per capture (process.cpuUsage: the runtime, its function
 * workers and the players all live in this process) is reported for both, to tell load from latency.
 *
 * Baseline, same runtime: the round trip of one PutEvents (an event only the debug rule matches) plus
 * one PutItem, sequential, p50 of a few dozen.
 *
 * Exactness: every POST answers 202, and every attempt id comes back exactly once to its player
 * (sent = received = unique attempt ids, nothing unknown); every connection hears exactly the captures in its
 * neighbourhood (computed with the handlers' own geo index), once each, so world updates per capture equal the
 * players watching its neighbourhood.
 */
import { DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { LambdaClient } from '@aws-sdk/client-lambda';
import * as os from 'node:os';
import type { LocalStack } from '../../local/runtime';
import { signInLocalPlayers } from '../lib/players';
import type { BenchContext } from '../lib/context';
import { clientConfigOf, gameResourcesOf, startDevRuntime } from '../lib/dev-runtime';
import { postJson as post } from '../lib/http';
import type { StageReport } from '../lib/report';
import { median, now, summarize } from '../lib/stats';
import { audiences, devWorld, seededRandom, spawnAt, spreadPositions } from '../lib/world';
import { BenchPlayer, withConcurrency, type TimedResult } from '../lib/ws-player';

/** Targets of the burst (issue 14): p99 within a second, and at least half the same-run floor's rate. */
export const MAX_P99_MS = 1000;
export const MIN_CAPTURE_RATE_RATIO = 0.5;
/** Seed of the players' positions (the same map in every run). */
export const MAP_SEED = 14;
const cpuMs = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Attempt {
  readonly player: BenchPlayer;
  readonly fakemon: string;
  started: number;
  status?: number;
  attemptId?: string;
  error?: string;
}

/** Waits until every id has a result, or the deadline; returns the ids still missing. */
async function waitForResults(ids: readonly string[], seen: Set<string>, players: readonly BenchPlayer[], timeoutMs: number): Promise<string[]> {
  const missing = (): string[] => ids.filter((id) => !seen.has(id));
  if (missing().length === 0) return [];
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    const check = (): void => {
      if (missing().length === 0) {
        clearTimeout(timer);
        resolve();
      }
    };
    for (const p of players) p.onResult(check);
  });
  return missing();
}

export async function e2eStage(ctx: BenchContext, report: StageReport): Promise<void> {
  const n = ctx.counts.e2ePlayers;
  const warmups = Math.min(16, n);
  const runId = Date.now().toString(36);

  ctx.progress('starting the local runtime (dev stack)');
  const stack: LocalStack = await startDevRuntime(ctx, 'e2e-logs');
  const clientConfig = clientConfigOf(stack);
  const lambda = new LambdaClient(clientConfig);
  const dynamodb = new DynamoDBClient(clientConfig);
  const events = new EventBridgeClient(clientConfig);
  const players: BenchPlayer[] = [];
  try {
    const { spawnFunction, busName, worldTable, attemptsTable } = gameResourcesOf(stack);
    const resultFn = stack.config.functions.find((f) => f.environment.CONNECTIONS_BY_PLAYER_INDEX !== undefined);

    /** Where a result that never arrived got lost: the attempt record, the player's connection records, the socket. */
    const diagnose = async (attemptId: string, player: BenchPlayer): Promise<string> => {
      const parts: string[] = [];
      try {
        const attempt = await dynamodb.send(new GetItemCommand({ TableName: attemptsTable, Key: { attemptId: { S: attemptId } }, ConsistentRead: true }));
        parts.push(`attempt record: ${attempt.Item ? `${attempt.Item.outcome?.S}${attempt.Item.reason?.S ? `/${attempt.Item.reason.S}` : ''}` : 'none'}`);
        if (resultFn) {
          const connections = await dynamodb.send(
            new QueryCommand({
              TableName: resultFn.environment.CONNECTIONS_TABLE,
              IndexName: resultFn.environment.CONNECTIONS_BY_PLAYER_INDEX,
              KeyConditionExpression: 'player = :p',
              ExpressionAttributeValues: { ':p': { S: player.name } },
            }),
          );
          const ids = (connections.Items ?? []).map((i) => i.connectionId?.S ?? '?');
          parts.push(`connection records: ${ids.length} (${ids.map((id) => `${id} ${stack.webSocket.registry.isOpen(id) ? 'open' : 'not open'}`).join(', ')})`);
        }
      } catch (error) {
        parts.push(`diagnosis failed: ${String(error)}`);
      }
      parts.push(`client socket ${player.open ? 'open' : 'closed'}, ${player.results.length} result(s) and ${player.otherMessages} other message(s) received`);
      return `${attemptId} of ${player.name}: ${parts.join('; ')}`;
    };

    // Players spread over the map; each one's fakémon spawns where the player stands, before anyone connects (so
    // their spawn updates go nowhere).
    const world = devWorld();
    const positions = spreadPositions(warmups + n, world.playArea, seededRandom(MAP_SEED));
    const sequential = ctx.quick ? 5 : 20;
    const warmFakemon = Array.from({ length: warmups }, (_, i) => `bench-warm-${runId}-${i}`);
    const seqFakemon = Array.from({ length: sequential }, (_, i) => `bench-seq-${runId}-${i}`);
    const fakemon = Array.from({ length: n }, (_, i) => `bench-${runId}-${i}`);
    ctx.progress(`spawning ${warmups + sequential + n} fakémon through the spawn function, each next to its player`);
    await spawnAt(lambda, spawnFunction, seqFakemon, positions[0] as { lat: number; lng: number });
    for (const [i, id] of [...warmFakemon, ...fakemon].entries()) await spawnAt(lambda, spawnFunction, [id], positions[i] as { lat: number; lng: number });
    // The spawns' world updates are over before anyone connects, so the burst measures captures alone.
    await stack.aws.settled();

    ctx.progress(`connecting ${warmups} warm-up + ${n} players`);
    const names = [...warmFakemon.map((_, i) => `warm_${runId}_${i}`), ...fakemon.map((_, i) => `player_${runId}_${i}`)];
    // Players sign in to the stack's user pool with the real Cognito client, as the e2e suite does.
    const tokens = await signInLocalPlayers(stack, names);
    players.push(...(await withConcurrency(names, 25, async (name, i) => BenchPlayer.connect(stack.webSocketUrl, name, tokens[i] as string))));
    ctx.progress(`every player watches its position (${new Set(positions.map((p) => `${p.lat},${p.lng}`)).size} positions over the play area)`);
    await withConcurrency(players, 25, (p, i) => p.watch(positions[i] as { lat: number; lng: number }));
    const warmPlayers = players.slice(0, warmups);
    const burstPlayers = players.slice(warmups);
    await stack.aws.settled();

    // Baseline: PutEvents + PutItem round trips against the same runtime.
    const baselineSamples = ctx.counts.e2eBaselineSamples;
    ctx.progress(`baseline: ${baselineSamples} sequential PutEvents + PutItem round trips`);
    const roundTrip = async (i: number): Promise<number> => {
      const started = now();
      const put = await events.send(
        new PutEventsCommand({ Entries: [{ EventBusName: busName, Source: 'bench.baseline', DetailType: 'bench.ping', Detail: JSON.stringify({ i, runId }) }] }),
      );
      if ((put.FailedEntryCount ?? 0) > 0) throw new Error(`baseline PutEvents failed: ${JSON.stringify(put.Entries)}`);
      await dynamodb.send(new PutItemCommand({ TableName: worldTable, Item: { fakemonId: { S: `bench-baseline-${runId}-${i}` }, status: { S: 'bench' } } }));
      return now() - started;
    };
    for (let i = 0; i < 3; i++) await roundTrip(-1 - i);
    const baseline: number[] = [];
    for (let i = 0; i < baselineSamples; i++) baseline.push(await roundTrip(i));
    await stack.aws.settled();

    // Warm-up captures (separate players and fakémon), then let the REST API's token bucket refill.
    ctx.progress(`warm-up: ${warmups} concurrent captures`);
    const warmSeen = new Set<string>();
    for (const p of warmPlayers) p.onResult((r) => warmSeen.add(r.attemptId));
    const warmResponses = await Promise.all(warmPlayers.map((p, i) => post(`${stack.restUrl}/captures`, { fakemon: warmFakemon[i] }, p.token)));
    const warmIds = warmResponses.map((r) => String(r.body.attemptId ?? ''));
    if (warmResponses.some((r) => r.status !== 202)) throw new Error(`warm-up captures answered ${warmResponses.map((r) => r.status).join(', ')}`);
    const warmMissing = await waitForResults(warmIds, warmSeen, warmPlayers, 30_000);
    const warmDiagnoses = await Promise.all(warmMissing.map((id) => diagnose(id, warmPlayers[warmIds.indexOf(id)] as BenchPlayer)));
    report.check(`warm-up: all ${warmups} results arrived`, warmMissing.length === 0, warmMissing.length === 0 ? `${warmups}/${warmups}` : `${warmMissing.length} lost: ${warmDiagnoses.join(' | ')}`);
    await stack.aws.settled();

    // One capture at a time (no load): the pipeline's own latency, for comparison with the burst.
    ctx.progress(`${sequential} captures one at a time (no load)`);
    const solo = warmPlayers[0] as BenchPlayer;
    const soloLatencies: number[] = [];
    const soloLost: string[] = [];
    const soloCpu = process.cpuUsage();
    for (const id of seqFakemon) {
      const started = now();
      const response = await post(`${stack.restUrl}/captures`, { fakemon: id }, solo.token);
      const attemptId = String(response.body.attemptId ?? '');
      if (response.status !== 202) throw new Error(`sequential capture answered ${response.status}`);
      if ((await waitForResults([attemptId], warmSeen, [solo], 30_000)).length > 0) {
        soloLost.push(await diagnose(attemptId, solo));
      } else {
        soloLatencies.push((solo.results.find((r) => r.attemptId === attemptId) as TimedResult).at - started);
      }
      await stack.aws.settled();
    }
    const soloCpuMs = cpuMs(process.cpuUsage(soloCpu)) / sequential;
    report.check(`one at a time: all ${sequential} results arrived`, soloLost.length === 0, soloLost.length === 0 ? `${sequential}/${sequential}` : `${soloLost.length} lost: ${soloLost.join(' | ')}`);
    if (soloLatencies.length === 0) throw new Error('no capture result arrived one at a time');
    await sleep(2500);

    // The burst.
    ctx.progress(`burst: ${n} players capture at once`);
    const seen = new Set<string>();
    for (const p of burstPlayers) p.onResult((r) => seen.add(r.attemptId));
    const attempts: Attempt[] = burstPlayers.map((player, i) => ({ player, fakemon: fakemon[i] as string, started: 0 }));
    const messagesBefore = players.reduce((sum, p) => sum + p.otherMessages + p.results.length, 0);
    const burstCpu = process.cpuUsage();
    const burstStarted = now();
    await Promise.all(
      attempts.map(async (a) => {
        a.started = now();
        try {
          const response = await post(`${stack.restUrl}/captures`, { fakemon: a.fakemon }, a.player.token);
          a.status = response.status;
          if (typeof response.body.attemptId === 'string') a.attemptId = response.body.attemptId;
        } catch (error) {
          a.error = error instanceof Error ? error.message : String(error);
        }
      }),
    );
    const accepted = attempts.filter((a) => a.status === 202 && a.attemptId);
    const sentIds = accepted.map((a) => a.attemptId as string);
    const missing = await waitForResults(sentIds, seen, burstPlayers, ctx.quick ? 60_000 : 180_000);
    ctx.progress(`burst: ${sentIds.length - missing.length}/${sentIds.length} results; waiting for the runtime to settle (broadcasts, possible duplicates)`);
    await stack.aws.settled();
    const burstCpuMs = cpuMs(process.cpuUsage(burstCpu));
    await sleep(200);

    // Count what came back: each attempt id exactly once, to the player who sent it.
    const received: TimedResult[] = burstPlayers.flatMap((p) => p.results);
    const byId = new Map<string, TimedResult[]>();
    for (const r of received) byId.set(r.attemptId, [...(byId.get(r.attemptId) ?? []), r]);
    const sentSet = new Set(sentIds);
    const unknown = [...byId.keys()].filter((id) => !sentSet.has(id));
    const duplicated = [...byId.entries()].filter(([, rs]) => rs.length > 1).map(([id]) => id);
    const wrongPlayer = accepted.filter((a) => (byId.get(a.attemptId as string) ?? []).some((r) => r.player !== a.player.name)).length;
    const latencies: number[] = [];
    let lastResult = burstStarted;
    for (const a of accepted) {
      const first = byId.get(a.attemptId as string)?.[0];
      if (!first) continue;
      latencies.push(first.at - a.started);
      lastResult = Math.max(lastResult, first.at);
    }
    const outcomes: Record<string, number> = {};
    for (const r of received) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
    const statuses: Record<string, number> = {};
    for (const a of attempts) {
      const key = a.status === undefined ? `error: ${a.error}` : String(a.status);
      statuses[key] = (statuses[key] ?? 0) + 1;
    }

    const pushedDuringBurst = players.reduce((sum, p) => sum + p.otherMessages + p.results.length, 0) - messagesBefore;
    // Who must have heard of each burst capture: the connections watching its cell's neighbourhood, exactly once.
    const expected = audiences(positions.slice(warmups), positions, world.cellResolution);
    const heard = new Map<string, number[]>();
    for (const [i, p] of players.entries()) for (const update of p.worldUpdates) heard.set(update, [...(heard.get(update) ?? []), i]);
    const audienceProblems: string[] = [];
    for (const [i, id] of fakemon.entries()) {
      const want = expected[i] ?? [];
      const got = (heard.get(`captured ${id}`) ?? []).sort((a, b) => a - b);
      if (got.join() !== want.join()) audienceProblems.push(`${id}: heard by ${got.length} connection(s), expected ${want.length} (${want.filter((x) => !got.includes(x)).length} missed, ${got.length - got.filter((x) => want.includes(x)).length} extra or repeated)`);
    }
    const worldUpdatesHeard = fakemon.reduce((sum, id) => sum + (heard.get(`captured ${id}`)?.length ?? 0), 0);
    const watchingNeighbourhood = expected.reduce((sum, a) => sum + a.length, 0);
    const burstDiagnoses = await Promise.all(
      missing.slice(0, 10).map((id) => diagnose(id, (accepted.find((a) => a.attemptId === id) as Attempt).player)),
    );
    const baseP50 = median(baseline);
    if (latencies.length > 0) {
      const lat = summarize(latencies);
      const baselineRef = { name: 'PutEvents + PutItem round trip p50', value: baseP50 };
      report.figure({
        name: `POST /captures → capture_result, one at a time, p50 of ${soloLatencies.length}`,
        unit: 'ms',
        value: median(soloLatencies),
        baseline: baselineRef,
        note: 'no concurrent load: the pipeline latency (API → bus → capture → bus → deliver-result → WebSocket)',
      });
      report.figure({ name: `POST /captures → capture_result p50 (${n} players at once)`, unit: 'ms', value: lat.p50, baseline: baselineRef });
      report.figure({ name: 'POST /captures → capture_result p95', unit: 'ms', value: lat.p95, baseline: baselineRef });
      report.figure({
        name: 'POST /captures → capture_result p99',
        unit: 'ms',
        value: lat.p99,
        baseline: baselineRef,
        target: { subject: 'value', op: '<=', threshold: MAX_P99_MS },
      });
      report.figure({
        name: `world updates per capture (${players.length} players spread over the map)`,
        unit: 'count',
        value: worldUpdatesHeard / n,
        baseline: { name: 'players watching the neighbourhood, mean', value: watchingNeighbourhood / n },
        target: { subject: 'ratio', op: '<=', threshold: 1 },
        note: `${worldUpdatesHeard} world updates for ${n} captures, exactly the connections watching each capture's cell or a neighbour (without interest management: ${players.length} each)`,
      });
      report.figure({
        name: `WebSocket messages pushed during the burst (${players.length} connections)`,
        unit: 'count',
        value: pushedDuringBurst,
        note: 'capture_result to each player plus the world update of every capture to the players watching its neighbourhood',
      });
      report.figure({
        name: 'CPU per capture in the burst (all threads, incl. broadcasts)',
        unit: 'ms',
        value: burstCpuMs / n,
        baseline: { name: 'CPU per capture, one at a time', value: soloCpuMs },
        note: `process.cpuUsage() (runtime, function workers and the players share this process); ${os.cpus().length} cores`,
      });
      report.figure({
        name: 'completed captures/s',
        unit: 'per-second',
        value: (latencies.length * 1000) / Math.max(1, lastResult - burstStarted),
        baseline: { name: 'sequential baseline round trips/s (1000 ÷ p50)', value: 1000 / baseP50 },
        target: { subject: 'ratio', op: '>=', threshold: MIN_CAPTURE_RATE_RATIO },
        note: 'results ÷ (last result − first POST)',
      });
    } else {
      report.check('at least one capture result arrived', false, `0 of ${sentIds.length}`);
    }
    report.check(`all ${n} POST /captures answered 202`, accepted.length === n, Object.entries(statuses).map(([s, c]) => `${c}× ${s}`).join(', '));
    report.check(
      'no result lost or duplicated',
      sentIds.length === n && received.length === sentIds.length && byId.size === sentIds.length && missing.length === 0 && unknown.length === 0 && duplicated.length === 0 && wrongPlayer === 0,
      `sent ${sentIds.length}, received ${received.length}, unique ${byId.size}, lost ${missing.length}, duplicated ${duplicated.length}, unknown ${unknown.length}, to the wrong player ${wrongPlayer}` +
        (burstDiagnoses.length > 0 ? `; lost: ${burstDiagnoses.join(' | ')}` : ''),
    );
    report.check(
      'every capture reached exactly the players watching its neighbourhood (world updates)',
      audienceProblems.length === 0,
      audienceProblems.length === 0 ? `${worldUpdatesHeard} world updates = ${watchingNeighbourhood} watchers of the captures' neighbourhoods` : `${audienceProblems.length} wrong: ${audienceProblems.slice(0, 5).join(' | ')}`,
    );
    Object.assign(report.details, {
      players: n,
      worldUpdatesHeard,
      watchingNeighbourhood,
      audienceProblems: audienceProblems.length,
      warmups,
      sent: sentIds.length,
      received: received.length,
      uniqueAttemptIds: byId.size,
      lost: missing.length,
      lostDiagnoses: burstDiagnoses,
      warmupLost: warmMissing.length,
      warmupLostDiagnoses: warmDiagnoses,
      duplicated: duplicated.length,
      unknown: unknown.length,
      wrongPlayer,
      statuses,
      outcomes,
      connections: players.length,
      messagesPushedDuringBurst: pushedDuringBurst,
      latencyMs: latencies.length > 0 ? summarize(latencies) : undefined,
      latencySamples: latencies,
      burstMs: lastResult - burstStarted,
      cpuMsPerCaptureSequential: soloCpuMs,
      cpuMsBurst: burstCpuMs,
      cores: os.cpus().length,
      sequentialLatencyMs: summarize(soloLatencies),
      sequentialSamples: soloLatencies,
      baselineMs: summarize(baseline),
      baselineSamples: baseline,
    });
  } finally {
    await Promise.all(players.map((p) => p.close()));
    lambda.destroy();
    dynamodb.destroy();
    events.destroy();
    await stack.stop();
  }
}
