import {
  classifyUnavailable,
  emitsResult,
  failedRecord,
  interpretCancellation,
  isCapturable,
  isDodged,
  isSameAttempt,
  judgeRead,
  outcomeEvent,
  outcomeEvents,
  succeededRecord,
  type AttemptRecord,
  type CaptureCancellation,
  type WorldSnapshot,
} from '../../../handlers/src/capture/domain';

const NOW = 1_715_672_541; // 2024-05-14T07:42:21Z
const wild = (expiresAt?: number): WorldSnapshot => ({ fakemonId: 'fm-1', status: 'wild', ...(expiresAt === undefined ? {} : { expiresAt }) });
const captured: WorldSnapshot = { fakemonId: 'fm-1', status: 'captured', capturedBy: 'bob', expiresAt: NOW + 60 };

describe('dodging', () => {
  it.each([
    [0, 0],
    [1, 2000],
  ])('probability %d dodges %d of 2000 attempts, whatever the roll', (p, expected) => {
    const dodged = Array.from({ length: 2000 }, (_, i) => isDodged(i / 2000, p)).filter(Boolean).length;
    expect(dodged).toBe(expected);
  });

  it.each([0.1, 0.25, 0.5, 0.9])('probability %d dodges exactly the rolls below it', (p) => {
    const rolls = Array.from({ length: 4000 }, (_, i) => i / 4000);
    expect(rolls.filter((r) => isDodged(r, p))).toHaveLength(Math.round(4000 * p));
    expect(isDodged(p, p)).toBe(false); // roll < p is strict
    expect(isDodged(p - 1e-9, p)).toBe(true);
  });
});

describe('attempt ids chosen by clients', () => {
  it('a stored record is the same attempt only for the same player', () => {
    expect(isSameAttempt({ player: 'ash' }, { player: 'ash' })).toBe(true);
    expect(isSameAttempt({ player: 'ash' }, { player: 'misty' })).toBe(false);
  });
});

describe('capturability', () => {
  it.each<[string, WorldSnapshot | undefined, boolean, string]>([
    ['wild, expires later', wild(NOW + 1), true, 'already_captured'],
    ['wild, no expiry', wild(), true, 'already_captured'],
    ['wild, expires now', wild(NOW), false, 'fled'],
    ['wild, expired', wild(NOW - 100), false, 'fled'],
    ['captured', captured, false, 'already_captured'],
    ['captured and expired', { ...captured, expiresAt: NOW - 1 }, false, 'already_captured'],
    ['missing', undefined, false, 'not_found'],
    ['marked fled', { fakemonId: 'fm-1', status: 'fled', expiresAt: NOW - 100 }, false, 'fled'],
    ['unknown status', { fakemonId: 'fm-1', status: 'zombie' }, false, 'not_found'],
    ['no status', { fakemonId: 'fm-1' }, false, 'not_found'],
  ])('%s → capturable=%s, else %s', (_label, world, capturable, reason) => {
    expect(isCapturable(world, NOW)).toBe(capturable);
    expect(classifyUnavailable(world, NOW)).toBe(reason);
  });
});

describe('what a read of the fakémon settles before any transaction', () => {
  it.each<[string, WorldSnapshot | undefined, ReturnType<typeof judgeRead>]>([
    ['wild: only the transaction can tell who wins', wild(NOW + 60), { kind: 'contend' }],
    ['wild without expiry', wild(), { kind: 'contend' }],
    ['captured: a loser, settled with one conditional write', captured, { kind: 'unavailable', reason: 'already_captured' }],
    ['missing', undefined, { kind: 'unavailable', reason: 'not_found' }],
    ['wild past its expiry, not marked yet: mark it fled', wild(NOW - 1), { kind: 'flee' }],
    ['already marked fled', { fakemonId: 'fm-1', status: 'fled', expiresAt: NOW - 100 }, { kind: 'unavailable', reason: 'fled' }],
  ])('%s', (_label, world, verdict) => {
    expect(judgeRead(world, NOW)).toEqual(verdict);
  });
});

