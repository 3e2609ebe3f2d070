import { randomInt } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { createDynamoDbClient } from '../adapters/dynamodb';
import { CaptureStore } from '../adapters/capture-store';
import { createEventBridgeClient, eventBridgePublisher } from '../adapters/eventbridge';
import { isContractViolation } from '../events/contract-violation';
import { parseEvent, toPutEventsEntry } from '../events/envelope';
import { epochSeconds, systemClock, type Clock } from '../shared/clock';
import { sleep } from '../shared/concurrency';
import type { LambdaContext } from '../shared/lambda';
import { lazy } from '../shared/lazy';
import { createLogger, type Logger } from '../shared/logger';
import { loadCaptureConfig, type CaptureConfig } from './config';
import {
  emitsResult,
  failedRecord,
  interpretCancellation,
  isDodged,
  isSameAttempt,
  judgeRead,
  outcomeEvents,
  succeededRecord,
  type AttemptRecord,
} from './domain';

export interface CaptureDeps {
  readonly dynamodb: DynamoDBClient;
  readonly eventBridge: EventBridgeClient;
  readonly config: CaptureConfig;
  /** @default system clock */
  readonly clock?: Clock;
  /** @default JSON logger on stdout */
  readonly logger?: Logger;
  /** Transaction attempts on TransactionConflict before giving up (the event is then retried). @default 8 */
  readonly maxTransactionAttempts?: number;
  /** Pause before retrying a conflicted transaction. @default 10–60 ms, growing */
  readonly backoff?: (attempt: number) => Promise<void>;
  /** The dodge roll of an attempt, a number in [0, 1). @default cryptographically random */
  readonly dodgeRoll?: () => number;
}

export interface CaptureResult {
  readonly attemptId: string;
  /** `discarded`: the attempt id belongs to another player's attempt; nothing was done or emitted. */
  readonly outcome: 'succeeded' | 'failed' | 'discarded';
  readonly reason?: string;
  /** True when the attempt had been processed before (a redelivery or an archive replay). */
  readonly replayed: boolean;
  /** Whether the outcome was put on the bus (not for an archive replay of a settled attempt). */
  readonly emitted: boolean;
}

/** Raised when the transaction keeps conflicting; EventBridge/Lambda retries the event. */
export class TransientCaptureError extends Error {
  override readonly name = 'TransientCaptureError';
}

const defaultBackoff = (attempt: number): Promise<void> => sleep(10 * attempt + Math.floor(Math.random() * 50));
const ROLL_RANGE = 2 ** 47;
const randomRoll = (): number => randomInt(ROLL_RANGE) / ROLL_RANGE;

/** How an attempt was settled: its record (new or stored), or a record of another player under its id. */
type Settlement = { readonly record: AttemptRecord; readonly replayed: boolean } | { readonly taken: AttemptRecord };

