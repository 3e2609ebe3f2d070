/** Props of the event-bus construct: camelCase, typed, converted once to the module's snake_case inputs. */

/** An EventBridge event pattern, given as an object and serialized once. */
export type EventPattern = Readonly<Record<string, unknown>>;

/** How often and for how long EventBridge retries a target before giving up. */
export interface RetryPolicy {
  /** Seconds an event may wait for a successful delivery (60–86400). */
  readonly maximumEventAgeSeconds: number;
  /** Retries after the first attempt (0–185). */
  readonly maximumRetryAttempts: number;
}

/** An SQS queue as the construct needs it (an `SqsQueue` resource fits). */
export interface QueueRef {
  /** Queue ARN. */
  readonly arn: string;
  /** Queue URL, for its queue policy. */
  readonly url: string;
}

/** A Lambda function as the construct needs it (a `LambdaFunction` resource fits). */
export interface FunctionRef {
  /** Function ARN. */
  readonly arn: string;
  /** Function name, for its resource-based permission. */
  readonly functionName: string;
}

/** A CloudWatch log group as the construct needs it (a `CloudwatchLogGroup` resource fits). */
export interface LogGroupRef {
  /** Log group ARN (without the `:*` suffix). */
  readonly arn: string;
  /** Log group name. */
  readonly name: string;
}

/** Rewrites the event before delivery. */
export interface InputTransformer {
  /** JSON paths into the event, by variable name. */
  readonly inputPaths: Readonly<Record<string, string>>;
  /** Template with `<variable>` placeholders. */
  readonly inputTemplate: string;
}

interface TargetCommon {
  /** Target name: unique across every rule of the bus (the module keys targets by it). */
  readonly name: string;
  /** Optional rewrite of the delivered event. @default the whole event */
  readonly inputTransformer?: InputTransformer;
}

/** A Lambda target: delivery failures go to its dead-letter queue after its retry policy. */
export interface LambdaTarget extends TargetCommon {
  readonly kind: 'lambda';
  /** The function invoked. */
  readonly function: FunctionRef;
  /** Where undeliverable events go. Required. */
  readonly deadLetterQueue: QueueRef;
  /** Retry policy. Required. */
  readonly retryPolicy: RetryPolicy;
}

/** An SQS target: the queue receives the event; delivery failures go to the dead-letter queue. */
export interface SqsTarget extends TargetCommon {
  readonly kind: 'sqs';
  /** The queue that receives events. */
  readonly queue: QueueRef;
  /** Where undeliverable events go. Required. */
  readonly deadLetterQueue: QueueRef;
  /** Retry policy. Required. */
  readonly retryPolicy: RetryPolicy;
}

/** A CloudWatch Logs target, e.g. the catch-all debug log. */
export interface LogGroupTarget extends TargetCommon {
  readonly kind: 'log-group';
  /** The log group that receives events. */
  readonly logGroup: LogGroupRef;
  /** Where undeliverable events go. @default none */
  readonly deadLetterQueue?: QueueRef;
  /** Retry policy. @default EventBridge's (24 hours, 185 attempts) */
  readonly retryPolicy?: RetryPolicy;
}

/** Any target the construct supports. */
export type EventBusTarget = LambdaTarget | SqsTarget | LogGroupTarget;

/** A rule on the bus. */
export interface EventBusRule {
  /** What the rule is for. */
  readonly description: string;
  /** The event pattern. */
  readonly eventPattern: EventPattern;
  /** Whether the rule is enabled. @default true */
  readonly enabled?: boolean;
  /** Where matching events go (at most five per rule, as EventBridge allows). */
  readonly targets: readonly EventBusTarget[];
}

/** An archive of the bus's events, for replay. */
export interface EventBusArchive {
  /** What the archive keeps. */
  readonly description: string;
  /** Days to keep events; 0 keeps them indefinitely. */
  readonly retentionDays: number;
  /** Only events matching this pattern are archived. @default every event */
  readonly eventPattern?: EventPattern;
}

/** What an EventBridge Scheduler schedule invokes. */
export type ScheduleTarget =
  | { readonly kind: 'lambda'; readonly function: FunctionRef }
  | { readonly kind: 'event-bus'; readonly busArn: string; readonly detailType: string; readonly source: string };

/** A recurring EventBridge Scheduler schedule ("serverless cron"). */
export interface EventBusSchedule {
  /** What the schedule does. */
  readonly description: string;
  /** Key of the schedule group (in `scheduleGroups`) that holds it. */
  readonly group: string;
  /** `rate(...)`, `cron(...)` or `at(...)`. */
  readonly scheduleExpression: string;
  /** What it invokes. */
  readonly target: ScheduleTarget;
  /** JSON input passed to the target. @default none */
  readonly input?: string;
  /** Where failed invocations go. Required. */
  readonly deadLetterQueue: QueueRef;
  /** Retry policy. Required. */
  readonly retryPolicy: RetryPolicy;
  /** Whether the schedule runs. @default true */
  readonly enabled?: boolean;
}

/** A schedule group. */
export interface EventBusScheduleGroup {
  /** Full name of the group. */
  readonly name: string;
}
