/**
 * What the console's server sends its page: plain JSON types, imported by both sides (type-only in the page).
 */
import type { ArchitectureGraph } from '../../architecture/model';
import type { EventEnvelope } from '../../eventbridge/envelope';
import type { Observed } from '../../observe/observations';
import type { ScheduleOverview } from '../../scheduler/model';

export type { ArchitectureGraph, EventEnvelope, Observed, ScheduleOverview };

/** Where the console lives on the AWS endpoint. */
export const CONSOLE_PATH = '/_local/console';

/** One attempt to deliver an event to a target. */
export interface AttemptRecord {
  readonly attempt: number;
  /** ISO 8601 (local clock). */
  readonly at: string;
  readonly outcome: 'delivered' | 'failed';
  readonly errorCode?: string;
  readonly errorMessage?: string;
}

/** How a delivery to one target ended, or where it stands. */
export type TargetState = 'pending' | 'delivered' | 'retrying' | 'dead-lettered' | 'dropped';

/** An event's deliveries to one target of a matching rule. */
export interface TargetDelivery {
  readonly targetArn: string;
  state: TargetState;
  readonly attempts: AttemptRecord[];
  /** Local milliseconds until the next attempt, while retrying. */
  retryInMs?: number;
  /** Why the delivery failed for good, and where the event went. */
  failure?: {
    readonly errorCode: string;
    readonly errorMessage: string;
    readonly retryAttempts: number;
    readonly exhaustedRetryCondition?: string;
    readonly deadLetterArn?: string;
  };
}

/** A rule that matched an event. */
export interface RuleMatch {
  readonly ruleArn: string;
  readonly ruleName: string;
  readonly targets: TargetDelivery[];
}

/** A function invocation that received the event (one per attempt of an asynchronous invocation). */
export interface InvocationRecord {
  readonly functionName: string;
  readonly requestId: string;
  /** 1 for the first attempt of the request id. */
  readonly attempt: number;
  readonly startedAt: string;
  endedAt?: string;
  ok?: boolean;
  durationMs?: number;
  errorType?: string;
  errorMessage?: string;
  logs?: readonly string[];
}

/** How a message reached a dead-letter queue. */
export type DeadLetterSource =
  | { readonly kind: 'rule'; readonly ruleArn: string; readonly targetArn?: string }
  | { readonly kind: 'function'; readonly functionArn: string; readonly condition?: string }
  | { readonly kind: 'schedule'; readonly scheduleArn: string }
  | { readonly kind: 'queue'; readonly sourceQueueArn: string }
  | { readonly kind: 'unknown' };

/** A message of a dead-letter queue, as read (not received) from the queue. */
export interface DeadLetterMessage {
  readonly queueName: string;
  readonly messageId: string;
  /** ISO 8601: when it was sent. */
  readonly sentAt: string;
  readonly receiveCount: number;
  /** The message attributes (ERROR_CODE, ERROR_MESSAGE, RULE_ARN…) as strings. */
  readonly attributes: Readonly<Record<string, string>>;
  /** What `npm run redrive` reads as the error: the attributes, or a Lambda failure record's condition and error. */
  readonly errors: Readonly<Record<string, string>>;
  readonly source: DeadLetterSource;
  /** The event inside (EventBridge DLQ message or a Lambda failure record's request payload). */
  readonly eventId?: string;
  readonly detailType?: string;
  readonly body: string;
}

/** One event on a bus and everything that happened to it. */
export interface EventRecord {
  /** The event id, with `@<replay-name>` for a replayed copy. */
  readonly key: string;
  readonly busName: string;
  readonly receivedAt: string;
  readonly event: EventEnvelope;
  readonly matches: RuleMatch[];
  readonly invocations: InvocationRecord[];
  readonly deadLetters: DeadLetterMessage[];
  status: EventStatus;
}

/**
 * Where an event stands: no rule matched it; deliveries or invocations still running; a delivery retrying or a
 * function attempt failed (Lambda retries); something went to a dead-letter queue or was dropped; all delivered.
 */
export type EventStatus = 'unmatched' | 'in-flight' | 'retrying' | 'dead-lettered' | 'delivered';

