/**
 * Stage 6 — AWS usage per capture (the measured inputs of docs/capacity.md, `npm run capacity`).
 *
 * The dev stack on `startLocalStack` with an {@link AwsMeter}: Lambda invocations and billed milliseconds
 * per function, DynamoDB read/write request units per table and index, PutEvents requests/entries/billed
 * events, EventBridge target invocations, debug-log and function-log events and bytes, SQS messages; REST
 * requests and WebSocket messages (count, bytes, 32 KB units) are counted on the client side.
 *
 * - Connections: players connect in steps (`capacityWatcherSteps`), and each watches the same place (the centre of
 *   the play area, where every measured fakémon spawns); each connect's usage (its $connect and its first
 *   `watch`) is measured alone.
 * - Captures: at each step, captures by one player, one at a time, each measured alone (the runtime
 *   settled before and after). Its usage is fitted against the connections that received its world update
 *   (fixed + per watcher), which is what grows with the player base without interest management and with
 *   the neighbourhood with it.
 * - Spawns: at each step, two runs of the spawn function (SPAWN_RUN_SIZE fakémon each), fitted the same way:
 *   each spawned fakémon is a world update to every connection.
 * - Losses: attempts on an already captured fakémon, one at a time.
 * - Race: concurrent attempts of different players on one fakémon; usage per attempt.
 * - Disconnects: every player closes; $disconnect usage per connection.
 *
 * Exactness: every measured capture delivers one result to its player and exactly one world update to
 * each connection (a spawn run, one per fakémon); the race has exactly one winner; nothing the handlers
 * did escaped the meter. A sample that a scheduled spawn ran into is measured again. With interest
 * management, a connection hears only the neighbourhood it watches: the watchers must then watch the
 * capture's cell, or these checks fail.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { loadEnvironments } from '../../modules/config/environments';
import type { LocalStack } from '../../local/runtime';
import { itemSize, type Item } from '../capacity/dynamodb-units';
import type { MeasuredUsage } from '../capacity/measured';
import { webSocketMessageUnits } from '../capacity/metering';
import { fitUsage, meanUsage, scaleUsage, total, usageDelta, type Usage } from '../capacity/usage';
import { AwsMeter } from '../lib/aws-meter';
import type { BenchContext } from '../lib/context';
import { clientConfigOf, gameResourcesOf, startDevRuntime } from '../lib/dev-runtime';
import type { StageReport } from '../lib/report';
import { signInLocalPlayers } from '../lib/players';
import { devWorld, spawnAt } from '../lib/world';
import { BenchPlayer } from '../lib/ws-player';
import { positionIn } from '../../handlers/src/shared/play-area';

const ATTEMPTS_PER_SAMPLE = 3;
/**
 * Fakémon per measured spawn run. One: the world updates of a larger run are broadcast by concurrent
 * invocations, and on the local runtime those share two cores, which AWS would not make them do. Per
 * fakémon, the model then counts the spawn function's own invocation once per fakémon: an upper bound.
 */
export const SPAWN_RUN_SIZE = 1;
/** Spawn runs measured at each step (two, so that the fit can tell a trend from scatter). */
const SPAWN_RUNS_PER_STEP = 2;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One measured capture attempt. */
interface Sample {
  readonly usage: Usage;
  /** Connections that received the world update. */
  readonly watchers: number;
  readonly outcome: string;
  readonly resultMessages: number;
  readonly worldMessageBytes: number[];
  readonly resultMessageBytes: number;
}

