/**
 * Stage 6 — what the data dir's journal costs.
 *
 * The dev stack on `startLocalStack`, a fresh runtime per round, in memory (the baseline) and with a data dir
 * (every acknowledged delivery, asynchronous invocation and schedule occurrence journaled in SQLite before
 * it is acknowledged), alternating. Each round sends the same burst through the REST API, 16 requests in
 * flight: two thirds `POST /captures`, one third `POST /carts/{id}/items` (the requests of the crash test).
 * A warm-up of 16 requests starts the functions' workers first, then a pause lets the REST stage's token bucket
 * refill: the burst stays under the dev stage's throttling burst limit (200), so no request is throttled.
 *
 * Figures (median round): requests acknowledged per second (202s ÷ time to the last 202) and requests
 * processed per second (requests ÷ time from the first request until the runtime has settled: every capture
 * settled, every reminder scheduled, every notification sent), each with the journal against the same
 * burst in memory; and journal records written (warm-up included).
 *
 * Exactness, in both modes: every request answered 202, every capture has its attempt record and every
 * cart item its reminder schedule.
 */
import { mkdtempSync } from 'node:fs';
import * as path from 'node:path';
import { BatchGetItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { scheduleNameFor } from '../../handlers/src/cart-reminder/domain';
import { RuntimeDatabase } from '../../local/journal';
import type { BenchContext } from '../lib/context';
import { BENCH_CREDENTIALS, gameResourcesOf, startDevRuntime } from '../lib/dev-runtime';
import { postJson } from '../lib/http';
import type { StageReport } from '../lib/report';
import { interleave, median, now, perSecond } from '../lib/stats';
import { signInLocalPlayers } from '../lib/players';
import { withConcurrency } from '../lib/ws-player';

/** With the journal, at least this share of the in-memory throughput. */
export const MIN_JOURNAL_RATIO = 0.8;
const CONCURRENCY = 16;
/** Requests sent (and settled) before each measured burst, to start the functions' workers. */
const WARM_UP = CONCURRENCY;

type Request = { readonly kind: 'capture'; readonly fakemon: string } | { readonly kind: 'cart'; readonly cartId: string };

interface Round {
  readonly acknowledgedPerSecond: number;
  readonly processedPerSecond: number;
  readonly statuses: Record<string, number>;
  /** Captures without an attempt record and cart items without a schedule, once settled. */
  readonly lost: number;
  /** Journal records written (with a data dir). */
  readonly journalRecords?: number;
}

function burst(count: number, runId: string): Request[] {
  return Array.from({ length: count }, (_, i): Request => (i % 3 === 2 ? { kind: 'cart', cartId: `bench-cart-${runId}-${i}` } : { kind: 'capture', fakemon: `bench-fm-${runId}-${i}` }));
}

async function lostWork(endpoint: string, region: string, attemptIds: readonly string[], cartIds: readonly string[], tables: { attempts: string; group: string }): Promise<number> {
  const client = { endpoint, region, credentials: BENCH_CREDENTIALS };
  const dynamodb = new DynamoDBClient(client);
  const scheduler = new SchedulerClient(client);
  try {
    const found = new Set<string>();
    for (let i = 0; i < attemptIds.length; i += 100) {
      let keys = attemptIds.slice(i, i + 100).map((id) => ({ attemptId: { S: id } }));
      while (keys.length > 0) {
        const page = await dynamodb.send(new BatchGetItemCommand({ RequestItems: { [tables.attempts]: { Keys: keys, ProjectionExpression: 'attemptId' } } }));
        for (const item of page.Responses?.[tables.attempts] ?? []) found.add(String(item.attemptId?.S));
        keys = (page.UnprocessedKeys?.[tables.attempts]?.Keys as typeof keys | undefined) ?? [];
      }
    }
    const schedules = new Set<string>();
    let token: string | undefined;
    do {
      const page = await scheduler.send(new ListSchedulesCommand({ GroupName: tables.group, NextToken: token }));
      for (const schedule of page.Schedules ?? []) schedules.add(String(schedule.Name));
      token = page.NextToken;
    } while (token);
    return attemptIds.filter((id) => !found.has(id)).length + cartIds.filter((id) => !schedules.has(scheduleNameFor(id))).length;
  } finally {
    dynamodb.destroy();
    scheduler.destroy();
  }
}

async function runRound(ctx: BenchContext, journal: boolean, round: number): Promise<Round> {
  const runId = `${Date.now().toString(36)}${journal ? 'j' : 'm'}${round}`;
  const dataDir = journal ? mkdtempSync(path.join(ctx.tmpDir, 'durability-data-')) : undefined;
  const stack = await startDevRuntime(ctx, `durability-logs-${runId}`, { dataDir });
  let result: Omit<Round, 'journalRecords'>;
  try {
    const outputs = stack.config.outputs as Record<string, unknown>;
    const { attemptsTable } = gameResourcesOf(stack);
    // Signed-in players (a token each), taking turns: the requests of the burst are what is measured, not sign-ins.
    const tokens = await signInLocalPlayers(stack, Array.from({ length: CONCURRENCY }, (_, i) => `bench_${runId.replace(/[^a-z0-9]/g, '')}_${i}`));
    const send = (requests: readonly Request[]) =>
      withConcurrency(requests, CONCURRENCY, async (request, i) => {
        const token = tokens[i % tokens.length] as string;
        const response =
          request.kind === 'capture'
            ? await postJson(`${stack.restUrl}/captures`, { fakemon: request.fakemon }, token)
            : await postJson(`${stack.restUrl}/carts/${request.cartId}/items`, { product: 'potion', quantity: 1 }, token);
        return { request, status: response.status, attemptId: response.body.attemptId, at: now() };
      });
    // Warm workers first: the figure is about the journal, not about starting function workers.
    await send(burst(WARM_UP, `${runId}w`));
    await stack.aws.settled();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const requests = burst(ctx.counts.durabilityRequests, runId);
    const started = now();
    const answers = await send(requests);
    const lastAck = Math.max(...answers.map((answer) => answer.at));
    await stack.aws.settled();
    const settled = now();
    const statuses: Record<string, number> = {};
    for (const answer of answers) statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
    const accepted = answers.filter((answer) => answer.status === 202);
    const attemptIds = accepted.flatMap((answer) => (answer.request.kind === 'capture' ? [String(answer.attemptId)] : []));
    const cartIds = accepted.flatMap((answer) => (answer.request.kind === 'cart' ? [answer.request.cartId] : []));
    const lost = await lostWork(stack.awsEndpoint, stack.config.region, attemptIds, cartIds, {
      attempts: attemptsTable,
      group: String(outputs.cart_reminder_schedule_group),
    });
    result = {
      acknowledgedPerSecond: perSecond(accepted.length, lastAck - started),
      processedPerSecond: perSecond(requests.length, settled - started),
      statuses,
      lost,
    };
  } finally {
    await stack.stop();
  }
  return dataDir ? { ...result, journalRecords: journalRecordsWritten(dataDir) } : result;
}

/** Every record the journal ever appended (SQLite's AUTOINCREMENT counter), done or not. */
function journalRecordsWritten(dataDir: string): number {
  const database = RuntimeDatabase.open(dataDir);
  try {
    const row = database.connection.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'journal'").get() as { seq: number } | undefined;
    return row?.seq ?? 0;
  } finally {
    database.close();
  }
}

export async function durabilityStage(ctx: BenchContext, report: StageReport): Promise<void> {
  await ctx.devStack(); // synthesized once, before the rounds are timed
  const { durabilityRequests: requests, durabilityRounds: rounds } = ctx.counts;
  ctx.progress(`${rounds} round(s) of ${requests} requests, in memory then with a data dir`);
  const { a: memory, b: journal } = await interleave(
    rounds,
    async (round) => {
      ctx.progress(`round ${round + 1}/${rounds}: in memory`);
      return runRound(ctx, false, round);
    },
    async (round) => {
      ctx.progress(`round ${round + 1}/${rounds}: with a data dir (journal)`);
      return runRound(ctx, true, round);
    },
  );
  const medianOf = (runs: readonly Round[], pick: (run: Round) => number): number => median(runs.map(pick));
  report.figure({
    name: `burst of ${requests} requests with the journal: acknowledged (202)`,
    unit: 'per-second',
    value: medianOf(journal, (r) => r.acknowledgedPerSecond),
    baseline: { name: 'the same burst in memory', value: medianOf(memory, (r) => r.acknowledgedPerSecond) },
    target: { subject: 'ratio', op: '>=', threshold: MIN_JOURNAL_RATIO },
    note: `202s ÷ time to the last 202, ${CONCURRENCY} in flight; median of ${rounds} round(s), alternating`,
  });
  report.figure({
    name: `burst of ${requests} requests with the journal: processed`,
    unit: 'per-second',
    value: medianOf(journal, (r) => r.processedPerSecond),
    baseline: { name: 'the same burst in memory', value: medianOf(memory, (r) => r.processedPerSecond) },
    target: { subject: 'ratio', op: '>=', threshold: MIN_JOURNAL_RATIO },
    note: 'requests ÷ time until every delivery, invocation and schedule is done',
  });
  const records = medianOf(journal, (r) => r.journalRecords ?? 0);
  report.figure({
    name: `journal records written for ${WARM_UP} + ${requests} requests`,
    unit: 'count',
    value: records,
    note: `${(records / (WARM_UP + requests)).toFixed(1)} per request: event deliveries, asynchronous invocations and schedule occurrences, each written before it is acknowledged`,
  });
  for (const [mode, runs] of [['in memory', memory], ['with the journal', journal]] as const) {
    const statuses = runs.flatMap((run) => Object.entries(run.statuses).map(([status, count]) => `${count}× ${status}`));
    report.check(`${mode}: every request answered 202`, runs.every((run) => run.statuses['202'] === requests), statuses.join(', '));
    report.check(`${mode}: every capture has its attempt record, every cart item its schedule`, runs.every((run) => run.lost === 0), `lost: ${runs.map((run) => run.lost).join(', ')}`);
  }
  Object.assign(report.details, { requests, rounds, concurrency: CONCURRENCY, memory, journal });
}
