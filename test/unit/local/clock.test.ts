import { ControllableClock, scaledDelayMs } from '../../../local/clock';

describe('ControllableClock', () => {
  it('follows real time by default', () => {
    const clock = new ControllableClock();
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(50);
    clock.stop();
  });

  it('fires due timers in order of due time when advanced', () => {
    const clock = new ControllableClock({ start: new Date('2024-01-01T00:00:00Z'), frozen: true });
    const fired: string[] = [];
    clock.setTimer(new Date('2024-01-01T00:02:00Z'), () => fired.push('two'));
    clock.setTimer(new Date('2024-01-01T00:01:00Z'), () => fired.push('one'));
    clock.setTimer(new Date('2024-01-01T00:01:00Z'), () => fired.push('one-bis'));
    const cancel = clock.setTimer(new Date('2024-01-01T00:01:30Z'), () => fired.push('cancelled'));
    clock.setTimer(new Date('2024-01-01T01:00:00Z'), () => fired.push('later'));
    cancel();

    clock.advance(90_000);
    expect(fired).toEqual(['one', 'one-bis']);
    expect(clock.now().toISOString()).toBe('2024-01-01T00:01:30.000Z');
    clock.advance(30_000);
    expect(fired).toEqual(['one', 'one-bis', 'two']);
    expect(clock.pendingTimers()).toBe(1);
    clock.set(new Date('2024-01-02T00:00:00Z'));
    expect(fired.at(-1)).toBe('later');
    clock.stop();
  });

  it('fires timers a callback schedules within the advanced span', () => {
    const clock = new ControllableClock({ start: new Date(0), frozen: true });
    const due: number[] = [];
    let next = 1000;
    const tick = (): void => {
      due.push(next);
      next += 1000;
      clock.setTimer(new Date(next), tick);
    };
    clock.setTimer(new Date(next), tick);
    clock.advance(3500);
    // Callbacks run with the clock already advanced; a chain of due timers keeps firing.
    expect(due).toEqual([1000, 2000, 3000]);
    expect(clock.now().getTime()).toBe(3500);
    clock.stop();
  });

  it('fires timers on real time when not frozen', async () => {
    const clock = new ControllableClock();
    const fired = await new Promise<boolean>((resolve) => {
      clock.setTimer(new Date(clock.now().getTime() + 20), () => resolve(true));
    });
    expect(fired).toBe(true);
    clock.stop();
  });

  it('scales nominal delays', () => {
    expect(scaledDelayMs(60, 0.001)).toBe(60);
    expect(scaledDelayMs(2, 1)).toBe(2000);
  });
});
