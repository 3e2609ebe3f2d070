/**
 * The console's memory of what happened: the last N events on the buses with their matches, delivery attempts,
 * the invocations they caused and the dead letters they became, and counters since start-up. It is fed by the
 * runtime's observation stream and keeps at most `limit` events (the oldest go first), so memory stays bounded
 * however long the runtime runs.
 */
import type { Observed } from '../observe/observations';
import {
  targetKey,
  type ConsoleCounters,
  type DeadLetterMessage,
  type EventRecord,
  type EventStatus,
  type InvocationRecord,
  type TargetCounters,
  type TargetDelivery,
} from './shared/api';

/** What one observation changed. */
export interface LogChange {
  /** The event record it changed, if any. */
  readonly record?: EventRecord;
  /** Whether any counter changed. */
  readonly countersChanged: boolean;
}

/** Options of {@link EventLog}. */
export interface EventLogOptions {
  /** How many events to keep. @default 1000 */
  readonly limit?: number;
}

/** The default of {@link EventLogOptions.limit}. */
export const DEFAULT_EVENT_LIMIT = 1000;

const emptyTarget = (): TargetCounters => ({ attempts: 0, delivered: 0, failed: 0, retries: 0, deadLettered: 0, dropped: 0 });

/** The record key of an event: its id, and the replay's name for a replayed copy. */
export const recordKey = (eventId: string, replayName?: string): string => (replayName ? `${eventId}@${replayName}` : eventId);

export class EventLog {
  readonly limit: number;
  readonly counters: ConsoleCounters = { events: 0, rules: {}, targets: {}, functions: {}, deadLetterQueues: {}, schedules: {} };
  private readonly records = new Map<string, EventRecord>();
  /** Lambda request id → the record its payload came from. */
  private readonly requests = new Map<string, string>();

