/** The benchmark's statistics helpers (pure: no timing is asserted). */
import { concurrentBatch, interleave, mean, median, percentile, perSecond, ratio, summarize } from '../../../bench/lib/stats';

describe('bench stats', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted on purpose

  it('percentile is nearest-rank: always an observed value', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([1, 2, 3], 1)).toBe(1);
    expect(() => percentile([1], 0)).toThrow(/percentile/);
    expect(() => percentile([], 50)).toThrow(/no values/);
    expect(() => percentile([1, Number.NaN], 50)).toThrow(/finite/);
  });

  it('median averages the two middle values of an even sample', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(mean([1, 2, 3, 6])).toBe(3);
  });

  it('summarize reports n, min, p50, p95, p99, max and mean', () => {
    expect(summarize(hundred)).toEqual({ n: 100, min: 1, p50: 50.5, p95: 95, p99: 99, max: 100, mean: 50.5 });
  });

  it('ratio and perSecond', () => {
    expect(ratio(1, 4)).toBe(0.25);
    expect(ratio(1, 0)).toBeUndefined();
    expect(ratio(1, undefined)).toBeUndefined();
    expect(perSecond(500, 250)).toBe(2000);
    expect(() => perSecond(1, 0)).toThrow(/positive/);
  });

  it('concurrentBatch starts every task, keeps rejections and one latency per task', async () => {
    let started = 0;
    const batch = await concurrentBatch(5, async (i) => {
      started++;
      await new Promise((r) => setTimeout(r, 1));
      if (i === 3) throw new Error('boom');
      return i * 2;
    });
    expect(started).toBe(5);
    expect(batch.results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(batch.results[4]).toEqual({ status: 'fulfilled', value: 8 });
    expect(batch.latenciesMs).toHaveLength(5);
    expect(batch.latenciesMs.every((ms) => ms >= 0 && ms <= batch.wallMs)).toBe(true);
  });

  it('interleave alternates a and b', async () => {
    const order: string[] = [];
    const out = await interleave(
      3,
      async (r) => {
        order.push(`a${r}`);
        return r;
      },
      async (r) => {
        order.push(`b${r}`);
        return -r;
      },
    );
    expect(order).toEqual(['a0', 'b0', 'a1', 'b1', 'a2', 'b2']);
    expect(out).toEqual({ a: [0, 1, 2], b: [-0, -1, -2] });
  });
});
