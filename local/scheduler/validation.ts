import { AwsServiceError, validationError } from '../aws/errors';
import { parseScheduleExpression, ScheduleExpressionError } from './expression';
import { DEFAULT_RETRY_POLICY, type FlexibleTimeWindow, type ScheduleTarget } from './model';
import { isValidTimeZone } from './timezone';

const NAME = /^[0-9a-zA-Z-_.]+$/;

function constraint(value: unknown, member: string, text: string): AwsServiceError {
  return validationError(`1 validation error detected: Value '${String(value)}' at '${member}' failed to satisfy constraint: ${text}`);
}

export function validateName(value: unknown, member: string): string {
  if (typeof value !== 'string' || value.length === 0) throw constraint(value, member, 'Member must not be null');
  if (value.length > 64) throw constraint(value, member, 'Member must have length less than or equal to 64');
  if (!NAME.test(value)) throw constraint(value, member, 'Member must satisfy regular expression pattern: [0-9a-zA-Z-_.]+');
  return value;
}

export function validateClientToken(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length < 1 || value.length > 64 || !/^[a-zA-Z0-9-_]+$/.test(value)) {
    throw constraint(value, 'clientToken', 'Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+');
  }
  return value;
}

export interface ScheduleInput {
  readonly scheduleExpression: string;
  readonly scheduleExpressionTimezone: string;
  readonly startDate?: number;
  readonly endDate?: number;
  readonly flexibleTimeWindow: FlexibleTimeWindow;
  readonly actionAfterCompletion: 'NONE' | 'DELETE';
  readonly state: 'ENABLED' | 'DISABLED';
  readonly target: ScheduleTarget;
  readonly description?: string;
  readonly kmsKeyArn?: string;
}

function timestamp(value: unknown, member: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return value * 1000;
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return Date.parse(value);
  throw constraint(value, member, 'Member must be a timestamp');
}

/** Validates the body of CreateSchedule / UpdateSchedule (the shapes the API takes). */
export function validateScheduleInput(body: Record<string, unknown>): ScheduleInput {
  const expression = body.ScheduleExpression;
  if (typeof expression !== 'string' || expression.length === 0) throw constraint(expression, 'scheduleExpression', 'Member must not be null');
  if (expression.length > 256) throw constraint(expression, 'scheduleExpression', 'Member must have length less than or equal to 256');
  const timeZone = body.ScheduleExpressionTimezone === undefined ? 'UTC' : body.ScheduleExpressionTimezone;
  if (typeof timeZone !== 'string' || !isValidTimeZone(timeZone)) throw validationError(`Invalid time zone: ${String(timeZone)}.`);
  try {
    parseScheduleExpression(expression, timeZone);
  } catch (error) {
    if (error instanceof ScheduleExpressionError) throw validationError(error.message);
    throw error;
  }

  const window = body.FlexibleTimeWindow as Record<string, unknown> | undefined;
  if (!window || typeof window !== 'object') throw constraint(window, 'flexibleTimeWindow', 'Member must not be null');
  if (window.Mode !== 'OFF' && window.Mode !== 'FLEXIBLE') {
    throw constraint(window.Mode, 'flexibleTimeWindow.mode', 'Member must satisfy enum value set: [OFF, FLEXIBLE]');
  }
  const maxWindow = window.MaximumWindowInMinutes;
  if (window.Mode === 'FLEXIBLE') {
    if (typeof maxWindow !== 'number' || !Number.isInteger(maxWindow) || maxWindow < 1 || maxWindow > 1440) {
      throw validationError('MaximumWindowInMinutes must be between 1 and 1440 when Mode is FLEXIBLE.');
    }
  }

  const actionAfterCompletion = body.ActionAfterCompletion ?? 'NONE';
  if (actionAfterCompletion !== 'NONE' && actionAfterCompletion !== 'DELETE') {
    throw constraint(actionAfterCompletion, 'actionAfterCompletion', 'Member must satisfy enum value set: [NONE, DELETE]');
  }
  const state = body.State ?? 'ENABLED';
  if (state !== 'ENABLED' && state !== 'DISABLED') throw constraint(state, 'state', 'Member must satisfy enum value set: [ENABLED, DISABLED]');
  const description = body.Description;
  if (description !== undefined && (typeof description !== 'string' || description.length > 512)) {
    throw constraint(description, 'description', 'Member must have length less than or equal to 512');
  }

  const startDate = timestamp(body.StartDate, 'startDate');
  const endDate = timestamp(body.EndDate, 'endDate');
  if (startDate !== undefined && endDate !== undefined && endDate <= startDate) {
    throw validationError('The EndDate you specify must be after the StartDate.');
  }

  return {
    scheduleExpression: expression,
    scheduleExpressionTimezone: timeZone,
    startDate,
    endDate,
    flexibleTimeWindow: window.Mode === 'FLEXIBLE' ? { Mode: 'FLEXIBLE', MaximumWindowInMinutes: maxWindow as number } : { Mode: 'OFF' },
    actionAfterCompletion,
    state,
    target: validateTarget(body.Target),
    description: description as string | undefined,
    kmsKeyArn: typeof body.KmsKeyArn === 'string' ? body.KmsKeyArn : undefined,
  };
}

