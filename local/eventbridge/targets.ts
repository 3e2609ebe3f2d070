import { randomUUID } from 'node:crypto';
import { arnService } from '../aws/arn';
import { AwsServiceError } from '../aws/errors';
import type { LocalTargetConfig } from '../aws/model';
import type { EventEnvelope } from './envelope';

/** A failed delivery attempt, with the DLQ error code EventBridge reports and whether it retries. */
export class TargetDeliveryError extends Error {
  constructor(
    /** ERROR_CODE of the dead-letter message (NO_RESOURCE, THROTTLING, ...). */
    readonly code: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'TargetDeliveryError';
  }
}

/** How EventBridge reaches each kind of target locally. */
export interface TargetPorts {
  /** Asynchronous Lambda invoke (InvocationType Event). */
  invokeLambda(arn: string, payload: string): void | Promise<void>;
  sendToQueue(arn: string, body: string, messageGroupId?: string): void | Promise<void>;
  appendToLogGroup(arn: string, message: string): void | Promise<void>;
  /** Forwards the event to another bus (keeps its id). */
  putOnBus(arn: string, event: EventEnvelope): void | Promise<void>;
  /** IAM: throws the target service's AccessDenied when the rule may not deliver to the target. */
  authorize?(target: LocalTargetConfig, ruleArn: string): void;
}

const SERVICE_NAMES: Record<string, string> = { lambda: 'AWSLambda', sqs: 'AmazonSQS', logs: 'AWSLogs', events: 'AmazonEventBridge' };

/** Delivers the (transformed) input to one target; throws TargetDeliveryError on failure. */
export async function deliverToTarget(ports: TargetPorts, target: LocalTargetConfig, input: string, event: EventEnvelope, ruleArn = ''): Promise<void> {
  const service = arnService(target.arn);
  try {
    ports.authorize?.(target, ruleArn);
    switch (service) {
      case 'lambda':
        await ports.invokeLambda(target.arn, asJsonPayload(input));
        return;
      case 'sqs':
        await ports.sendToQueue(target.arn, input, target.sqsMessageGroupId);
        return;
      case 'logs':
        await ports.appendToLogGroup(target.arn, input);
        return;
      case 'events':
        await ports.putOnBus(target.arn, event);
        return;
      default:
        throw new TargetDeliveryError('INVALID_PARAMETER', `Target ${target.arn} is not supported by the local runtime.`, false);
    }
  } catch (error) {
    throw classify(error, service ?? 'unknown');
  }
}

/** Maps a service error to EventBridge's DLQ error codes and retry behaviour. */
export function classify(error: unknown, service: string): TargetDeliveryError {
  if (error instanceof TargetDeliveryError) return error;
  if (error instanceof AwsServiceError) {
    const detail =
      `${error.message} (Service: ${SERVICE_NAMES[service] ?? service}; Status Code: ${error.statusCode}; ` +
      `Error Code: ${error.queryCode ?? error.code}; Request ID: ${randomUUID()}; Proxy: null)`;
    switch (error.code) {
      case 'ResourceNotFoundException':
      case 'QueueDoesNotExist':
        return new TargetDeliveryError('NO_RESOURCE', detail, false);
      case 'TooManyRequestsException':
      case 'ThrottlingException':
      case 'RequestThrottled':
        return new TargetDeliveryError('THROTTLING', detail, true);
      case 'AccessDeniedException':
        return new TargetDeliveryError('NO_PERMISSIONS', detail, false);
      case 'InvalidRequestContentException':
        return new TargetDeliveryError('INVALID_JSON', detail, false);
      case 'InvalidParameterValue':
      case 'InvalidParameterValueException':
      case 'InvalidMessageContents':
      case 'MissingParameter':
        return new TargetDeliveryError('INVALID_PARAMETER', detail, false);
      default:
        return new TargetDeliveryError(error.statusCode >= 500 ? 'INTERNAL_ERROR' : 'SDK_CLIENT_ERROR', detail, error.statusCode >= 500);
    }
  }
  return new TargetDeliveryError('INTERNAL_ERROR', (error as Error)?.message ?? String(error), true);
}

/** Lambda payloads must be JSON: a non-JSON rendered template is sent as a JSON string. */
function asJsonPayload(input: string): string {
  try {
    JSON.parse(input);
    return input;
  } catch {
    return JSON.stringify(input);
  }
}
