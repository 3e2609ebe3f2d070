/** The Scheduler API shapes (restJson1, PascalCase) as stored and returned. */
export interface ScheduleTarget {
  Arn: string;
  RoleArn: string;
  Input?: string;
  EventBridgeParameters?: { DetailType: string; Source: string };
  SqsParameters?: { MessageGroupId?: string };
  RetryPolicy: { MaximumEventAgeInSeconds: number; MaximumRetryAttempts: number };
  DeadLetterConfig?: { Arn?: string };
}

export interface FlexibleTimeWindow {
  Mode: 'OFF' | 'FLEXIBLE';
  MaximumWindowInMinutes?: number;
}

export interface ScheduleRecord {
  name: string;
  groupName: string;
  arn: string;
  description?: string;
  scheduleExpression: string;
  scheduleExpressionTimezone: string;
  startDate?: number;
  endDate?: number;
  flexibleTimeWindow: FlexibleTimeWindow;
  actionAfterCompletion: 'NONE' | 'DELETE';
  state: 'ENABLED' | 'DISABLED';
  target: ScheduleTarget;
  kmsKeyArn?: string;
  creationDate: number;
  lastModificationDate: number;
  clientToken?: string;
  /** Defined by the stack's configuration rather than created through the API. */
  fromConfig: boolean;
  /** Scheduled time (epoch ms) of the last occurrence started. */
  lastScheduledAt?: number;
  /** A one-time schedule that has run (or a recurring one past its end date). */
  completed?: boolean;
}

export interface ScheduleGroupRecord {
  name: string;
  arn: string;
  creationDate: number;
  lastModificationDate: number;
  tags: Array<{ Key: string; Value: string }>;
}

export const DEFAULT_RETRY_POLICY = { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 };

/** A schedule as `SchedulerService.overview` lists it. */
export interface ScheduleOverview {
  readonly arn: string;
  readonly name: string;
  readonly groupName: string;
  readonly expression: string;
  readonly timezone: string;
  readonly state: 'ENABLED' | 'DISABLED';
  readonly targetArn: string;
  /** Defined by the stack (not created through the API). */
  readonly fromStack: boolean;
  readonly actionAfterCompletion: 'NONE' | 'DELETE';
  /** ISO 8601; absent when the schedule is disabled or has no occurrence left. */
  readonly nextFireAt?: string;
  /** ISO 8601 scheduled time of the last occurrence started. */
  readonly lastFiredAt?: string;
}
