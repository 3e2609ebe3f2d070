import { randomUUID } from 'node:crypto';
import { scaledDelayMs, type CancelTimer, type Clock } from '../clock';
import type { LocalFunctionConfig } from '../aws/model';
import type { JournalRecord, WorkJournal } from '../journal';
import type { InvocationOutcome } from './runner';

/** One event accepted by an asynchronous (InvocationType Event) invoke. */
export interface AsyncEvent {
  readonly requestId: string;
  readonly payload: string;
  readonly receivedAt: number;
  attempts: number;
  readyAt: number;
  lastOutcome?: InvocationOutcome;
  cancelExpiry?: CancelTimer;
  readonly journalId: number;
}

/** The journal record of an asynchronous invocation, from its 202 until it is done. */
export interface AsyncInvocationRecord {
  readonly functionName: string;
  readonly requestId: string;
  readonly payload: string;
  readonly receivedAt: number;
  readonly attempts: number;
  /** When it may run (local clock, epoch ms): now, or after a retry's delay. */
  readonly readyAt: number;
  readonly lastOutcome?: InvocationOutcome;
}

/** The record Lambda sends to an on-success / on-failure destination. */
export interface DestinationRecord {
  version: '1.0';
  timestamp: string;
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: 'Success' | 'RetriesExhausted' | 'EventAgeExceeded';
    approximateInvokeCount: number;
  };
  requestPayload: unknown;
  responseContext?: { statusCode: number; executedVersion: string; functionError?: string };
  responsePayload?: unknown;
}

export interface AsyncQueueHooks {
  readonly clock: Clock;
  readonly timeScale: number;
  /** Keeps each event from its acceptance until it is done. */
  readonly journal: WorkJournal;
  /** Current function configuration (reserved concurrency may change at any time). */
  readonly config: () => LocalFunctionConfig;
  /** Invocations currently running for the function. */
  readonly inFlight: () => number;
  readonly invoke: (event: AsyncEvent) => Promise<InvocationOutcome>;
  readonly sendToDestination: (arn: string, record: DestinationRecord) => Promise<void>;
  readonly onRetry: () => void;
  readonly onDropped: (record: DestinationRecord) => void;
  readonly onDestination: (arn: string, record: DestinationRecord) => void;
  readonly onDestinationError: (arn: string, error: unknown) => void;
}

/** Nominal delays between asynchronous retries of a failed function (Lambda: 1 minute, then 2 minutes). */
export const ASYNC_RETRY_DELAYS_SECONDS = [60, 120];

/**
 * Lambda's internal queue for asynchronous invocations: events wait while the function is throttled,
 * function errors are retried `asyncRetryAttempts` times (default 2), and exhausted or expired events
 * go to the on-failure destination.
 */
export class AsyncInvocationQueue {
  private readonly queue: AsyncEvent[] = [];
  private readonly timers = new Set<CancelTimer>();
  private readonly expiries = new Set<AsyncEvent>();
  private running = 0;
  private stopped = false;
  private readonly idleWaiters: Array<() => void> = [];

  constructor(private readonly hooks: AsyncQueueHooks) {}

  get pending(): number {
    return this.queue.length + this.running + this.timers.size;
  }

  /** Accepts an event: journaled before this returns (so before Invoke answers 202). */
  enqueue(payload: string): AsyncEvent {
    const now = this.hooks.clock.now().getTime();
    const requestId = randomUUID();
    const journalId = this.hooks.journal.append('lambda.async', this.recordOf({ requestId, payload, receivedAt: now, attempts: 0, readyAt: now }));
    const event: AsyncEvent = { requestId, payload, receivedAt: now, attempts: 0, readyAt: now, journalId };
    this.queue.push(event);
    this.armExpiry(event);
    queueMicrotask(() => this.pump());
    return event;
  }

  /** Takes back an event an earlier run journaled and did not finish; it runs when it is ready. */
  restore(record: JournalRecord<AsyncInvocationRecord>): void {
    const { requestId, payload, receivedAt, attempts, readyAt, lastOutcome } = record.body;
    const event: AsyncEvent = { requestId, payload, receivedAt, attempts, readyAt, lastOutcome, journalId: record.id };
    this.armExpiry(event);
    this.schedule(new Date(readyAt), () => {
      this.queue.push(event);
      this.pump();
    });
  }

  /** Starts every ready event the function's concurrency allows. */
  pump(): void {
    if (this.stopped) return;
    const config = this.hooks.config();
    const now = this.hooks.clock.now().getTime();
    for (const event of [...this.queue]) {
      if (event.readyAt > now) continue;
      if (this.isExpired(event, now)) {
        this.remove(event);
        this.running += 1;
        void this.fail(event, 'EventAgeExceeded').finally(() => {
          this.running -= 1;
          this.checkIdle();
        });
        continue;
      }
      const limit = config.reservedConcurrency;
      if (limit !== undefined && this.hooks.inFlight() >= limit) break;
      this.remove(event);
      this.run(event);
    }
    this.checkIdle();
  }

