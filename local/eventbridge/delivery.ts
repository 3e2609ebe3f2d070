import { scaledDelayMs, type CancelTimer, type Clock } from '../clock';
import type { LocalTargetConfig } from '../aws/model';
import { decideRetry } from '../aws/retry';
import { MemoryJournal, type WorkJournal } from '../journal';
import type { ObservationStream } from '../observe';
import type { SqsMessageAttributeValue } from '../sqs/md5';
import type { EventEnvelope } from './envelope';
import { deliverToTarget, TargetDeliveryError, type TargetPorts } from './targets';

export interface EventBridgeCounters {
  /** Entries accepted by PutEvents. */
  put: number;
  /** Entries PutEvents rejected. */
  failedEntries: number;
  /** Rule matches (one per matching rule and event). */
  matched: number;
  /** Delivery attempts to targets. */
  invocations: number;
  /** Successful deliveries. */
  delivered: number;
  /** Failed delivery attempts (CloudWatch FailedInvocations). */
  failedInvocations: number;
  /** Retries scheduled. */
  retried: number;
  /** Events written to a target's dead-letter queue. */
  sentToDlq: number;
  /** Events whose dead-letter write failed. */
  failedToSendToDlq: number;
  /** Events dropped after failing without a dead-letter queue. */
  dropped: number;
  /** Events stored in archives. */
  archived: number;
  /** Events replayed. */
  replayed: number;
}

export function emptyCounters(): EventBridgeCounters {
  return {
    put: 0,
    failedEntries: 0,
    matched: 0,
    invocations: 0,
    delivered: 0,
    failedInvocations: 0,
    retried: 0,
    sentToDlq: 0,
    failedToSendToDlq: 0,
    dropped: 0,
    archived: 0,
    replayed: 0,
  };
}

/** A record of an event that ended in a DLQ or was dropped, for diagnostics. */
export interface FailedDelivery {
  readonly eventId: string;
  readonly ruleArn: string;
  readonly targetArn: string;
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly retryAttempts: number;
  readonly exhaustedRetryCondition?: string;
  readonly outcome: 'dlq' | 'dropped';
}

/** One event on its way to one target: what the journal keeps until the delivery is done. */
interface DeliveryState {
  readonly event: EventEnvelope;
  readonly input: string;
  readonly ruleArn: string;
  /** The target as it was configured when the event matched its rule. */
  readonly target: LocalTargetConfig;
  readonly ingestedAt: number;
  attempts: number;
  /** Real milliseconds spent in (scaled) backoff, and their nominal value. */
  scaledBackoffMs: number;
  nominalBackoffMs: number;
}

/** The journal record of a delivery: its state and when its next attempt is due (local clock, epoch ms). */
interface DeliveryRecord extends DeliveryState {
  readonly dueAt: number;
}

interface Job extends DeliveryState {
  readonly journalId: number;
}

export interface DeliveryEngineOptions {
  readonly clock: Clock;
  readonly timeScale: number;
  readonly ports: TargetPorts;
  /** Sends a dead-letter message to an SQS queue ARN (on behalf of the rule, which its queue policy must allow). */
  readonly sendToDeadLetterQueue: (arn: string, body: string, attributes: Record<string, SqsMessageAttributeValue>, ruleArn: string) => void | Promise<void>;
  readonly counters: EventBridgeCounters;
  readonly random?: () => number;
  /** Keeps every delivery from its dispatch until it is done. @default in memory (lost when the process stops) */
  readonly journal?: WorkJournal;
  /** Where attempts, retries and dead letters are reported (the console). @default nowhere */
  readonly observe?: ObservationStream;
}

/** How observations name a delivery. */
const jobRef = (job: Job): { eventId: string; replayName?: string; ruleArn: string; targetArn: string } => ({
  eventId: job.event.id,
  replayName: job.event['replay-name'],
  ruleArn: job.ruleArn,
  targetArn: job.target.arn,
});

/**
 * Delivers events to targets asynchronously and at least once: per-target retries with exponential
 * backoff bounded by the target's RetryPolicy, then its dead-letter queue (or the event is dropped).
 * Errors that cannot succeed on retry (missing resource, permissions, bad input) skip the retries.
 */
export class DeliveryEngine {
  readonly failures: FailedDelivery[] = [];
  private inFlight = 0;
  private readonly timers = new Set<CancelTimer>();
  private readonly idleWaiters: Array<() => void> = [];
  private readonly journal: WorkJournal;
  private stopped = false;

  constructor(private readonly options: DeliveryEngineOptions) {
    this.journal = options.journal ?? new MemoryJournal();
  }

  /**
   * Queues one delivery, journaled before this returns (so before PutEvents answers); the first attempt
   * runs on the next turn of the event loop.
   */
  dispatch(event: EventEnvelope, ruleArn: string, target: LocalTargetConfig, input: string): void {
    if (this.stopped) return;
    const now = this.options.clock.now().getTime();
    const state: DeliveryState = { event, input, ruleArn, target, ingestedAt: now, attempts: 0, scaledBackoffMs: 0, nominalBackoffMs: 0 };
    const record: DeliveryRecord = { ...state, dueAt: now };
    const job: Job = { ...state, journalId: this.journal.append('events.delivery', record) };
    this.inFlight += 1;
    setImmediate(() => {
      void this.attempt(job);
    });
  }

  /** Resumes the deliveries an earlier run journaled and did not finish, each when its next attempt is due. */
  recover(): number {
    const records = this.journal.pending<DeliveryRecord>('events.delivery');
    for (const { id, body } of records) {
      const { dueAt, ...state } = body;
      this.attemptAt({ ...state, journalId: id }, dueAt);
    }
    return records.length;
  }