  constructor(options: EventLogOptions = {}) {
    const limit = options.limit ?? DEFAULT_EVENT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`the event log must keep at least 1 event, got ${limit}`);
    this.limit = limit;
  }

  /** Kept events, newest first. */
  list(): EventRecord[] {
    return [...this.records.values()].reverse();
  }

  get size(): number {
    return this.records.size;
  }

  get(key: string): EventRecord | undefined {
    return this.records.get(key);
  }

  /** Applies one observation. */
  apply(observed: Observed): LogChange {
    switch (observed.type) {
      case 'event.received': {
        this.counters.events += 1;
        const key = recordKey(observed.event.id, observed.event['replay-name']);
        // A bus target forwards the same event (same id) to another bus: the record follows it there.
        const record = this.records.get(key) ?? this.add({ key, busName: observed.busName, receivedAt: observed.at, event: observed.event, matches: [], invocations: [], deadLetters: [], status: 'unmatched' });
        return this.changed(record, true);
      }
      case 'rule.matched': {
        this.rule(observed.ruleArn).matched += 1;
        const record = this.records.get(recordKey(observed.eventId, observed.replayName));
        record?.matches.push({ ruleArn: observed.ruleArn, ruleName: observed.ruleName, targets: observed.targetArns.map((targetArn) => ({ targetArn, state: 'pending', attempts: [] })) });
        return this.changed(record, true);
      }
      case 'delivery.attempted': {
        const counters = this.target(observed.ruleArn, observed.targetArn);
        counters.attempts += 1;
        if (observed.outcome === 'delivered') counters.delivered += 1;
        else counters.failed += 1;
        const delivery = this.delivery(observed.eventId, observed.replayName, observed.ruleArn, observed.targetArn);
        if (delivery) {
          delivery.target.attempts.push({ attempt: observed.attempt, at: observed.at, outcome: observed.outcome, errorCode: observed.errorCode, errorMessage: observed.errorMessage });
          delivery.target.state = observed.outcome === 'delivered' ? 'delivered' : 'pending';
          delivery.target.retryInMs = undefined;
        }
        return this.changed(delivery?.record, true);
      }
      case 'delivery.retry-scheduled': {
        this.target(observed.ruleArn, observed.targetArn).retries += 1;
        const delivery = this.delivery(observed.eventId, observed.replayName, observed.ruleArn, observed.targetArn);
        if (delivery) {
          delivery.target.state = 'retrying';
          delivery.target.retryInMs = observed.delayMs;
        }
        return this.changed(delivery?.record, true);
      }
      case 'delivery.dead-lettered': {
        const counters = this.target(observed.ruleArn, observed.targetArn);
        if (observed.outcome === 'dlq') counters.deadLettered += 1;
        else counters.dropped += 1;
        const delivery = this.delivery(observed.eventId, observed.replayName, observed.ruleArn, observed.targetArn);
        if (delivery) {
          delivery.target.state = observed.outcome === 'dlq' ? 'dead-lettered' : 'dropped';
          delivery.target.retryInMs = undefined;
          delivery.target.failure = {
            errorCode: observed.errorCode,
            errorMessage: observed.errorMessage,
            retryAttempts: observed.retryAttempts,
            exhaustedRetryCondition: observed.exhaustedRetryCondition,
            deadLetterArn: observed.deadLetterArn,
          };
        }
        return this.changed(delivery?.record, true);
      }
      case 'lambda.started': {
        const fn = this.fn(observed.functionName);
        fn.invocations += 1;
        fn.running += 1;
        const key = this.requests.get(observed.requestId) ?? eventKeyOfPayload(observed.payload);
        const record = key ? this.records.get(key) : undefined;
        if (record) {
          this.requests.set(observed.requestId, record.key);
          const attempt = record.invocations.filter((i) => i.requestId === observed.requestId).length + 1;
          record.invocations.push({ functionName: observed.functionName, requestId: observed.requestId, attempt, startedAt: observed.at });
        }
        return this.changed(record, true);
      }
      case 'lambda.ended': {
        const fn = this.fn(observed.functionName);
        fn.running = Math.max(0, fn.running - 1);
        fn.totalDurationMs += observed.durationMs;
        if (!observed.ok) fn.errors += 1;
        const key = this.requests.get(observed.requestId);
        const record = key ? this.records.get(key) : undefined;
        const invocation = record?.invocations.filter((i) => i.requestId === observed.requestId && i.endedAt === undefined).pop();
        if (invocation) {
          const ended: Partial<InvocationRecord> = { endedAt: observed.at, ok: observed.ok, durationMs: observed.durationMs, errorType: observed.errorType, errorMessage: observed.errorMessage, logs: observed.logs };
          Object.assign(invocation, ended);
        }
        return this.changed(record, true);
      }
      case 'schedule.fired': {
        (this.counters.schedules[observed.scheduleArn] ??= { fired: 0 }).fired += 1;
        return { countersChanged: true };
      }
      default:
        return { countersChanged: false };
    }
  }

  /** Messages that arrived in a dead-letter queue: counted, and attached to the event they carry. */
  addDeadLetters(queueName: string, depth: number, arrivals: readonly DeadLetterMessage[]): EventRecord[] {
    const queue = (this.counters.deadLetterQueues[queueName] ??= { arrivals: 0, depth: 0 });
    queue.arrivals += arrivals.length;
    queue.depth = depth;
    const changed = new Set<EventRecord>();
    for (const message of arrivals) {
      const record = message.eventId ? this.records.get(recordKey(message.eventId, replayNameOf(message.body))) : undefined;
      if (!record) continue;
      record.deadLetters.push(message);
      record.status = statusOf(record);
      changed.add(record);
    }
    return [...changed];
  }

  private add(record: EventRecord): EventRecord {
    this.records.set(record.key, record);
    while (this.records.size > this.limit) {
      const [oldestKey, oldest] = this.records.entries().next().value as [string, EventRecord];
      this.records.delete(oldestKey);
      for (const invocation of oldest.invocations) this.requests.delete(invocation.requestId);
    }
    return record;
  }

  private changed(record: EventRecord | undefined, countersChanged: boolean): LogChange {
    if (record) record.status = statusOf(record);
    return { record, countersChanged };
  }

  private delivery(eventId: string, replayName: string | undefined, ruleArn: string, targetArn: string): { record: EventRecord; target: TargetDelivery } | undefined {
    const record = this.records.get(recordKey(eventId, replayName));
    // The latest match of the rule: a bus target can bring the same event to a rule twice.
    const match = record?.matches.filter((m) => m.ruleArn === ruleArn).pop();
    const target = match?.targets.find((t) => t.targetArn === targetArn);
    return record && target ? { record, target } : undefined;
  }

  private rule(ruleArn: string): { matched: number } {
    return (this.counters.rules[ruleArn] ??= { matched: 0 });
  }

  private target(ruleArn: string, targetArn: string): TargetCounters {
    return (this.counters.targets[targetKey(ruleArn, targetArn)] ??= emptyTarget());
  }

  private fn(name: string): ConsoleCounters['functions'][string] {
    return (this.counters.functions[name] ??= { invocations: 0, errors: 0, running: 0, totalDurationMs: 0 });
  }
}

/** Where an event stands (see {@link EventStatus}). */
export function statusOf(record: EventRecord): EventStatus {
  const targets = record.matches.flatMap((m) => m.targets);
  if (record.deadLetters.length > 0 || targets.some((t) => t.state === 'dead-lettered' || t.state === 'dropped')) return 'dead-lettered';
  const latest = new Map<string, InvocationRecord>();
  for (const invocation of record.invocations) latest.set(invocation.requestId, invocation);
  if (targets.some((t) => t.state === 'retrying') || [...latest.values()].some((i) => i.ok === false)) return 'retrying';
  if (targets.some((t) => t.state === 'pending') || [...latest.values()].some((i) => i.endedAt === undefined)) return 'in-flight';
  return record.matches.length === 0 ? 'unmatched' : 'delivered';
}

/** The record an invocation payload belongs to: an EventBridge event as a rule target receives it. */
export function eventKeyOfPayload(payload: string): string | undefined {
  if (!payload.startsWith('{') || !payload.includes('"detail-type"')) return undefined;
  try {
    const event = JSON.parse(payload) as { id?: unknown; 'detail-type'?: unknown; 'replay-name'?: unknown };
    if (typeof event.id !== 'string' || typeof event['detail-type'] !== 'string') return undefined;
    return recordKey(event.id, typeof event['replay-name'] === 'string' ? event['replay-name'] : undefined);
  } catch {
    return undefined;
  }
}

/** The replay name of the event inside a dead-letter body, if any. */
function replayNameOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { 'replay-name'?: unknown; requestPayload?: { 'replay-name'?: unknown } };
    const name = parsed['replay-name'] ?? parsed.requestPayload?.['replay-name'];
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}