/** Counts of one target of one rule. */
export interface TargetCounters {
  attempts: number;
  delivered: number;
  failed: number;
  retries: number;
  deadLettered: number;
  dropped: number;
}

/** Everything the console counts since the runtime started (not limited to the events it keeps). */
export interface ConsoleCounters {
  events: number;
  /** By rule ARN. */
  readonly rules: Record<string, { matched: number }>;
  /** By `<rule ARN> <target ARN>`. */
  readonly targets: Record<string, TargetCounters>;
  /** By function name. */
  readonly functions: Record<string, { invocations: number; errors: number; running: number; totalDurationMs: number }>;
  /** By queue name. */
  readonly deadLetterQueues: Record<string, { arrivals: number; depth: number }>;
  /** By schedule ARN. */
  readonly schedules: Record<string, { fired: number }>;
}

/** The key of a target in {@link ConsoleCounters.targets}. */
export const targetKey = (ruleArn: string, targetArn: string): string => `${ruleArn} ${targetArn}`;

/** The local clock. */
export interface ClockState {
  readonly now: string;
  readonly offsetMs: number;
}

/** What the page gets first on the stream. */
export interface Snapshot {
  /** Newest first. */
  readonly records: readonly EventRecord[];
  readonly counters: ConsoleCounters;
  readonly clock: ClockState;
  /** How many events the log keeps. */
  readonly eventLimit: number;
}

/** One message of the console's server-sent event stream. */
export type StreamMessage =
  | ({ readonly kind: 'snapshot' } & Snapshot)
  | {
      readonly kind: 'observation';
      readonly observation: Observed;
      /** The event records the observation changed. */
      readonly records?: readonly EventRecord[];
      /** Present when the observation changed them. */
      readonly counters?: ConsoleCounters;
      /** Messages that arrived in a dead-letter queue with this observation. */
      readonly deadLetters?: readonly DeadLetterMessage[];
    }
  | { readonly kind: 'mailbox' };

/** What the page needs to know about the stack. */
export interface StackInfo {
  readonly stackName: string;
  readonly region: string;
  readonly accountId: string;
  readonly awsEndpoint: string;
  readonly restUrl?: string;
  readonly webSocketUrl?: string;
  readonly buses: readonly string[];
  readonly graph: ArchitectureGraph;
}

/** One event of the catalog with the JSON Schema of its detail. */
export interface CatalogEvent {
  readonly name: string;
  readonly source: string;
  readonly detailType: string;
  readonly description: string;
  /** Draft-04 JSON Schema of the detail (the schema the API models and the schema registry use). */
  readonly detailSchema: Record<string, unknown>;
}

/** POST `api/events`. */
export interface SendEventRequest {
  readonly busName: string;
  readonly source: string;
  readonly detailType: string;
  readonly detail: unknown;
}

/** The answer to {@link SendEventRequest}. */
export type SendEventResponse = { readonly eventId: string } | { readonly error: string; readonly problems?: readonly string[] };

/** A dead-letter queue and its messages. */
export interface DeadLetterQueueView {
  readonly name: string;
  readonly arn: string;
  readonly url: string;
  /** The bus a redrive puts the events back on. */
  readonly busName: string;
  readonly messages: readonly DeadLetterMessage[];
}

/** What a redrive did (the totals of `npm run redrive`). */
export interface RedriveResult {
  readonly read: number;
  readonly redriven: number;
  readonly leftBehind: number;
  /** Redriven events that failed again and came back while the redrive ran (counted in `leftBehind`). */
  readonly returned: number;
}

/** A table the console can browse. */
export interface TableInfo {
  readonly name: string;
  readonly hashKey: string;
  readonly rangeKey?: string;
}

/** One page of a Scan. */
export interface TablePage {
  readonly table: string;
  readonly items: ReadonlyArray<Record<string, unknown>>;
  /** Pass back as `next` for the following page; absent on the last page. */
  readonly next?: string;
  readonly scannedCount: number;
}

/** An e-mail the local SES accepted. */
export interface MailMessage {
  readonly id: string;
  readonly timestamp: string;
  readonly source: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text?: string;
  readonly html?: string;
}

/** GET `api/mailbox`. */
export type MailboxView = { readonly available: false } | { readonly available: true; readonly messages: readonly MailMessage[] };
