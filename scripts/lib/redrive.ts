import { EventBridgeClient, PutEventsCommand, PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { ChangeMessageVisibilityCommand, DeleteMessageCommand, Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { findByDetailType } from '../../handlers/src/events/catalog';
import { isContractViolation } from '../../handlers/src/events/contract-violation';
import { parseEvent } from '../../handlers/src/events/envelope';

/** An event recovered from a dead-letter message, and the error that sent it there. */
export interface DeadLetter {
  readonly message: Message;
  /** The event to put back, or undefined when the message holds no event. */
  readonly entry?: PutEventsRequestEntry;
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

type EventShape = { source?: string; 'detail-type'?: string; detail?: unknown; resources?: string[]; time?: string };

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

/** Options of {@link redriveQueue}. */
export interface RedriveOptions {
  readonly sqs: SQSClient;
  readonly events: EventBridgeClient;
  readonly queueUrl: string;
  readonly busName: string;
  /** List only; every message stays in the queue. */
  readonly dryRun: boolean;
  /** Redrive permanent failures (contract violations) too; by default they stay in the queue. @default false */
  readonly includePermanent?: boolean;
  /** How long received messages stay hidden from other readers while they are redriven. @default 120 */
  readonly visibilityTimeoutSeconds?: number;
  /** Called for every message read. */
  readonly onMessage?: (letter: DeadLetter) => void;
  /** Called after every batch with the running totals. */
  readonly onProgress?: (totals: RedriveTotals) => void;
}

/** What a redrive did. */
export interface RedriveTotals {
  /** Messages read from the queue. */
  read: number;
  /** Events accepted by the bus and deleted from the queue. */
  redriven: number;
  /** Messages still in the queue (dry run, no event inside, or not accepted by the bus). */
  leftBehind: number;
  /** Permanent failures left in the queue on purpose (not counted in `leftBehind`). */
  permanent: number;
}

/**
 * Puts the events of a dead-letter queue back on the bus. A message is deleted only after its event was
 * accepted; anything else is made visible again and counted as left behind, so nothing is lost. Permanent
 * failures stay in the queue unless `includePermanent` is set: redriving them only sends them back.
 */
export async function redriveQueue(options: RedriveOptions): Promise<RedriveTotals> {
  const totals: RedriveTotals = { read: 0, redriven: 0, leftBehind: 0, permanent: 0 };
  const seen = new Set<string>();
  const release = (message: Message): Promise<unknown> =>
    options.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: options.queueUrl, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 0 }));
  const kept: Message[] = [];
  // An event that fails again can land back in the queue while this run is still reading it: it stays for a
  // later run instead of being redriven in a loop.
  const redrivenEvents = new Set<string>();
  const eventKey = (letter: DeadLetter): string => JSON.stringify([letter.entry?.Source, letter.entry?.DetailType, letter.entry?.Detail]);
  try {
    for (;;) {
      const { Messages = [] } = await options.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: options.queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          VisibilityTimeout: options.visibilityTimeoutSeconds ?? 120,
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['All'],
        }),
      );
      const fresh = Messages.filter((m) => !seen.has(String(m.MessageId)));
      if (fresh.length === 0) break;
      fresh.forEach((m) => seen.add(String(m.MessageId)));
      totals.read += fresh.length;
      const letters = fresh.map((m) => readDeadLetter(m, options.busName));
      letters.forEach((l) => options.onMessage?.(l));
      const skipped = options.includePermanent ? [] : letters.filter((l) => l.entry !== undefined && l.permanent !== undefined);
      const returned = letters.filter((l) => l.entry !== undefined && !skipped.includes(l) && redrivenEvents.has(eventKey(l)));
      const redrivable = letters.filter((l) => l.entry !== undefined && !skipped.includes(l) && !returned.includes(l));
      const unusable = letters.filter((l) => l.entry === undefined);
      kept.push(...unusable.map((l) => l.message), ...skipped.map((l) => l.message), ...returned.map((l) => l.message));
      totals.leftBehind += unusable.length + returned.length;
      totals.permanent += skipped.length;
      if (options.dryRun) {
        kept.push(...redrivable.map((l) => l.message));
        totals.leftBehind += redrivable.length;
      } else if (redrivable.length > 0) {
        let results: Array<{ EventId?: string; ErrorCode?: string }>;
        try {
          results = (await options.events.send(new PutEventsCommand({ Entries: redrivable.map((l) => l.entry!) }))).Entries ?? [];
        } catch {
          results = [];
        }
        for (const [i, letter] of redrivable.entries()) {
          if (results[i]?.EventId && !results[i]?.ErrorCode) {
            await options.sqs.send(new DeleteMessageCommand({ QueueUrl: options.queueUrl, ReceiptHandle: letter.message.ReceiptHandle }));
            redrivenEvents.add(eventKey(letter));
            totals.redriven += 1;
          } else {
            kept.push(letter.message);
            totals.leftBehind += 1;
          }
        }
      }
      options.onProgress?.({ ...totals });
    }
  } finally {
    // Messages not redriven go back to the queue at once instead of waiting out their visibility timeout.
    await Promise.allSettled(kept.map(release));
  }
  return totals;
}