function validateTarget(value: unknown): ScheduleTarget {
  if (!value || typeof value !== 'object') throw constraint(value, 'target', 'Member must not be null');
  const target = value as Record<string, unknown>;
  if (typeof target.Arn !== 'string' || target.Arn.length === 0 || target.Arn.length > 1600) {
    throw constraint(target.Arn, 'target.arn', 'Member must not be null');
  }
  if (typeof target.RoleArn !== 'string' || !/^arn:aws(-[a-z]+)?:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(target.RoleArn)) {
    throw constraint(target.RoleArn, 'target.roleArn', 'Member must satisfy regular expression pattern: ^arn:aws(-[a-z]+)?:iam::\\d{12}:role\\/[\\w+=,.@\\/-]+$');
  }
  if (target.Input !== undefined && (typeof target.Input !== 'string' || target.Input.length === 0)) {
    throw constraint(target.Input, 'target.input', 'Member must have length greater than or equal to 1');
  }
  const retry = (target.RetryPolicy ?? {}) as Record<string, unknown>;
  const maxAge = retry.MaximumEventAgeInSeconds ?? DEFAULT_RETRY_POLICY.MaximumEventAgeInSeconds;
  const maxAttempts = retry.MaximumRetryAttempts ?? DEFAULT_RETRY_POLICY.MaximumRetryAttempts;
  if (typeof maxAge !== 'number' || !Number.isInteger(maxAge) || maxAge < 60 || maxAge > 86_400) {
    throw constraint(maxAge, 'target.retryPolicy.maximumEventAgeInSeconds', 'Member must have value between 60 and 86400');
  }
  if (typeof maxAttempts !== 'number' || !Number.isInteger(maxAttempts) || maxAttempts < 0 || maxAttempts > 185) {
    throw constraint(maxAttempts, 'target.retryPolicy.maximumRetryAttempts', 'Member must have value between 0 and 185');
  }
  const dlq = target.DeadLetterConfig as Record<string, unknown> | undefined;
  if (dlq?.Arn !== undefined && (typeof dlq.Arn !== 'string' || !/^arn:aws(-[a-z]+)?:sqs:[a-z0-9-]+:\d{12}:[a-zA-Z0-9\-_]+$/.test(dlq.Arn))) {
    throw constraint(dlq.Arn, 'target.deadLetterConfig.arn', 'Member must satisfy regular expression pattern: ^arn:aws(-[a-z]+)?:sqs:[a-z0-9\\-]+:\\d{12}:[a-zA-Z0-9\\-_]+$');
  }
  const eventBridge = target.EventBridgeParameters as Record<string, unknown> | undefined;
  if (/^arn:aws[a-z-]*:events:[^:]*:\d{12}:event-bus\//.test(target.Arn)) {
    if (!eventBridge || typeof eventBridge.DetailType !== 'string' || typeof eventBridge.Source !== 'string') {
      throw validationError('EventBridgeParameters with DetailType and Source are required for an EventBridge event bus target.');
    }
  }
  const result: ScheduleTarget = {
    Arn: target.Arn,
    RoleArn: target.RoleArn,
    RetryPolicy: { MaximumEventAgeInSeconds: maxAge, MaximumRetryAttempts: maxAttempts },
  };
  if (typeof target.Input === 'string') result.Input = target.Input;
  if (eventBridge) result.EventBridgeParameters = { DetailType: String(eventBridge.DetailType), Source: String(eventBridge.Source) };
  const sqs = target.SqsParameters as Record<string, unknown> | undefined;
  if (sqs) result.SqsParameters = typeof sqs.MessageGroupId === 'string' ? { MessageGroupId: sqs.MessageGroupId } : {};
  if (dlq && typeof dlq.Arn === 'string') result.DeadLetterConfig = { Arn: dlq.Arn };
  return result;
}