describe('reading a cancelled capture transaction', () => {
  const record = failedRecord({ attemptId: 'a', player: 'p', fakemon: 'f' }, 'fled', NOW + 10);
  const c = (world: string, attempt: string, extra: Partial<CaptureCancellation> = {}): CaptureCancellation => ({
    world: { code: world },
    collection: { code: 'None' },
    attempt: { code: attempt },
    ...extra,
  });

  it.each<[string, CaptureCancellation, ReturnType<typeof interpretCancellation>]>([
    ['attempt seen before', c('None', 'ConditionalCheckFailed'), { kind: 'already_recorded' }],
    [
      'attempt seen before, with its old item',
      c('None', 'ConditionalCheckFailed', { attempt: { code: 'ConditionalCheckFailed', record } }),
      { kind: 'already_recorded', record },
    ],
    [
      'attempt seen before wins over a failed world condition',
      c('ConditionalCheckFailed', 'ConditionalCheckFailed', { world: { code: 'ConditionalCheckFailed', snapshot: captured } }),
      { kind: 'already_recorded' },
    ],
    ['world item missing', c('ConditionalCheckFailed', 'None'), { kind: 'unavailable', reason: 'not_found' }],
    [
      'world item captured',
      c('ConditionalCheckFailed', 'None', { world: { code: 'ConditionalCheckFailed', snapshot: captured } }),
      { kind: 'unavailable', reason: 'already_captured' },
    ],
    [
      'world item expired',
      c('ConditionalCheckFailed', 'None', { world: { code: 'ConditionalCheckFailed', snapshot: wild(NOW - 5) } }),
      { kind: 'unavailable', reason: 'fled' },
    ],
    ['transaction conflict', c('TransactionConflict', 'None'), { kind: 'retry', codes: ['TransactionConflict', 'None', 'None'] }],
    ['throttled', c('None', 'ThrottlingError'), { kind: 'retry', codes: ['None', 'None', 'ThrottlingError'] }],
  ])('%s', (_label, cancellation, verdict) => {
    expect(interpretCancellation(cancellation, NOW)).toEqual(verdict);
  });
});

describe('outcome events', () => {
  const attempt = { attemptId: 'a-1', player: 'alice', fakemon: 'fm-1' };
  const at = new Date('2024-05-14T07:42:21.512Z');

  it.each<[string, AttemptRecord, ReturnType<typeof outcomeEvent>]>([
    [
      'success',
      succeededRecord(attempt, at, NOW + 60),
      { name: 'captureSucceeded', detail: { ...attempt, capturedAt: '2024-05-14T07:42:21.512Z' } },
    ],
    ['dodge', failedRecord(attempt, 'dodged', NOW), { name: 'captureFailed', detail: { ...attempt, reason: 'dodged' } }],
    ['taken', failedRecord(attempt, 'already_captured', NOW), { name: 'captureFailed', detail: { ...attempt, reason: 'already_captured' } }],
  ])('%s', (_label, record, event) => {
    expect(outcomeEvent(record)).toEqual(event);
    expect(outcomeEvent(record)).toEqual(outcomeEvent({ ...record })); // same record, same event
  });

  it('a success carries the cell it was captured in; the attempt that found a fakémon fled announces it, once per record', () => {
    expect(outcomeEvent(succeededRecord(attempt, at, NOW + 60, '881fb46625fffff'))).toEqual({
      name: 'captureSucceeded',
      detail: { ...attempt, capturedAt: '2024-05-14T07:42:21.512Z', cell: '881fb46625fffff' },
    });
    expect(outcomeEvents(failedRecord(attempt, 'fled', NOW, { fledIn: '881fb46625fffff' }))).toEqual([
      { name: 'captureFailed', detail: { ...attempt, reason: 'fled' } },
      { name: 'fled', detail: { fakemon: 'fm-1', cell: '881fb46625fffff' } },
    ]);
    expect(outcomeEvents(failedRecord(attempt, 'fled', NOW))).toEqual([{ name: 'captureFailed', detail: { ...attempt, reason: 'fled' } }]);
  });

  it.each<[string, AttemptRecord]>([
    ['a success without capturedAt', { ...attempt, outcome: 'succeeded', expiresAt: 0 }],
    ['a failure without reason', { ...attempt, outcome: 'failed', expiresAt: 0 }],
  ])('refuses %s', (_label, record) => {
    expect(() => outcomeEvent(record)).toThrow();
  });
});

describe('re-emitting a settled attempt', () => {
  it.each([
    [false, false, true, 'first delivery'],
    [true, false, true, 'redelivery: the first emission may have failed'],
    [false, true, true, 'archive replay of an attempt never processed'],
    [true, true, false, 'archive replay of a settled attempt'],
  ])('settled=%s replay=%s → emits %s (%s)', (settled, replay, expected) => {
    expect(emitsResult(settled, replay)).toBe(expected);
  });
});
