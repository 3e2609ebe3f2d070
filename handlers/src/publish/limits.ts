/**
 * PutEvents limits: at most 10 entries per request
 * (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html, Entries: maximum 10 items) and
 * 256 KB per request, the sum of the entries' sizes as EventBridge computes them
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html,
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html).
 */

export const MAX_ENTRIES_PER_REQUEST = 10;
export const MAX_REQUEST_BYTES = 256 * 1024;

/** The fields of a PutEvents entry that count towards the request size. */
export interface SizedEntry {
  readonly Time?: Date;
  readonly Source: string;
  readonly DetailType: string;
  readonly Detail: string;
  readonly Resources?: readonly string[];
}

/** 14 bytes for `Time` when present, plus the UTF-8 sizes of `Source`, `DetailType`, `Detail` and each resource. */
export function entrySize(entry: SizedEntry): number {
  let size = entry.Time ? 14 : 0;
  size += Buffer.byteLength(entry.Source, 'utf8') + Buffer.byteLength(entry.DetailType, 'utf8') + Buffer.byteLength(entry.Detail, 'utf8');
  for (const resource of entry.Resources ?? []) size += Buffer.byteLength(resource, 'utf8');
  return size;
}

/** An entry that cannot be sent: alone it is over the request size limit. */
export class EntryTooLargeError extends Error {
  override readonly name = 'EntryTooLargeError';
  constructor(
    readonly index: number,
    readonly detailType: string,
    readonly size: number,
  ) {
    super(`event [${index}] (${detailType}) is ${size} bytes: PutEvents takes at most ${MAX_REQUEST_BYTES} bytes per request (Source, DetailType, Detail, Resources and 14 for Time)`);
  }
}

/**
 * Splits entries, in order, into PutEvents requests of at most 10 entries and 256 KB; each batch holds the
 * entries' indexes. Throws {@link EntryTooLargeError} for an entry that no request can hold.
 */
export function toBatches<E extends SizedEntry>(entries: readonly E[]): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  entries.forEach((entry, index) => {
    const size = entrySize(entry);
    if (size > MAX_REQUEST_BYTES) throw new EntryTooLargeError(index, entry.DetailType, size);
    if (current.length === MAX_ENTRIES_PER_REQUEST || bytes + size > MAX_REQUEST_BYTES) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(index);
    bytes += size;
  });
  if (current.length > 0) batches.push(current);
  return batches;
}
