/**
 * DynamoDB capacity consumption by AWS's documented rules, from item sizes. The benchmark's meter
 * (`bench/lib/aws-meter.ts`) sees every request the handlers make and the items involved; these pure
 * functions turn that into read and write request units, the unit on-demand tables are billed and
 * throttled in.
 *
 * Sources (read 2026-11-29 from the stored copies):
 * - item size: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
 * - read/write units, Query/Scan rounding: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
 * - failed conditional writes: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithItems.html#WorkingWithItems.ConditionalWrites.ReturnConsumedCapacity
 * - index writes: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.ThroughputConsiderations.Writes
 * - transactions (prepare + commit, two units per item): https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-capacity-handling
 */

/** A DynamoDB attribute value in the wire format. */
export interface AttributeValue {
  readonly S?: string;
  readonly N?: string;
  readonly B?: string;
  readonly BOOL?: boolean;
  readonly NULL?: boolean;
  readonly L?: readonly AttributeValue[];
  readonly M?: Readonly<Record<string, AttributeValue>>;
  readonly SS?: readonly string[];
  readonly NS?: readonly string[];
  readonly BS?: readonly string[];
}

export type Item = Readonly<Record<string, AttributeValue>>;

export const READ_UNIT_BYTES = 4096;
export const WRITE_UNIT_BYTES = 1024;

const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8');

/** Bytes of a number: one per two significant digits plus one (leading and trailing zeros trimmed). */
export function numberSize(value: string): number {
  const mantissa = value.trim().replace(/^[+-]/, '').split(/[eE]/)[0] ?? '';
  const digits = mantissa.replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

/** Bytes of a value, without its attribute name. */
export function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return Buffer.from(value.B, 'base64').length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS) return value.SS.reduce((sum, s) => sum + utf8(s), 0);
  if (value.NS) return value.NS.reduce((sum, n) => sum + numberSize(n), 0);
  if (value.BS) return value.BS.reduce((sum, b) => sum + Buffer.from(b, 'base64').length, 0);
  if (value.L) return 3 + value.L.reduce((sum, element) => sum + 1 + valueSize(element), 0);
  if (value.M) return 3 + Object.entries(value.M).reduce((sum, [name, element]) => sum + 1 + utf8(name) + valueSize(element), 0);
  throw new Error(`not a DynamoDB attribute value: ${JSON.stringify(value)}`);
}

/** Bytes of an item: the sum of its attribute names and values. */
export function itemSize(item: Item): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + valueSize(value), 0);
}

export type ReadConsistency = 'eventual' | 'strong' | 'transactional';

const READ_FACTOR: Readonly<Record<ReadConsistency, number>> = { eventual: 0.5, strong: 1, transactional: 2 };

/**
 * Read request units for `bytes` read in one request (a Query or Scan page sums its items first), rounded
 * up to 4 KB; reading nothing (a missing item, an empty page) still costs one 4 KB unit.
 */
export function readUnits(bytes: number, consistency: ReadConsistency): number {
  return Math.max(1, Math.ceil(bytes / READ_UNIT_BYTES)) * READ_FACTOR[consistency];
}

/** Write request units for writing an item of `bytes` (rounded up to 1 KB, at least one); twice that in a transaction. */
export function writeUnits(bytes: number, transactional = false): number {
  return Math.max(1, Math.ceil(bytes / WRITE_UNIT_BYTES)) * (transactional ? 2 : 1);
}

/**
 * Write request units of a successful write that replaces `before` by `after` (either may be absent): the
 * larger of the two sizes.
 */
export function itemWriteUnits(before: Item | undefined, after: Item | undefined, transactional = false): number {
  return writeUnits(Math.max(before ? itemSize(before) : 0, after ? itemSize(after) : 0), transactional);
}

/** Write request units of a write whose condition failed: the existing item's size, or one unit when there is none. */
export function failedConditionUnits(existing: Item | undefined): number {
  return writeUnits(existing ? itemSize(existing) : 0);
}

/** A global secondary index: its keys and what it projects. */
export interface IndexLayout {
  readonly hashKey: string;
  readonly rangeKey?: string;
  /** @default "ALL" */
  readonly projectionType?: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  readonly nonKeyAttributes?: readonly string[];
}

/** The index entry of `item`: the table's and the index's keys plus the projected attributes. */
export function indexEntry(item: Item, tableKeys: readonly string[], index: IndexLayout): Item {
  const projection = index.projectionType ?? 'ALL';
  if (projection === 'ALL') return item;
  const keep = new Set([...tableKeys, index.hashKey, ...(index.rangeKey ? [index.rangeKey] : []), ...(projection === 'INCLUDE' ? (index.nonKeyAttributes ?? []) : [])]);
  return Object.fromEntries(Object.entries(item).filter(([name]) => keep.has(name)));
}

const inIndex = (item: Item | undefined, index: IndexLayout): item is Item =>
  item !== undefined && item[index.hashKey] !== undefined && (index.rangeKey === undefined || item[index.rangeKey] !== undefined);

/**
 * Write request units a table write costs in one global secondary index: none when the item is in the
 * index neither before nor after; one entry write to put it in or take it out; two (delete and put) when
 * an index key changes; one when only projected attributes change. Each entry write is rounded up to 1 KB.
 */
export function indexWriteUnits(before: Item | undefined, after: Item | undefined, tableKeys: readonly string[], index: IndexLayout): number {
  const was = inIndex(before, index) ? indexEntry(before as Item, tableKeys, index) : undefined;
  const is = inIndex(after, index) ? indexEntry(after as Item, tableKeys, index) : undefined;
  if (!was && !is) return 0;
  if (!was) return writeUnits(itemSize(is as Item));
  if (!is) return writeUnits(itemSize(was));
  const keyOf = (entry: Item): string => JSON.stringify([entry[index.hashKey], index.rangeKey ? entry[index.rangeKey] : null]);
  if (keyOf(was) !== keyOf(is)) return writeUnits(itemSize(was)) + writeUnits(itemSize(is));
  return JSON.stringify(sorted(was)) === JSON.stringify(sorted(is)) ? 0 : writeUnits(itemSize(is));
}

function sorted(item: Item): Array<[string, AttributeValue]> {
  return Object.entries(item).sort(([a], [b]) => a.localeCompare(b));
}
