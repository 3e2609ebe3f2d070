/** Usage arithmetic and the per-watcher fit of the capacity model. */
import { PRICES } from '../../../../bench/capacity/prices';
import { QUOTAS } from '../../../../bench/capacity/quotas';
import { billedEvents, logEventBytes, putEventsEntrySize, webSocketMessageUnits } from '../../../../bench/capacity/metering';
import { addUsage, fitLine, fitUsage, meanUsage, segments, total, usageAt, usageDelta } from '../../../../bench/capacity/usage';

describe('usage', () => {
  it('adds, subtracts (keeping what changed) and averages by key', () => {
    expect(addUsage({ a: 1, b: 2 }, { b: 3, c: 4 })).toEqual({ a: 1, b: 5, c: 4 });
    expect(usageDelta({ a: 1, b: 2 }, { a: 1, b: 5, c: 1 })).toEqual({ b: 3, c: 1 });
    expect(meanUsage([{ a: 2 }, { a: 4, b: 2 }])).toEqual({ a: 3, b: 1 });
  });

  it('sums keys by pattern, one segment per *', () => {
    const u = { 'lambda.capture.invocations': 1, 'lambda.notify.invocations': 2, 'lambda.notify.billedMs': 10, 'dynamodb.world.rru': 0.5 };
    expect(total(u, 'lambda.*.invocations')).toBe(3);
    expect(total(u, 'lambda.notify.*')).toBe(12);
    expect(total(u, 'lambda.*')).toBe(0);
    expect(segments(u, 'lambda')).toEqual(['capture', 'notify']);
  });

  it('fits a line exactly through points on it', () => {
    const line = fitLine([[0, 1], [10, 21], [20, 41]]);
    expect(line.intercept).toBeCloseTo(1, 10);
    expect(line.slope).toBeCloseTo(2, 10);
    expect(line.slopeError).toBeCloseTo(0, 10);
    expect(() => fitLine([[5, 1], [5, 2]])).toThrow(/two or more distinct x/);
  });

  it('keeps a per-watcher part only where the data show one', () => {
    const samples = [
      { watchers: 10, usage: { messages: 11, ms: 30 } },
      { watchers: 10, usage: { messages: 11, ms: 50 } },
      { watchers: 100, usage: { messages: 101, ms: 40 } },
      { watchers: 100, usage: { messages: 101, ms: 42 } },
    ];
    const fit = fitUsage(samples);
    // Exact counts: 1 + 1 per watcher.
    expect(fit.fixed.messages).toBeCloseTo(1, 10);
    expect(fit.perWatcher.messages).toBeCloseTo(1, 10);
    // Scatter: slope 1/90 ms per watcher, standard error ≈ 0.11 → not shown by the data: the mean, no slope.
    expect(fitLine(samples.map((s) => [s.watchers, s.usage.ms] as const)).slope).toBeCloseTo(1 / 90, 10);
    expect(fit.perWatcher.ms).toBe(0);
    expect(fit.fixed.ms).toBe(40.5);
    expect(usageAt(fit, 100_000).messages).toBeCloseTo(100_001, 6);
  });

  it('drops a per-watcher part too small to matter over the measured range (a log line one digit longer)', () => {
    const fit = fitUsage([
      { watchers: 10, usage: { logBytes: 660 } },
      { watchers: 10, usage: { logBytes: 660 } },
      { watchers: 100, usage: { logBytes: 662 } },
      { watchers: 100, usage: { logBytes: 662 } },
    ]);
    // An exact slope of 2/90 byte per watcher adds 2 bytes over 90 watchers, under 5% of 661.
    expect(fit).toEqual({ fixed: { logBytes: 661 }, perWatcher: { logBytes: 0 } });
  });

  it('a usage is never below zero where a fitted intercept dips under it', () => {
    expect(usageAt({ fixed: { a: -2 }, perWatcher: { a: 1 } }, 1)).toEqual({ a: 0 });
    expect(usageAt({ fixed: { a: -2 }, perWatcher: { a: 1 } }, 5)).toEqual({ a: 3 });
  });
});

describe('billing units', () => {
  it('PutEvents entry size: 14 bytes for Time, then Source, DetailType, Detail and resources in UTF-8', () => {
    expect(putEventsEntrySize({ Source: 'game', DetailType: 'x', Detail: '{}' })).toBe(7);
    expect(putEventsEntrySize({ Time: new Date(0), Source: 'game', DetailType: 'x', Detail: '{}', Resources: ['arn'] })).toBe(24);
  });

  it('one billed event per started 64 KB, one WebSocket message per started 32 KB', () => {
    expect(billedEvents({ Source: 's', DetailType: 'd', Detail: 'x'.repeat(64 * 1024 - 2) })).toBe(1);
    expect(billedEvents({ Source: 's', DetailType: 'd', Detail: 'x'.repeat(64 * 1024 - 1) })).toBe(2);
    expect(webSocketMessageUnits(140)).toBe(1);
    expect(webSocketMessageUnits(32 * 1024 + 1)).toBe(2);
  });

  it('a log event counts its message plus 26 bytes', () => {
    expect(logEventBytes(2, 100)).toBe(152);
  });
});

describe('quotas and prices', () => {
  it('every quota and price names its source page and the day it was read', () => {
    for (const entry of [...Object.values(QUOTAS), ...Object.values(PRICES)]) {
      expect(entry.source.url).toMatch(/^https:\/\/(docs\.aws\.amazon\.com|aws\.amazon\.com)\//);
      expect(entry.source.read).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('a price without a value says why', () => {
    for (const price of Object.values(PRICES)) {
      if (price.usdPerUnit === undefined) expect(price.source.note).toMatch(/no eu-west-1 rate was found|no stored copy of the pricing page was found/);
    }
  });
});