  /** Resolves once nothing is queued, running or waiting for a retry. */
  whenIdle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    for (const cancel of this.timers) cancel();
    this.timers.clear();
    for (const event of this.expiries) event.cancelExpiry?.();
    this.expiries.clear();
    this.queue.splice(0);
    this.checkIdle(true);
  }

  private run(event: AsyncEvent): void {
    this.running += 1;
    event.attempts += 1;
    void this.hooks
      .invoke(event)
      .then(async (outcome) => {
        event.lastOutcome = outcome;
        const config = this.hooks.config();
        if (outcome.ok) {
          this.finished(event);
          if (config.onSuccessDestinationArn) await this.send(config.onSuccessDestinationArn, this.record(event, 'Success'));
          this.hooks.journal.complete(event.journalId);
          return;
        }
        // Stopping with a data dir: the journal keeps the event for the next start.
        if (this.stopped && this.hooks.journal.durable) return;
        const maxRetries = config.asyncRetryAttempts ?? 2;
        if (event.attempts <= maxRetries && !this.stopped) {
          const nominal = ASYNC_RETRY_DELAYS_SECONDS[Math.min(event.attempts - 1, ASYNC_RETRY_DELAYS_SECONDS.length - 1)];
          const at = new Date(this.hooks.clock.now().getTime() + scaledDelayMs(nominal, this.hooks.timeScale));
          this.hooks.journal.update(event.journalId, this.recordOf({ ...event, readyAt: at.getTime() }));
          this.hooks.onRetry();
          this.schedule(at, () => {
            event.readyAt = this.hooks.clock.now().getTime();
            this.queue.push(event);
            this.pump();
          });
          return;
        }
        await this.fail(event, 'RetriesExhausted');
      })
      .finally(() => {
        this.running -= 1;
        this.pump();
      });
  }

  private async fail(event: AsyncEvent, condition: 'RetriesExhausted' | 'EventAgeExceeded'): Promise<void> {
    this.finished(event);
    const record = this.record(event, condition);
    const arn = this.hooks.config().onFailureDestinationArn;
    if (arn) await this.send(arn, record);
    else this.hooks.onDropped(record);
    this.hooks.journal.complete(event.journalId);
  }

  private recordOf(event: Omit<AsyncInvocationRecord, 'functionName'>): AsyncInvocationRecord {
    const { requestId, payload, receivedAt, attempts, readyAt, lastOutcome } = event;
    // The function's log lines are not needed to resume the event.
    return { functionName: this.hooks.config().name, requestId, payload, receivedAt, attempts, readyAt, ...(lastOutcome ? { lastOutcome: { ...lastOutcome, logs: [] } } : {}) };
  }

  private async send(arn: string, record: DestinationRecord): Promise<void> {
    try {
      await this.hooks.sendToDestination(arn, record);
      this.hooks.onDestination(arn, record);
    } catch (error) {
      this.hooks.onDestinationError(arn, error);
    }
  }

  private record(event: AsyncEvent, condition: DestinationRecord['requestContext']['condition']): DestinationRecord {
    const config = this.hooks.config();
    const outcome = event.lastOutcome;
    const record: DestinationRecord = {
      version: '1.0',
      timestamp: this.hooks.clock.now().toISOString(),
      requestContext: {
        requestId: event.requestId,
        functionArn: `${config.arn}:$LATEST`,
        condition,
        approximateInvokeCount: event.attempts,
      },
      requestPayload: parseOrRaw(event.payload),
    };
    if (outcome) {
      record.responseContext = { statusCode: 200, executedVersion: '$LATEST', ...(outcome.ok ? {} : { functionError: 'Unhandled' }) };
      record.responsePayload = outcome.ok ? parseOrRaw(outcome.payload) : outcome.error;
    }
    return record;
  }

  private isExpired(event: AsyncEvent, now: number): boolean {
    const maxAge = this.hooks.config().asyncMaxEventAgeSeconds ?? 21_600;
    return now - event.receivedAt >= maxAge * 1000;
  }

  private armExpiry(event: AsyncEvent): void {
    const maxAge = this.hooks.config().asyncMaxEventAgeSeconds ?? 21_600;
    this.expiries.add(event);
    event.cancelExpiry = this.hooks.clock.setTimer(new Date(event.receivedAt + maxAge * 1000), () => {
      this.expiries.delete(event);
      if (this.queue.includes(event)) this.pump();
    });
  }

  private finished(event: AsyncEvent): void {
    event.cancelExpiry?.();
    this.expiries.delete(event);
  }

  private schedule(at: Date, fn: () => void): void {
    const cancel = this.hooks.clock.setTimer(at, () => {
      this.timers.delete(cancel);
      fn();
    });
    this.timers.add(cancel);
  }

  private remove(event: AsyncEvent): void {
    const index = this.queue.indexOf(event);
    if (index >= 0) this.queue.splice(index, 1);
  }

  private checkIdle(force = false): void {
    if (!force && this.pending > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}

function parseOrRaw(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
