/**
 * What the local runtime reports as it works: one typed union for every emulator, so a tool (the console) can
 * follow an event from the bus through its rules, deliveries, retries and dead-letter queues, and see functions,
 * queues, schedules and the clock change. Plain data only: an observation can be sent to a browser as JSON.
 */
import type { EventEnvelope } from '../eventbridge/envelope';

/** An event reached a bus and is about to be matched (PutEvents, a bus target, a replay). */
export interface EventReceived {
  readonly type: 'event.received';
  readonly busName: string;
  readonly event: EventEnvelope;
}

/** A rule's pattern matched an event; one delivery per target follows. */
export interface RuleMatched {
  readonly type: 'rule.matched';
  readonly busName: string;
  readonly eventId: string;
  /** Set on replayed events. */
  readonly replayName?: string;
  readonly ruleArn: string;
  readonly ruleName: string;
  readonly targetArns: readonly string[];
}

/** One attempt to deliver an event to one target of a rule. */
export interface DeliveryAttempted {
  readonly type: 'delivery.attempted';
  readonly eventId: string;
  readonly replayName?: string;
  readonly ruleArn: string;
  readonly targetArn: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly outcome: 'delivered' | 'failed';
  /** EventBridge's error code (`THROTTLING`, `NO_PERMISSIONS`…) when the attempt failed. */
  readonly errorCode?: string;
  readonly errorMessage?: string;
}

/** A failed delivery will be attempted again after `delayMs` (local, scaled milliseconds). */
export interface DeliveryRetryScheduled {
  readonly type: 'delivery.retry-scheduled';
  readonly eventId: string;
  readonly replayName?: string;
  readonly ruleArn: string;
  readonly targetArn: string;
  /** The attempt that failed. */
  readonly attempt: number;
  readonly delayMs: number;
}

/** A delivery failed for good: the event went to the target's dead-letter queue, or was dropped. */
export interface DeliveryDeadLettered {
  readonly type: 'delivery.dead-lettered';
  readonly eventId: string;
  readonly replayName?: string;
  readonly ruleArn: string;
  readonly targetArn: string;
  readonly outcome: 'dlq' | 'dropped';
  readonly deadLetterArn?: string;
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly retryAttempts: number;
  /** `MaximumRetryAttempts` or `MaximumEventAgeInSeconds` when the retry policy ran out. */
  readonly exhaustedRetryCondition?: string;
}

/** A function invocation started (synchronous or one attempt of an asynchronous one: same request id). */
export interface InvocationStarted {
  readonly type: 'lambda.started';
  readonly functionName: string;
  readonly requestId: string;
  /** The payload, cut at {@link MAX_OBSERVED_TEXT} characters. */
  readonly payload: string;
}

/** A function invocation ended. */
export interface InvocationEnded {
  readonly type: 'lambda.ended';
  readonly functionName: string;
  readonly requestId: string;
  readonly ok: boolean;
  readonly durationMs: number;
  readonly errorType?: string;
  readonly errorMessage?: string;
  /** The invocation's last log lines. */
  readonly logs: readonly string[];
}

/** A queue's messages changed (sent, received, deleted, moved to a dead-letter queue, expired). */
export interface QueueChanged {
  readonly type: 'queue.changed';
  readonly queueName: string;
  readonly queueArn: string;
}

/** A schedule fired (one occurrence started). */
export interface ScheduleFired {
  readonly type: 'schedule.fired';
  readonly scheduleArn: string;
  readonly groupName: string;
  readonly name: string;
  readonly targetArn: string;
  /** ISO 8601 time the occurrence was scheduled for. */
  readonly scheduledAt: string;
  readonly executionId: string;
}

/** Schedules were created, updated, deleted, fired or completed. */
export interface SchedulesChanged {
  readonly type: 'schedules.changed';
}

/** The local clock was moved (`/_local/clock/advance`, `/_local/clock/set`). */
export interface ClockChanged {
  readonly type: 'clock.changed';
  /** ISO 8601. */
  readonly now: string;
  readonly offsetMs: number;
}

/** Anything the runtime reports. */
export type Observation =
  | EventReceived
  | RuleMatched
  | DeliveryAttempted
  | DeliveryRetryScheduled
  | DeliveryDeadLettered
  | InvocationStarted
  | InvocationEnded
  | QueueChanged
  | ScheduleFired
  | SchedulesChanged
  | ClockChanged;

/** An observation as listeners get it: numbered and stamped with the local clock. */
export type Observed = Observation & {
  /** 1, 2, 3… in the order of publication. */
  readonly seq: number;
  /** ISO 8601 local-clock time of publication. */
  readonly at: string;
};

/** Texts (payloads) in observations are cut at this many characters. */
export const MAX_OBSERVED_TEXT = 64 * 1024;

/** Log lines an {@link InvocationEnded} keeps (the last ones). */
export const MAX_OBSERVED_LOG_LINES = 40;
