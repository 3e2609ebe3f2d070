/**
 * How EventBridge, API Gateway WebSocket APIs and CloudWatch Logs count what they bill, as AWS documents it
 * (read 2026-11-29 from the stored copies):
 * - PutEvents entry size: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html
 * - each 64 KB chunk of a payload is billed as one event: https://aws.amazon.com/eventbridge/pricing/
 * - WebSocket messages are metered in 32 KB increments: https://aws.amazon.com/api-gateway/pricing/
 * - a log event counts its UTF-8 message plus 26 bytes: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html
 */

/** A PutEvents request entry as it goes over the wire. */
export interface PutEventsEntry {
  readonly Time?: unknown;
  readonly Source?: string;
  readonly DetailType?: string;
  readonly Detail?: string;
  readonly Resources?: readonly string[];
}

const utf8 = (text: string | undefined): number => (text === undefined ? 0 : Buffer.byteLength(text, 'utf8'));

export const EVENT_CHUNK_BYTES = 64 * 1024;
export const WEBSOCKET_MESSAGE_UNIT_BYTES = 32 * 1024;
export const LOG_EVENT_OVERHEAD_BYTES = 26;

/** The size EventBridge counts for an entry: 14 bytes for Time, then Source, DetailType, Detail and each resource in UTF-8. */
export function putEventsEntrySize(entry: PutEventsEntry): number {
  return (entry.Time !== undefined ? 14 : 0) + utf8(entry.Source) + utf8(entry.DetailType) + utf8(entry.Detail) + (entry.Resources ?? []).reduce((sum, r) => sum + utf8(r), 0);
}

/** Billed events for one entry: one per started 64 KB chunk. */
export function billedEvents(entry: PutEventsEntry): number {
  return Math.max(1, Math.ceil(putEventsEntrySize(entry) / EVENT_CHUNK_BYTES));
}

/** Billed WebSocket messages for a message of `bytes`: one per started 32 KB. */
export function webSocketMessageUnits(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / WEBSOCKET_MESSAGE_UNIT_BYTES));
}

/** The bytes CloudWatch Logs counts for `events` log events whose messages total `messageBytes`. */
export function logEventBytes(events: number, messageBytes: number): number {
  return messageBytes + events * LOG_EVENT_OVERHEAD_BYTES;
}