  /** Pending work: deliveries running or waiting for a retry. */
  get pending(): number {
    return this.inFlight + this.timers.size;
  }

  whenIdle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    for (const cancel of this.timers) cancel();
    this.timers.clear();
    this.notifyIdle(true);
  }

  private async attempt(job: Job): Promise<void> {
    const counters = this.options.counters;
    try {
      if (this.stopped) return;
      job.attempts += 1;
      counters.invocations += 1;
      try {
        await deliverToTarget(this.options.ports, job.target, job.input, job.event, job.ruleArn);
        counters.delivered += 1;
        this.journal.complete(job.journalId);
        this.options.observe?.publish({ type: 'delivery.attempted', ...jobRef(job), attempt: job.attempts, outcome: 'delivered' });
        return;
      } catch (error) {
        counters.failedInvocations += 1;
        const failure = error instanceof TargetDeliveryError ? error : new TargetDeliveryError('INTERNAL_ERROR', String(error), true);
        this.options.observe?.publish({ type: 'delivery.attempted', ...jobRef(job), attempt: job.attempts, outcome: 'failed', errorCode: failure.code, errorMessage: failure.message });
        await this.handleFailure(job, failure);
      }
    } finally {
      this.inFlight -= 1;
      this.notifyIdle();
    }
  }

  private async handleFailure(job: Job, failure: TargetDeliveryError): Promise<void> {
    const retriesMade = job.attempts - 1;
    // Stopping with a data dir: the journal keeps the delivery for the next start.
    if (this.stopped && this.journal.durable) return;
    if (!failure.retryable) {
      await this.deadLetter(job, failure, retriesMade, undefined);
      return;
    }
    const now = this.options.clock.now().getTime();
    const nominalAgeSeconds = (now - job.ingestedAt - job.scaledBackoffMs + job.nominalBackoffMs) / 1000;
    const decision = decideRetry(job.target.retryPolicy, retriesMade, nominalAgeSeconds, this.options.random);
    if (!decision.retry || this.stopped) {
      await this.deadLetter(job, failure, retriesMade, decision.exhausted);
      return;
    }
    const nominalMs = (decision.delaySeconds ?? 0) * 1000;
    const scaledMs = scaledDelayMs(decision.delaySeconds ?? 0, this.options.timeScale);
    job.nominalBackoffMs += nominalMs;
    job.scaledBackoffMs += scaledMs;
    this.options.counters.retried += 1;
    const { journalId, ...state } = job;
    this.journal.update(journalId, { ...state, dueAt: now + scaledMs } satisfies DeliveryRecord);
    this.options.observe?.publish({ type: 'delivery.retry-scheduled', ...jobRef(job), attempt: job.attempts, delayMs: scaledMs });
    this.attemptAt(job, now + scaledMs);
  }

  private attemptAt(job: Job, at: number): void {
    const cancel = this.options.clock.setTimer(new Date(at), () => {
      this.timers.delete(cancel);
      this.inFlight += 1;
      void this.attempt(job);
    });
    this.timers.add(cancel);
  }

  private async deadLetter(
    job: Job,
    failure: TargetDeliveryError,
    retriesMade: number,
    exhausted: 'MaximumRetryAttempts' | 'MaximumEventAgeInSeconds' | undefined,
  ): Promise<void> {
    const counters = this.options.counters;
    const record: Omit<FailedDelivery, 'outcome'> = {
      eventId: job.event.id,
      ruleArn: job.ruleArn,
      targetArn: job.target.arn,
      errorCode: failure.code,
      errorMessage: failure.message,
      retryAttempts: retriesMade,
      exhaustedRetryCondition: exhausted,
    };
    const dlq = job.target.deadLetterArn;
    if (!dlq) {
      counters.dropped += 1;
      this.recordFailure(job, { ...record, outcome: 'dropped' });
      this.journal.complete(job.journalId);
      return;
    }
    const attributes: Record<string, SqsMessageAttributeValue> = {
      RULE_ARN: { DataType: 'String', StringValue: job.ruleArn },
      TARGET_ARN: { DataType: 'String', StringValue: job.target.arn },
      ERROR_CODE: { DataType: 'String', StringValue: failure.code },
      ERROR_MESSAGE: { DataType: 'String', StringValue: failure.message.slice(0, 1024) || failure.code },
      RETRY_ATTEMPTS: { DataType: 'String', StringValue: String(retriesMade) },
    };
    if (exhausted) attributes.EXHAUSTED_RETRY_CONDITION = { DataType: 'String', StringValue: exhausted };
    try {
      await this.options.sendToDeadLetterQueue(dlq, JSON.stringify(job.event), attributes, job.ruleArn);
      counters.sentToDlq += 1;
      this.recordFailure(job, { ...record, outcome: 'dlq' });
    } catch {
      counters.failedToSendToDlq += 1;
      counters.dropped += 1;
      this.recordFailure(job, { ...record, outcome: 'dropped' });
    }
    this.journal.complete(job.journalId);
  }

  /** Records (and reports) how a delivery ended when it did not succeed. */
  private recordFailure(job: Job, failure: FailedDelivery): void {
    this.failures.push(failure);
    this.options.observe?.publish({ type: 'delivery.dead-lettered', ...failure, replayName: job.event['replay-name'], deadLetterArn: job.target.deadLetterArn });
  }

  private notifyIdle(force = false): void {
    if (!force && this.pending > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
