import { chunk, mapWithConcurrency, settleWithConcurrency } from '../../../handlers/src/shared/concurrency';
import { readConfig } from '../../../handlers/src/shared/config';
import { bucketOf, unitIntervalOf } from '../../../handlers/src/shared/hash';
import { lazy } from '../../../handlers/src/shared/lazy';
import { createLogger } from '../../../handlers/src/shared/logger';

describe('logger', () => {
  it('writes one JSON line per call with level, message, function and context', () => {
    const lines: string[] = [];
    const log = createLogger({ function: 'capture', sink: (l) => lines.push(l), now: () => new Date('2024-05-14T07:42:21Z') });
    log.child({ attemptId: 'a-1' }).info('capture succeeded', { outcome: 'succeeded' });
    log.debug('hidden at info level');
    expect(lines).toEqual([
      '{"timestamp":"2024-05-14T07:42:21.000Z","level":"info","message":"capture succeeded","function":"capture","attemptId":"a-1","outcome":"succeeded"}',
    ]);
  });

  it('serialises errors with their name, message and cause', () => {
    const lines: string[] = [];
    const log = createLogger({ function: 'f', sink: (l) => lines.push(l) });
    log.error('boom', { error: new Error('outer', { cause: new TypeError('inner') }) });
    const entry = JSON.parse(lines[0] as string);
    expect(entry.error).toMatchObject({ name: 'Error', message: 'outer', cause: { name: 'TypeError', message: 'inner' } });
    expect(lines[0]).not.toContain('\n');
  });

  it.each([
    ['debug', 4],
    ['info', 3],
    ['warn', 2],
    ['error', 1],
  ] as const)('level %s keeps %d of 4 lines', (level, count) => {
    const lines: string[] = [];
    const log = createLogger({ function: 'f', level, sink: (l) => lines.push(l) });
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(lines).toHaveLength(count);
  });
});

describe('config reader', () => {
  it.each([
    ['N', { N: '5' }, 5, undefined],
    ['N', {}, 7, undefined],
    ['N', { N: ' 3 ' }, 3, undefined],
    ['N', { N: 'x' }, NaN, 'N must be an integer between 1 and 10 (got "x")'],
    ['N', { N: '11' }, 11, 'N must be an integer between 1 and 10 (got "11")'],
    ['N', { N: '2.5' }, 2.5, 'N must be an integer between 1 and 10 (got "2.5")'],
  ])('integer %s from %j', (name, env, value, problem) => {
    const read = () => readConfig('fn', env, (r) => r.integer(name, { min: 1, max: 10, default: 7 }));
    if (problem) expect(read).toThrow(`Invalid configuration for fn: ${problem}`);
    else expect(read()).toBe(value);
  });
});

describe('concurrency helpers', () => {
  it('never runs more than the limit at once and keeps the order', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapWithConcurrency(Array.from({ length: 20 }, (_, i) => i), 3, async (i) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 2));
      running--;
      return i * 2;
    });
    expect(peak).toBe(3);
    expect(out).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
  });

  it('settles every item even when some fail', async () => {
    const seen: number[] = [];
    const results = await settleWithConcurrency([1, 2, 3, 4], 2, async (i) => {
      seen.push(i);
      if (i % 2 === 0) throw new Error(`bad ${i}`);
      return i;
    });
    expect(seen.sort()).toEqual([1, 2, 3, 4]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
  });

  it.each([
    [[1, 2, 3], 2, [[1, 2], [3]]],
    [[], 10, []],
    [Array.from({ length: 25 }, (_, i) => i), 10, [10, 10, 5]],
  ])('chunk(%j, %d)', (items, size, expected) => {
    const chunks = chunk(items as number[], size);
    if (typeof (expected as unknown[])[0] === 'number') expect(chunks.map((c) => c.length)).toEqual(expected);
    else expect(chunks).toEqual(expected);
  });
});

describe('hash helpers and lazy', () => {
  it('are deterministic', () => {
    expect(unitIntervalOf('x')).toBe(unitIntervalOf('x'));
    expect(bucketOf('x', 7)).toBe(bucketOf('x', 7));
    expect(() => bucketOf('x', 0)).toThrow(RangeError);
  });

  it('lazy creates once', () => {
    const create = jest.fn(() => ({}));
    const get = lazy(create);
    expect(get()).toBe(get());
    expect(create).toHaveBeenCalledTimes(1);
  });
});
