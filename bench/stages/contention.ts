/**
 * Stage 3 — capture under contention.
 *
 * N concurrent attempts on one fakémon through the capture handler (`makeHandler` with real SDK v3
 * clients) against the local AWS endpoint (`startLocalAws`: DynamoDB on dynalite with the dev stack's
 * tables, PutEvents to the stack's bus with its rules left out so nothing is delivered onwards). The
 * handler's configuration is the dev stack's capture function environment, with DODGE_PROBABILITY=0 so
 * every attempt contends (a dodge never touches the fakémon).
 *
 * Baseline, same run, same endpoint, same clients and concurrency: N raw conditional PutItems
 * (`attribute_not_exists`) on one key of the same world table — exactly one can succeed, like the
 * capture. Rounds alternate baseline and capture; each figure is the median over rounds.
 *
 * Exactness: every round must have exactly one winner (one `succeeded`, N−1 `already_captured`, one
 * collection entry, the world item captured by the winner) and no handler error.
 */
import { DynamoDBClient, PutItemCommand, ScanCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { InitializeMiddleware, MetadataBearer } from '@smithy/types';
import { randomUUID } from 'node:crypto';
import { loadCaptureConfig, type CaptureConfig } from '../../handlers/src/capture/config';
import { makeHandler, type CaptureResult } from '../../handlers/src/capture/handler';
import { catalog } from '../../handlers/src/events/catalog';
import { silentLogger } from '../../handlers/src/shared/logger';
import { startLocalAws, type LocalAws } from '../../local/aws';
import type { BenchContext } from '../lib/context';
import type { StageReport } from '../lib/report';
import { concurrentBatch, median, perSecond, summarize, type Summary } from '../lib/stats';

export const MIN_THROUGHPUT_RATIO = 0.5;
/** HTTP sockets of the shared SDK clients (the SDK's own default, made explicit): the wire concurrency of both sides. */
export const SOCKETS = 50;

interface RoundResult {
  readonly wallMs: number;
  readonly perSecond: number;
  readonly latency: Summary;
  readonly winners: number;
  readonly losers: number;
  readonly errors: number;
  readonly firstError?: string;
}

const CREDENTIALS = { accessKeyId: 'bench', secretAccessKey: 'bench' };

function captureAttemptEvent(player: string, fakemon: string): Record<string, unknown> {
  const id = randomUUID();
  return {
    version: '0',
    id,
    'detail-type': catalog.captureAttempt.detailType,
    source: catalog.captureAttempt.source,
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'us-east-1',
    resources: [],
    detail: { attemptId: id, player, fakemon },
  };
}

const errorText = (reason: unknown): string => (reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason));

