import { arnService } from '../aws/arn';
import { AwsServiceError } from '../aws/errors';
import type { ScheduleTarget } from './model';

/** How the Scheduler reaches its templated targets locally. */
export interface SchedulerPorts {
  /** PutEvents of one entry; returns the entry result. */
  putEvent(entry: { busArn: string; source: string; detailType: string; detail: string; resources: string[] }):
    | { EventId: string }
    | { ErrorCode: string; ErrorMessage: string };
  /** Lambda Invoke with InvocationType Event. */
  invokeLambdaAsync(arn: string, payload: string): void | Promise<void>;
  sendToQueue(arn: string, body: string, messageGroupId?: string): void | Promise<void>;
  /** IAM: throws an AccessDenied error when the schedule's execution role may not invoke the target. */
  authorize?(target: ScheduleTarget, scheduleArn: string): void;
}

/** A failed target invocation: the target API's error code and message, and whether to retry. */
export class ScheduleInvocationError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'ScheduleInvocationError';
  }
}

const RETRYABLE_CODES = new Set(['TooManyRequestsException', 'ThrottlingException', 'ThrottledException', 'RequestThrottled', 'InternalFailure', 'ServiceUnavailable']);

export async function invokeScheduleTarget(ports: SchedulerPorts, target: ScheduleTarget, input: string, scheduleArn: string): Promise<void> {
  const service = arnService(target.Arn);
  try {
    ports.authorize?.(target, scheduleArn);
    switch (service) {
      case 'events': {
        const parameters = target.EventBridgeParameters;
        if (!parameters) throw new ScheduleInvocationError('ValidationException', 'EventBridgeParameters are required for event bus targets.', false);
        const result = ports.putEvent({
          busArn: target.Arn,
          source: parameters.Source,
          detailType: parameters.DetailType,
          detail: input,
          resources: [scheduleArn],
        });
        if ('ErrorCode' in result) {
          throw new ScheduleInvocationError(result.ErrorCode, result.ErrorMessage, RETRYABLE_CODES.has(result.ErrorCode));
        }
        return;
      }
      case 'lambda':
        await ports.invokeLambdaAsync(target.Arn, input);
        return;
      case 'sqs':
        await ports.sendToQueue(target.Arn, input, target.SqsParameters?.MessageGroupId);
        return;
      default:
        throw new ScheduleInvocationError('AWS.Scheduler.InternalServerError', `Target ${target.Arn} is not supported by the local runtime.`, false);
    }
  } catch (error) {
    if (error instanceof ScheduleInvocationError) throw error;
    if (error instanceof AwsServiceError) {
      const code = error.queryCode ?? error.code;
      throw new ScheduleInvocationError(code, error.message, error.statusCode >= 500 || RETRYABLE_CODES.has(error.code));
    }
    throw new ScheduleInvocationError('AWS.Scheduler.InternalServerError', 'Unexpected error occurred while processing the request', true);
  }
}

/** Replaces the Scheduler's context attributes in a target Input. */
export function renderContextAttributes(
  input: string,
  context: { scheduleArn: string; scheduledTime: string; executionId: string; attemptNumber: number },
): string {
  return input
    .split('<aws.scheduler.schedule-arn>')
    .join(context.scheduleArn)
    .split('<aws.scheduler.scheduled-time>')
    .join(context.scheduledTime)
    .split('<aws.scheduler.execution-id>')
    .join(context.executionId)
    .split('<aws.scheduler.attempt-number>')
    .join(String(context.attemptNumber));
}