export function makeHandler(deps: CaptureDeps): (event: unknown, context?: LambdaContext) => Promise<CaptureResult> {
  const clock = deps.clock ?? systemClock;
  const baseLogger = deps.logger ?? createLogger({ function: 'capture' });
  const { config } = deps;
  const store = new CaptureStore(deps.dynamodb, {
    world: config.worldTable,
    collections: config.collectionsTable,
    attempts: config.attemptsTable,
  });
  const publisher = eventBridgePublisher(deps.eventBridge);
  const maxAttempts = deps.maxTransactionAttempts ?? 8;
  const backoff = deps.backoff ?? defaultBackoff;
  const dodgeRoll = deps.dodgeRoll ?? randomRoll;

  /** The outcome a previous delivery stored, unless the id was taken by another player's attempt. */
  const reuse = (stored: AttemptRecord, attempt: { player: string }): Settlement =>
    isSameAttempt(stored, attempt) ? { record: stored, replayed: true } : { taken: stored };

  /** Records a failed attempt, or returns the record a previous delivery stored. */
  async function recordFailure(record: AttemptRecord): Promise<Settlement> {
    if (await store.recordAttempt(record)) return { record, replayed: false };
    const stored = await store.getAttempt(record.attemptId);
    if (!stored) throw new Error(`attempt ${record.attemptId} exists but could not be read back`);
    return reuse(stored, record);
  }

  async function decide(attempt: { attemptId: string; player: string; fakemon: string }, now: Date, log: Logger): Promise<Settlement> {
    const nowEpoch = epochSeconds(now);
    const expiresAt = nowEpoch + config.attemptTtlSeconds;
    if (isDodged(dodgeRoll(), config.dodgeProbability)) {
      return recordFailure(failedRecord(attempt, 'dodged', expiresAt));
    }
    const world = await store.getWorld(attempt.fakemon);
    const read = judgeRead(world, nowEpoch);
    if (read.kind === 'unavailable') return recordFailure(failedRecord(attempt, read.reason, expiresAt));
    if (read.kind === 'flee') {
      // The first attempt to find it fled announces it; the rest record `fled` like any other loser.
      const announced = world?.cell !== undefined && (await store.markFled(attempt.fakemon, nowEpoch));
      return recordFailure(failedRecord(attempt, 'fled', expiresAt, announced && world?.cell ? { fledIn: world.cell } : undefined));
    }
    const success = succeededRecord(attempt, now, expiresAt, world?.cell);
    for (let i = 1; i <= maxAttempts; i++) {
      const result = await store.commitCapture(success, world?.species, nowEpoch);
      if (result.committed) return { record: success, replayed: false };
      const verdict = interpretCancellation(result, nowEpoch);
      switch (verdict.kind) {
        case 'already_recorded': {
          const stored = verdict.record ?? (await store.getAttempt(attempt.attemptId));
          if (!stored) throw new Error(`attempt ${attempt.attemptId} exists but could not be read back`);
          return reuse(stored, attempt);
        }
        case 'unavailable':
          return recordFailure(failedRecord(attempt, verdict.reason, expiresAt));
        case 'retry':
          log.debug('capture transaction cancelled, retrying', { codes: verdict.codes, transactionAttempt: i });
          if (i < maxAttempts) await backoff(i);
      }
    }
    throw new TransientCaptureError(`capture transaction for attempt ${attempt.attemptId} still conflicting after ${maxAttempts} attempts`);
  }

  return async (event, context) => {
    let log = baseLogger.child(context?.awsRequestId ? { awsRequestId: context.awsRequestId } : {});
    try {
      const parsed = parseEvent('captureAttempt', event);
      const attempt = parsed.detail;
      log = log.child({ attemptId: attempt.attemptId, correlationId: attempt.attemptId, eventId: parsed.id, player: attempt.player, fakemon: attempt.fakemon });
      const settlement = await decide(attempt, clock(), log);
      if ('taken' in settlement) {
        log.warn('capture attempt discarded: its attempt id belongs to another player', { owner: settlement.taken.player });
        return { attemptId: attempt.attemptId, outcome: 'discarded', reason: 'attempt_id_taken', replayed: false, emitted: false };
      }
      const { record, replayed } = settlement;
      const emitted = emitsResult(replayed, typeof (event as Record<string, unknown>)['replay-name'] === 'string');
      if (emitted) {
        await publisher.publish(outcomeEvents(record).map((e) => toPutEventsEntry(e.name, e.detail, config.eventBusName)));
      }
      const result: CaptureResult = {
        attemptId: record.attemptId,
        outcome: record.outcome,
        ...(record.reason ? { reason: record.reason } : {}),
        replayed,
        emitted,
      };
      log.info(record.outcome === 'succeeded' ? 'capture succeeded' : 'capture failed', {
        outcome: record.outcome,
        reason: record.reason,
        replayed,
        emitted,
      });
      return result;
    } catch (error) {
      log.error(isContractViolation(error) ? 'capture attempt rejected: contract violation' : 'capture attempt failed', { error });
      throw error;
    }
  };
}

const wired = lazy(() =>
  makeHandler({
    dynamodb: createDynamoDbClient(),
    eventBridge: createEventBridgeClient(),
    config: loadCaptureConfig(),
  }),
);

/** The Lambda entry point (`index.handler`): EventBridge `fakemon.capture_attempt` events. */
export const handler = async (event: unknown, context?: LambdaContext): Promise<CaptureResult> => wired()(event, context);
