/** Reading a dead-letter message (no AWS call): what `npm run redrive` and the console show of it. */
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { Message } from '@aws-sdk/client-sqs';

/** An event recovered from a dead-letter message, and the error that sent it there. */
export interface DeadLetter {
  readonly message: Message;
  /** The event to put back, or undefined when the message holds no event. */
  readonly entry?: PutEventsRequestEntry;
  /** The id of the event inside. */
  readonly eventId?: string;
  /** `ERROR_CODE`, `ERROR_MESSAGE`, `RULE_ARN`, `TARGET_ARN`… or Lambda's failure condition. */
  readonly errors: Readonly<Record<string, string>>;
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
  return {
    message,
    errors,
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
