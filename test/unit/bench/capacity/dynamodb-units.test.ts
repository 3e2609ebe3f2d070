/**
 * DynamoDB capacity arithmetic, checked by hand against AWS's rules:
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html (sizes),
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html (units),
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.ThroughputConsiderations.Writes (index writes).
 */
import {
  failedConditionUnits,
  indexEntry,
  indexWriteUnits,
  itemSize,
  itemWriteUnits,
  numberSize,
  readUnits,
  valueSize,
  writeUnits,
} from '../../../../bench/capacity/dynamodb-units';

describe('DynamoDB item sizes', () => {
  it('a string counts its UTF-8 bytes, plus the attribute name', () => {
    // "id" (2) + "abc" (3); "name" (4) + "é" (2 bytes in UTF-8)
    expect(itemSize({ id: { S: 'abc' } })).toBe(5);
    expect(itemSize({ name: { S: 'é' } })).toBe(6);
  });

  it('a number is one byte per two significant digits plus one', () => {
    expect(numberSize('7')).toBe(2); // 1 digit → 1 + 1
    expect(numberSize('12345')).toBe(4); // 5 digits → 3 + 1
    expect(numberSize('-0012.3400')).toBe(3); // "1234" → 2 + 1
    expect(numberSize('1700000000')).toBe(2); // trailing zeros trimmed: "17" → 1 + 1
  });

  it('booleans and nulls are one byte; binary counts raw bytes', () => {
    expect(valueSize({ BOOL: true })).toBe(1);
    expect(valueSize({ NULL: true })).toBe(1);
    expect(valueSize({ B: Buffer.from([1, 2, 3, 4]).toString('base64') })).toBe(4);
  });

  it('lists and maps add 3 bytes, and 1 per element', () => {
    // L: 3 + (1 + 1) + (1 + 2)
    expect(valueSize({ L: [{ S: 'a' }, { S: 'bc' }] })).toBe(8);
    // M: 3 + (1 + "k" 1 + "v" 1)
    expect(valueSize({ M: { k: { S: 'v' } } })).toBe(6);
  });
});

describe('DynamoDB request units', () => {
  it('reads round up to 4 KB; eventual half, transactional double; nothing read costs one unit', () => {
    expect(readUnits(3500, 'strong')).toBe(1);
    expect(readUnits(4097, 'strong')).toBe(2);
    expect(readUnits(8192, 'eventual')).toBe(1);
    expect(readUnits(100, 'transactional')).toBe(2);
    expect(readUnits(0, 'eventual')).toBe(0.5);
  });

  it('writes round up to 1 KB, at least one; twice in a transaction', () => {
    expect(writeUnits(1)).toBe(1);
    expect(writeUnits(1024)).toBe(1);
    expect(writeUnits(1600)).toBe(2);
    expect(writeUnits(500, true)).toBe(2);
  });

  it('a write costs the larger of the item before and after', () => {
    const small = { id: { S: 'x' } };
    const big = { id: { S: 'x' }, blob: { S: 'y'.repeat(1500) } };
    expect(itemWriteUnits(undefined, small)).toBe(1);
    expect(itemWriteUnits(big, small)).toBe(2);
    expect(itemWriteUnits(small, big, true)).toBe(4);
  });

  it('a failed conditional write costs the existing item, or one unit when there is none', () => {
    expect(failedConditionUnits(undefined)).toBe(1);
    expect(failedConditionUnits({ id: { S: 'x' }, blob: { S: 'y'.repeat(2100) } })).toBe(3);
  });
});

describe('global secondary index writes', () => {
  const byPlayer = { hashKey: 'player', rangeKey: 'connectionId', projectionType: 'KEYS_ONLY' as const };
  const keys = ['connectionId'];
  const record = (player: string, extra = 'a'): Record<string, { S: string }> => ({ connectionId: { S: 'c1' }, player: { S: player }, connectedAt: { S: extra } });

  it('projects the keys only for KEYS_ONLY', () => {
    expect(indexEntry(record('p1'), keys, byPlayer)).toEqual({ connectionId: { S: 'c1' }, player: { S: 'p1' } });
  });

  it('one entry write to put an item in or take it out, none when it is in neither', () => {
    expect(indexWriteUnits(undefined, record('p1'), keys, byPlayer)).toBe(1);
    expect(indexWriteUnits(record('p1'), undefined, keys, byPlayer)).toBe(1);
    expect(indexWriteUnits({ connectionId: { S: 'c1' } }, { connectionId: { S: 'c1' } }, keys, byPlayer)).toBe(0);
  });

  it('two when an index key changes; none when only an unprojected attribute does', () => {
    expect(indexWriteUnits(record('p1'), record('p2'), keys, byPlayer)).toBe(2);
    expect(indexWriteUnits(record('p1', 'a'), record('p1', 'b'), keys, byPlayer)).toBe(0);
    expect(indexWriteUnits(record('p1', 'a'), record('p1', 'b'), keys, { ...byPlayer, projectionType: 'ALL' })).toBe(1);
  });
});