export async function contentionStage(ctx: BenchContext, report: StageReport): Promise<void> {
  const n = ctx.counts.contentionAttempts;
  const rounds = ctx.counts.contentionRounds;
  const { config: stack } = await ctx.devStack();

  const captureFn = stack.functions.find((f) => f.environment.ATTEMPTS_TABLE !== undefined && f.environment.WORLD_TABLE !== undefined);
  if (!captureFn) throw new Error('the dev stack has no capture function (no function with WORLD_TABLE and ATTEMPTS_TABLE)');
  const config: CaptureConfig = loadCaptureConfig({ ...captureFn.environment, DODGE_PROBABILITY: '0' });

  ctx.progress(`local AWS endpoint with the dev stack's ${stack.tables.length} tables and ${stack.buses.length} bus(es) (rules left out)`);
  const aws: LocalAws = await startLocalAws({
    port: 0,
    accountId: stack.accountId,
    region: stack.region,
    tables: stack.tables,
    buses: stack.buses.map((b) => ({ ...b, rules: [], archives: [] })),
    functionLogs: 'silent',
    ttlSweepIntervalSeconds: 24 * 3600,
  });
  const clientConfig = {
    endpoint: aws.endpoint,
    region: stack.region,
    credentials: CREDENTIALS,
    // N requests queue on SOCKETS keep-alive sockets, for the baseline and the handler alike (no queue warning).
    requestHandler: { httpAgent: { maxSockets: SOCKETS }, socketAcquisitionWarningTimeout: 10 * 60_000 },
  };
  const dynamodb = new DynamoDBClient(clientConfig);
  const eventBridge = new EventBridgeClient(clientConfig);
  // Which calls a capture makes: counted per command while a capture round runs.
  let calls: Record<string, number> | undefined;
  const counter: InitializeMiddleware<object, MetadataBearer> = (next, context) => async (args) => {
    const name = context.commandName ?? '?';
    if (calls) calls[name] = (calls[name] ?? 0) + 1;
    return next(args);
  };
  dynamodb.middlewareStack.add(counter, { step: 'initialize', name: 'benchCallCounter' });
  eventBridge.middlewareStack.add(counter, { step: 'initialize', name: 'benchCallCounter' });
  const handler = makeHandler({ dynamodb, eventBridge, config, logger: silentLogger });

  const spawnWild = async (fakemon: string): Promise<void> => {
    await dynamodb.send(
      new PutItemCommand({
        TableName: config.worldTable,
        Item: {
          fakemonId: { S: fakemon },
          status: { S: 'wild' },
          species: { S: 'bench-owl' },
          expiresAt: { N: String(Math.floor(Date.now() / 1000) + 3600) },
        },
      }),
    );
  };

  const rawRound = async (count: number, key: string): Promise<RoundResult> => {
    const batch = await concurrentBatch(count, () =>
      dynamodb.send(
        new PutItemCommand({
          TableName: config.worldTable,
          Item: { fakemonId: { S: key }, status: { S: 'wild' }, species: { S: 'bench-owl' } },
          ConditionExpression: 'attribute_not_exists(#k)',
          ExpressionAttributeNames: { '#k': 'fakemonId' },
        }),
      ),
    );
    const winners = batch.results.filter((r) => r.status === 'fulfilled').length;
    const rejected = batch.results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    const losers = rejected.filter((r) => (r.reason as { name?: string })?.name === 'ConditionalCheckFailedException').length;
    const other = rejected.filter((r) => (r.reason as { name?: string })?.name !== 'ConditionalCheckFailedException');
    return {
      wallMs: batch.wallMs,
      perSecond: perSecond(count, batch.wallMs),
      latency: summarize(batch.latenciesMs),
      winners,
      losers,
      errors: other.length,
      ...(other[0] ? { firstError: errorText(other[0].reason) } : {}),
    };
  };

  const captureRound = async (count: number, fakemon: string): Promise<RoundResult & { dbCheck: string; dbOk: boolean; calls: Record<string, number> }> => {
    await spawnWild(fakemon);
    const events = Array.from({ length: count }, (_, i) => captureAttemptEvent(`bench_player_${i}`, fakemon));
    const roundCalls: Record<string, number> = {};
    calls = roundCalls;
    const batch = await concurrentBatch(count, (i) => handler(events[i]));
    calls = undefined;
    const fulfilled = batch.results.filter((r): r is PromiseFulfilledResult<CaptureResult> => r.status === 'fulfilled').map((r) => r.value);
    const winners = fulfilled.filter((r) => r.outcome === 'succeeded');
    const losers = fulfilled.filter((r) => r.outcome === 'failed' && r.reason === 'already_captured').length;
    const rejected = batch.results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    const unexpected = fulfilled.length - winners.length - losers;

    // What is stored must agree: one collection entry, the world item captured by the winner.
    const scan = await dynamodb.send(
      new ScanCommand({ TableName: config.collectionsTable, FilterExpression: 'fakemonId = :f', ExpressionAttributeValues: { ':f': { S: fakemon } }, ConsistentRead: true }),
    );
    const world = await dynamodb.send(new GetItemCommand({ TableName: config.worldTable, Key: { fakemonId: { S: fakemon } }, ConsistentRead: true }));
    const winnerPlayer = winners[0] ? (events[fulfilled.indexOf(winners[0])]?.detail as { player: string } | undefined)?.player : undefined;
    const entries = scan.Items ?? [];
    const dbOk =
      entries.length === 1 &&
      world.Item?.status?.S === 'captured' &&
      winners.length === 1 &&
      world.Item?.capturedBy?.S === entries[0]?.player?.S &&
      (winnerPlayer === undefined || entries[0]?.player?.S === winnerPlayer);
    return {
      wallMs: batch.wallMs,
      perSecond: perSecond(count, batch.wallMs),
      latency: summarize(batch.latenciesMs),
      winners: winners.length,
      losers,
      errors: rejected.length + unexpected,
      ...(rejected[0] ? { firstError: errorText(rejected[0].reason) } : unexpected > 0 ? { firstError: `${unexpected} unexpected outcome(s)` } : {}),
      calls: roundCalls,
      dbOk,
      dbCheck: `${entries.length} collection entr${entries.length === 1 ? 'y' : 'ies'}, world status ${world.Item?.status?.S ?? 'missing'} by ${world.Item?.capturedBy?.S ?? '—'}`,
    };
  };

  try {
    const runId = Date.now().toString(36);
    ctx.progress('warm-up (20 captures, 20 raw puts; not measured)');
    await rawRound(20, `bench-raw-warmup-${runId}`);
    await captureRound(20, `bench-fm-warmup-${runId}`);

    const raw: RoundResult[] = [];
    const captures: Array<Awaited<ReturnType<typeof captureRound>>> = [];
    for (let r = 0; r < rounds; r++) {
      ctx.progress(`round ${r + 1}/${rounds}: ${n} raw conditional PutItems, then ${n} concurrent captures of one fakémon`);
      raw.push(await rawRound(n, `bench-raw-${runId}-${r}`));
      captures.push(await captureRound(n, `bench-fm-${runId}-${r}`));
      const c = captures[captures.length - 1]!;
      ctx.progress(`round ${r + 1}/${rounds}: raw ${raw[r]!.perSecond.toFixed(0)}/s, capture ${c.perSecond.toFixed(0)}/s, winners ${c.winners}`);
    }

    const med = (xs: RoundResult[], f: (r: RoundResult) => number): number => median(xs.map(f));
    const lastCalls = captures[captures.length - 1]!.calls;
    report.figure({
      name: 'SDK calls per capture attempt',
      unit: 'count',
      value: Object.values(lastCalls).reduce((a, b) => a + b, 0) / n,
      baseline: { name: 'raw conditional PutItem', value: 1 },
      note: Object.entries(lastCalls)
        .map(([k, v]) => `${k} ${(v / n).toFixed(2)}`)
        .join(', '),
    });
    const roundsNote = `${n} concurrent, median of ${rounds} round(s)`;
    report.figure({
      name: `capture attempts/s (${roundsNote})`,
      unit: 'per-second',
      value: med(captures, (r) => r.perSecond),
      baseline: { name: 'raw conditional PutItem/s', value: med(raw, (r) => r.perSecond) },
      target: { subject: 'ratio', op: '>=', threshold: MIN_THROUGHPUT_RATIO },
      note: 'attempts ÷ wall time of the batch (all started in one tick)',
    });
    report.figure({
      name: 'capture latency p50',
      unit: 'ms',
      value: med(captures, (r) => r.latency.p50),
      baseline: { name: 'raw conditional PutItem p50', value: med(raw, (r) => r.latency.p50) },
    });
    report.figure({
      name: 'capture latency p99',
      unit: 'ms',
      value: med(captures, (r) => r.latency.p99),
      baseline: { name: 'raw conditional PutItem p99', value: med(raw, (r) => r.latency.p99) },
    });

    for (const [i, c] of captures.entries()) {
      report.check(
        `round ${i + 1}: exactly one winner of ${n}`,
        c.winners === 1 && c.losers === n - 1 && c.errors === 0 && c.dbOk,
        `${c.winners} winner(s), ${c.losers} already_captured, ${c.errors} error(s)${c.firstError ? ` (${c.firstError})` : ''}; ${c.dbCheck}`,
      );
    }
    for (const [i, r] of raw.entries()) {
      if (r.winners !== 1 || r.errors !== 0) {
        report.check(`baseline round ${i + 1}: exactly one conditional put wins`, false, `${r.winners} winner(s), ${r.losers} conditional failures, ${r.errors} error(s)${r.firstError ? ` (${r.firstError})` : ''}`);
      }
    }
    Object.assign(report.details, {
      attempts: n,
      rounds,
      /** 1 when every round had exactly one winner; otherwise the first round's count that was not 1. */
      winners: captures.find((c) => c.winners !== 1)?.winners ?? 1,
      winnersPerRound: captures.map((c) => c.winners),
      capture: captures,
      baseline: raw,
      callsPerRound: captures.map((c) => c.calls),
      method: `makeHandler + SDK v3 clients (${SOCKETS} keep-alive sockets, shared with the baseline) → startLocalAws (dynalite, the dev stack's tables); DODGE_PROBABILITY=0`,
    });
  } finally {
    dynamodb.destroy();
    eventBridge.destroy();
    await aws.stop();
  }
}
