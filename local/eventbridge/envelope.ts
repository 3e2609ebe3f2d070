/** An event as EventBridge delivers it to targets. */
export interface EventEnvelope {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  /** ISO 8601, second precision, UTC ("2024-05-01T12:00:00Z"). */
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
  /** Present on replayed events only. */
  'replay-name'?: string;
}

/** EventBridge's event time format: seconds precision, "Z". */
export function eventTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Entry size as EventBridge computes it for the 256 KB PutEvents limit: 14 bytes for Time if
 * present, plus the UTF-8 sizes of Source, DetailType, Detail and each Resources entry.
 */
export function entrySize(entry: { Time?: unknown; Source?: unknown; DetailType?: unknown; Detail?: unknown; Resources?: unknown }): number {
  let size = entry.Time !== undefined && entry.Time !== null ? 14 : 0;
  for (const field of [entry.Source, entry.DetailType, entry.Detail]) {
    if (typeof field === 'string') size += Buffer.byteLength(field, 'utf8');
  }
  if (Array.isArray(entry.Resources)) {
    for (const resource of entry.Resources) if (typeof resource === 'string') size += Buffer.byteLength(resource, 'utf8');
  }
  return size;
}

/**
 * What an archived event adds to the archive's SizeBytes: the UTF-8 sizes of its source, detail-type, detail
 * (as the producer sent it), time and resources. The API reference only says "the size of the archive, in
 * bytes"; this sum reproduces the size AWS recorded for an archived event.
 */
export function archivedSize(event: EventEnvelope, detailText: unknown = JSON.stringify(event.detail)): number {
  let size = 0;
  for (const field of [event.source, event['detail-type'], typeof detailText === 'string' ? detailText : JSON.stringify(event.detail), event.time]) {
    size += Buffer.byteLength(field, 'utf8');
  }
  for (const resource of event.resources) size += Buffer.byteLength(resource, 'utf8');
  return size;
}
