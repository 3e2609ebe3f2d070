/** Reading a dead-letter message (no AWS call): what `npm run redrive` and the console show of it. */
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { Message } from '@aws-sdk/client-sqs';
import { findByDetailType } from '../../handlers/src/events/catalog';
import { isContractViolation } from '../../handlers/src/events/contract-violation';
import { parseEvent } from '../../handlers/src/events/envelope';

/** An event recovered from a dead-letter message, and the error that sent it there. */
export interface DeadLetter {
  readonly message: Message;
  /** The event to put back, or undefined when the message holds no event. */
  readonly entry?: PutEventsRequestEntry;
  /** The id of the event inside. */
  readonly eventId?: string;
  /** `ERROR_CODE`, `ERROR_MESSAGE`, `RULE_ARN`, `TARGET_ARN`… or Lambda's failure condition. */
  readonly errors: Readonly<Record<string, string>>;
  /**
   * Why the failure is permanent, when it is: the event violates its contract (the function said so, or the
   * catalog says so now), so every retry fails the same way. Undefined for transient failures (throttling,
   * timeouts, a dependency down), which a redrive can fix.
   */
  readonly permanent?: string;
}

/** The error type a function reports for an event that violates its contract (handlers/src/events). */
const CONTRACT_VIOLATION = 'ContractViolation';

/** Why redriving `event` can never succeed, or undefined: it fails its catalog contract, or the function said it did. */
export function permanentFailure(event: unknown, errors: Readonly<Record<string, string>>): string | undefined {
  if (errors.ERROR_CODE === CONTRACT_VIOLATION) return `the function refused it: ${errors.ERROR_MESSAGE ?? 'contract violation'}`;
  const raw = event as { source?: unknown; 'detail-type'?: unknown };
  const entry = typeof raw['detail-type'] === 'string' ? findByDetailType(raw['detail-type'], typeof raw.source === 'string' ? raw.source : undefined) : undefined;
  if (!entry) return undefined;
  try {
    parseEvent(entry.name, event);
    return undefined;
  } catch (error) {
    if (isContractViolation(error)) return error.message;
    throw error;
  }
}

type EventShape = { id?: string; source?: string; 'detail-type'?: string; detail?: unknown; resources?: string[]; time?: string };

const isEvent = (value: unknown): value is EventShape =>
  value !== null && typeof value === 'object' && typeof (value as EventShape).source === 'string' && typeof (value as EventShape)['detail-type'] === 'string';

/**
 * Reads a dead-letter message: an EventBridge target DLQ message (the event itself, with error attributes) or a
 * Lambda on-failure record (`requestPayload` is the event, `responseContext`/`responsePayload` the error).
 */
export function readDeadLetter(message: Message, busName: string): DeadLetter {
  const errors: Record<string, string> = {};
  for (const [name, attribute] of Object.entries(message.MessageAttributes ?? {})) if (attribute.StringValue !== undefined) errors[name] = attribute.StringValue;
  let body: unknown;
  try {
    body = JSON.parse(message.Body ?? '');
  } catch {
    return { message, errors: { ...errors, REDRIVE: 'body is not JSON' } };
  }
  let event: unknown = body;
  const record = body as { requestPayload?: unknown; requestContext?: { condition?: string }; responsePayload?: { errorType?: string; errorMessage?: string } };
  if (record && typeof record === 'object' && 'requestPayload' in record) {
    event = record.requestPayload;
    if (record.requestContext?.condition) errors.CONDITION = record.requestContext.condition;
    if (record.responsePayload?.errorType) errors.ERROR_CODE = record.responsePayload.errorType;
    if (record.responsePayload?.errorMessage) errors.ERROR_MESSAGE = record.responsePayload.errorMessage;
  }
  if (!isEvent(event)) return { message, errors: { ...errors, REDRIVE: 'no EventBridge event in the message' } };
  const permanent = permanentFailure(event, errors);
  return {
    message,
    errors,
    ...(permanent ? { permanent } : {}),
    ...(typeof event.id === 'string' ? { eventId: event.id } : {}),
    entry: {
      EventBusName: busName,
      Source: event.source,
      DetailType: event['detail-type'],
      Detail: JSON.stringify(event.detail ?? {}),
      Resources: event.resources,
      Time: event.time ? new Date(event.time) : undefined,
    },
  };
}