export async function capacityStage(ctx: BenchContext, report: StageReport): Promise<void> {
  const counts = ctx.counts;
  const steps = [...counts.capacityWatcherSteps].sort((a, b) => a - b);
  if (new Set(steps).size < 2) throw new Error(`capacityWatcherSteps needs two or more distinct steps, got ${steps.join(', ')}`);
  const prepared = await ctx.devStack();
  const dev = loadEnvironments({}).find((env) => env.name === 'dev');
  if (!dev) throw new Error('no dev environment');
  const runId = Date.now().toString(36);

  const meter = new AwsMeter({ namePrefix: `${dev.namePrefix}-` });
  ctx.progress('starting the local runtime (dev stack) with the AWS usage meter');
  const stack: LocalStack = await startDevRuntime(ctx, 'capacity-logs', {
    functionLogs: meter.functionLog,
    verbose: true, // the meter reads billed durations from the REPORT lines
  });
  meter.attach(stack.aws, stack.config.tables);
  const lambda = new LambdaClient(clientConfigOf(stack));
  const players: BenchPlayer[] = [];
  const settle = async (): Promise<void> => {
    await stack.aws.settled();
    await stack.webSocket.idle();
    await stack.aws.settled();
  };
  const received = (): number[] => players.map((p) => p.messageBytes.length);

  try {
    const { spawnFunction } = gameResourcesOf(stack);
    const captures = steps.length * counts.capacityCapturesPerStep;
    // Ids of one width: a log line's length must not grow with the step (the fit would take it for a per-watcher cost).
    const fakemon = Array.from({ length: 2 + (captures + 1) * ATTEMPTS_PER_SAMPLE }, (_, i) => `cap-${runId}-${String(i).padStart(4, '0')}`);
    let nextFakemon = 0;
    const takeFakemon = (): string => {
      const id = fakemon[nextFakemon++];
      if (!id) throw new Error('ran out of spawned fakémon');
      return id;
    };
    // Every measured fakémon spawns at one place that every connection watches: each world update reaches every
    // connection, so the fit spans 0 … the largest step of watchers.
    const here = positionIn(devWorld().playArea, 0.5, 0.5);
    ctx.progress(`spawning ${fakemon.length} fakémon at ${here.lat},${here.lng}`);
    await spawnAt(lambda, spawnFunction, fakemon, here);
    await settle();

    const post = async (player: BenchPlayer, id: string): Promise<string> => {
      const response = await fetch(`${stack.restUrl}/captures`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: player.token },
        body: JSON.stringify({ fakemon: id }),
      });
      const body = (await response.json().catch(() => ({}))) as { attemptId?: unknown };
      if (response.status !== 202 || typeof body.attemptId !== 'string') throw new Error(`POST /captures answered ${response.status}: ${JSON.stringify(body)}`);
      meter.count('apigw.restRequests', 1);
      return body.attemptId;
    };
    /** Client-side WebSocket usage since `before` (messages each player had then). */
    const countMessages = (before: readonly number[]): number[][] =>
      players.map((p, i) => {
        const sizes = p.messageBytes.slice(before[i] ?? 0);
        meter.count('apigw.wsOut', sizes.length);
        meter.count('apigw.wsOutBytes', sizes.reduce((a, b) => a + b, 0));
        meter.count('apigw.wsOutUnits', sizes.reduce((a, b) => a + webSocketMessageUnits(b), 0));
        return sizes;
      });
    /** Waits until the player has `n` results, the runtime has settled and no message is still arriving. */
    const quiesce = async (player: BenchPlayer, results: number): Promise<void> => {
      const deadline = Date.now() + 30_000;
      while (player.results.length < results && Date.now() < deadline) await sleep(5);
      await settle();
      let last = -1;
      for (let seen = received().reduce((a, b) => a + b, 0); seen !== last; seen = received().reduce((a, b) => a + b, 0)) {
        last = seen;
        await sleep(30);
      }
    };

    /** The usage of `action` alone, or undefined when a scheduled spawn ran into it. */
    const alone = async (action: () => Promise<void>): Promise<Usage | undefined> => {
      await settle();
      const before = meter.usage();
      await action();
      await settle();
      const usage = usageDelta(before, meter.usage());
      return total(usage, 'lambda.spawn.invocations') > 0 ? undefined : usage;
    };
    /** Connects players one at a time (the local runtime counts the wait for a free worker in a duration); each one's usage. */
    const connect = async (count: number): Promise<Usage[]> => {
      const usages: Usage[] = [];
      for (let i = 0; i < count; i++) {
        const name = `cap_${runId}_${String(players.length).padStart(4, '0')}`;
        // Signing in is not part of a connection's usage.
        const [token] = await signInLocalPlayers(stack, [name]);
        const usage = await alone(async () => {
          const player = await BenchPlayer.connect(stack.webSocketUrl, name, token as string);
          players.push(player);
          meter.count('apigw.connects', 1);
          const before = player.messageBytes.length;
          await player.watch(here);
          meter.count('apigw.wsIn', 1);
          const answer = player.messageBytes.slice(before);
          meter.count('apigw.wsOut', answer.length);
          meter.count('apigw.wsOutBytes', answer.reduce((a, b) => a + b, 0));
          meter.count('apigw.wsOutUnits', answer.reduce((a, b) => a + webSocketMessageUnits(b), 0));
        });
        if (usage) usages.push(usage);
      }
      return usages;
    };

    /** One capture attempt by `capturer` on `id`, measured alone. */
    const attempt = async (capturer: BenchPlayer, id: string): Promise<Sample> => {
      await settle();
      const usageBefore = meter.usage();
      const messagesBefore = received();
      const resultsBefore = capturer.results.length;
      await post(capturer, id);
      await quiesce(capturer, resultsBefore + 1);
      const sizes = countMessages(messagesBefore);
      const usage = usageDelta(usageBefore, meter.usage());
      const result = capturer.results[resultsBefore];
      const capturerIndex = players.indexOf(capturer);
      const world = sizes.flatMap((s, i) => (i === capturerIndex ? [] : s));
      const resultMessages = capturer.results.length - resultsBefore;
      const capturerSizes = sizes[capturerIndex] ?? [];
      const capturerWorld = capturerSizes.length - resultMessages;
      const capturerBytes = capturerSizes.reduce((a, b) => a + b, 0);
      const worldMean = world.length > 0 ? world.reduce((a, b) => a + b, 0) / world.length : 0;
      return {
        usage,
        watchers: world.length + Math.max(0, capturerWorld),
        outcome: result?.outcome ?? 'none',
        resultMessages,
        worldMessageBytes: world,
        resultMessageBytes: resultMessages === 1 ? capturerBytes - Math.max(0, capturerWorld) * worldMean : 0,
      };
    };
    /**
     * Measures one attempt; one that a scheduled spawn ran into is not an attempt alone and is measured
     * again (on a fresh fakémon for captures). Returns the sample, or why it is not what `expect` wants.
     */
    const measure = async (capturer: BenchPlayer, id: () => string, expect: (s: Sample) => string | undefined): Promise<Sample | string> => {
      for (let i = 0; i < ATTEMPTS_PER_SAMPLE; i++) {
        const sample = await attempt(capturer, id());
        if (total(sample.usage, 'lambda.spawn.invocations') > 0) continue;
        return expect(sample) ?? sample;
      }
      return `a scheduled spawn ran into each of ${ATTEMPTS_PER_SAMPLE} attempts`;
    };
    const problems: string[] = [];
    const keep = (samples: Sample[], result: Sample | string): void => {
      if (typeof result === 'string') problems.push(result);
      else samples.push(result);
    };

    /** One spawn run, measured alone; every connection must hear of each fakémon once. */
    const measureSpawnRun = async (): Promise<{ watchers: number; usage: Usage } | string> => {
      for (let i = 0; i < ATTEMPTS_PER_SAMPLE; i++) {
        await settle();
        const usageBefore = meter.usage();
        const messagesBefore = received();
        const result = await lambda.send(new InvokeCommand({ FunctionName: spawnFunction, Payload: Buffer.from(JSON.stringify({ count: SPAWN_RUN_SIZE, at: here })) }));
        if (result.FunctionError) return `spawn failed: ${Buffer.from(result.Payload ?? []).toString()}`;
        await quiesce(players[0] as BenchPlayer, 0);
        const sizes = countMessages(messagesBefore);
        const usage = usageDelta(usageBefore, meter.usage());
        if (total(usage, 'lambda.spawn.invocations') !== 1) continue;
        const heard = sizes.map((s) => s.length);
        if (heard.some((n) => n !== SPAWN_RUN_SIZE)) return `a spawn run of ${SPAWN_RUN_SIZE} reached the connections ${heard.join(', ')} times`;
        return { watchers: heard.length, usage };
      }
      return `a scheduled spawn ran into each of ${ATTEMPTS_PER_SAMPLE} spawn runs`;
    };

    ctx.progress('warm-up: 2 captures (not measured)');
    await connect(1);
    const capturer = players[0] as BenchPlayer;
    await post(capturer, takeFakemon());
    await post(capturer, takeFakemon());
    await quiesce(capturer, 2);

    const connects: Usage[] = [];
    const successes: Sample[] = [];
    const spawnRuns: Array<{ watchers: number; usage: Usage }> = [];
    for (const step of steps) {
      ctx.progress(`${step} connections: ${counts.capacityCapturesPerStep} captures and ${SPAWN_RUNS_PER_STEP} spawn runs, one at a time`);
      if (players.length < step) connects.push(...(await connect(step - players.length)));
      for (let i = 0; i < counts.capacityCapturesPerStep; i++) {
        keep(
          successes,
          await measure(capturer, takeFakemon, (s) => {
            if (s.outcome !== 'captured') return `outcome ${s.outcome}, expected captured (the dev stack's dodge probability is 0)`;
            if (s.resultMessages !== 1) return `${s.resultMessages} results reached the capturer`;
            if (s.watchers !== players.length) return `${s.watchers} of ${players.length} connections received the world update`;
            return undefined;
          }),
        );
      }
      for (let i = 0; i < SPAWN_RUNS_PER_STEP; i++) {
        const run = await measureSpawnRun();
        if (typeof run === 'string') problems.push(run);
        else spawnRuns.push(run);
      }
    }
    const captureProblems = problems.splice(0);
    report.check(
      'every measured capture: one result to its player, one world update to each connection (a spawn run: one per fakémon)',
      captureProblems.length === 0,
      captureProblems.length === 0 ? `${successes.length} captures and ${spawnRuns.length} spawn runs at ${[...new Set(successes.map((s) => s.watchers))].join(', ')} connections` : captureProblems.join(' | '),
    );

    ctx.progress(`${counts.capacityLosses} attempts on captured fakémon, one at a time`);
    const captured = fakemon.slice(2, 2 + successes.length);
    const losses: Sample[] = [];
    for (let i = 0; i < counts.capacityLosses; i++) {
      keep(
        losses,
        await measure(capturer, () => captured[i % captured.length] as string, (s) =>
          s.outcome === 'already_captured' && s.resultMessages === 1 && s.watchers === 0 ? undefined : `outcome ${s.outcome}, ${s.resultMessages} result(s), ${s.watchers} world update(s)`,
        ),
      );
    }
    report.check(
      'every attempt on a captured fakémon: already_captured to its player, no world update',
      problems.length === 0 && losses.length > 0,
      problems.length === 0 ? `${losses.length} attempts` : problems.join(' | '),
    );

    const racers = players.slice(0, Math.min(players.length, counts.capacityRaceAttempts));
    ctx.progress(`race: ${racers.length} players attempt one fakémon at once`);
    let raceUsage: Usage = {};
    let raceOutcomes: string[] = [];
    for (let i = 0; i < ATTEMPTS_PER_SAMPLE; i++) {
      await settle();
      const raceFakemon = takeFakemon();
      const raceBefore = meter.usage();
      const raceMessages = received();
      const raceResults = racers.map((p) => p.results.length);
      await Promise.all(racers.map((p) => post(p, raceFakemon)));
      for (const [j, p] of racers.entries()) await quiesce(p, (raceResults[j] ?? 0) + 1);
      countMessages(raceMessages);
      raceUsage = usageDelta(raceBefore, meter.usage());
      raceOutcomes = racers.map((p, j) => p.results[raceResults[j] ?? 0]?.outcome ?? 'none');
      if (total(raceUsage, 'lambda.spawn.invocations') === 0) break;
    }
    const tally: Record<string, number> = {};
    for (const o of raceOutcomes) tally[o] = (tally[o] ?? 0) + 1;
    report.check(
      `race: exactly one of ${racers.length} attempts on one fakémon wins`,
      tally.captured === 1 && (tally.already_captured ?? 0) === racers.length - 1,
      Object.entries(tally).map(([o, n]) => `${n}× ${o}`).join(', '),
    );

    const connectionsTable = stack.config.tables.find((t) => t.globalSecondaryIndexes.length > 0 && t.name.endsWith('-connections'));
    const connectionRecords = connectionsTable
      ? ((await stack.aws.services.dynamodb.client.call<{ Items?: Item[] }>('Scan', { TableName: connectionsTable.name, Limit: 50 })).Items ?? [])
      : [];

    ctx.progress(`closing ${players.length} connections, one at a time`);
    const closing = players.length;
    const disconnects: Usage[] = [];
    for (const player of players.splice(0)) {
      const usage = await alone(() => player.close());
      if (usage) disconnects.push(usage);
    }

    report.check('the meter sized every DynamoDB and EventBridge request', meter.errors.length === 0 && total(meter.usage(), 'dynamodb.unmetered.*') === 0, meter.errors.slice(0, 5).join(' | ') || 'no unmetered request');

    const mean = (xs: readonly number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
    const measured: MeasuredUsage = {
      capture: fitUsage(successes),
      spawnRun: fitUsage(spawnRuns),
      spawnRunSize: SPAWN_RUN_SIZE,
      loss: meanUsage(losses.map((s) => s.usage)),
      race: { attempts: racers.length, watchers: closing, perAttempt: scaleUsage(raceUsage, 1 / racers.length) },
      connect: meanUsage(connects),
      disconnect: meanUsage(disconnects),
      captureWatchers: successes.map((s) => s.watchers),
      losses: losses.length,
      bytes: {
        worldMessage: mean(successes.flatMap((s) => s.worldMessageBytes)),
        resultMessage: mean(successes.map((s) => s.resultMessageBytes)),
        connectionRecord: mean(connectionRecords.map(itemSize)),
      },
      architectures: functionArchitectures(prepared.stack.json, `${dev.namePrefix}-`),
    };

    const at = Math.max(...measured.captureWatchers);
    const perCapture = (pattern: string): { fixed: number; perWatcher: number } => ({
      fixed: total(measured.capture.fixed, pattern),
      perWatcher: total(measured.capture.perWatcher, pattern),
    });
    const figure = (name: string, unit: 'count' | 'ms', pattern: string): void => {
      const { fixed, perWatcher } = perCapture(pattern);
      report.figure({ name: `per capture: ${name}`, unit, value: fixed + perWatcher * at, note: `${fixed.toFixed(2)} + ${perWatcher.toFixed(4)} per watcher, at ${at} watchers (${successes.length} captures fitted)` });
    };
    figure('Lambda invocations', 'count', 'lambda.*.invocations');
    figure('Lambda billed duration', 'ms', 'lambda.*.billedMs');
    figure('DynamoDB read request units', 'count', 'dynamodb.*.rru');
    figure('DynamoDB write request units', 'count', 'dynamodb.*.wru');
    figure('PutEvents entries', 'count', 'events.putEntries');
    figure('EventBridge target invocations', 'count', 'events.invocations');
    figure('WebSocket messages', 'count', 'apigw.wsOut');
    report.figure({
      name: 'per attempt in a race: world-table units (hot item)',
      unit: 'count',
      value: total(measured.race.perAttempt, 'dynamodb.world.rru') + total(measured.race.perAttempt, 'dynamodb.world.wru'),
      note: `${total(measured.race.perAttempt, 'dynamodb.world.rru').toFixed(2)} RRU + ${total(measured.race.perAttempt, 'dynamodb.world.wru').toFixed(2)} WRU, ${racers.length} attempts`,
    });
    Object.assign(report.details, {
      capacity: measured,
      samples: { captures: successes, spawnRuns, losses, race: { outcomes: raceOutcomes, usage: raceUsage }, connects },
    });
  } finally {
    await Promise.all(players.map((p) => p.close()));
    lambda.destroy();
    await stack.stop();
  }
}

/** `architectures` of every aws_lambda_function in the synthesized stack, by role (name without the prefix). */
function functionArchitectures(json: unknown, namePrefix: string): Record<string, string> {
  const functions = ((json as { resource?: Record<string, Record<string, { function_name?: unknown; architectures?: unknown }>> }).resource ?? {}).aws_lambda_function ?? {};
  const result: Record<string, string> = {};
  for (const fn of Object.values(functions)) {
    if (typeof fn.function_name !== 'string') continue;
    const role = fn.function_name.startsWith(namePrefix) ? fn.function_name.slice(namePrefix.length) : fn.function_name;
    result[role] = Array.isArray(fn.architectures) && typeof fn.architectures[0] === 'string' ? fn.architectures[0] : 'x86_64';
  }
  return result;
}
