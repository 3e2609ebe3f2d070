import { SharedExclusiveLock } from '../../../local/dynamodb/shared-exclusive-lock';

/** A task that records when it runs and finishes when the test says so. */
function gate(): { readonly promise: Promise<void>; readonly open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('SharedExclusiveLock (the local DynamoDB endpoint)', () => {
  it('runs shared holders together', async () => {
    const lock = new SharedExclusiveLock();
    const gates = [gate(), gate(), gate()];
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      lock.shared(async () => {
        started.push(i);
        await g.promise;
        return i;
      }),
    );
    await turn();
    expect(started).toEqual([0, 1, 2]);
    expect(lock.holders).toEqual({ shared: 3, exclusive: false, waiting: 0 });
    for (const g of gates) g.open();
    expect(await Promise.all(runs)).toEqual([0, 1, 2]);
    expect(lock.holders).toEqual({ shared: 0, exclusive: false, waiting: 0 });
  });

  it('runs an exclusive holder alone, after the shared holders before it and before those after it', async () => {
    const lock = new SharedExclusiveLock();
    const events: string[] = [];
    const first = gate();
    const exclusive = gate();
    const a = lock.shared(async () => {
      events.push('shared 1 start');
      await first.promise;
      events.push('shared 1 end');
    });
    const x = lock.exclusive(async () => {
      events.push('exclusive start');
      await exclusive.promise;
      events.push('exclusive end');
    });
    const b = lock.shared(async () => {
      events.push('shared 2 start');
    });
    await turn();
    expect(events).toEqual(['shared 1 start']);
    expect(lock.holders).toEqual({ shared: 1, exclusive: false, waiting: 2 });
    first.open();
    await turn();
    expect(events).toEqual(['shared 1 start', 'shared 1 end', 'exclusive start']);
    expect(lock.holders).toEqual({ shared: 0, exclusive: true, waiting: 1 });
    exclusive.open();
    await Promise.all([a, x, b]);
    expect(events).toEqual(['shared 1 start', 'shared 1 end', 'exclusive start', 'exclusive end', 'shared 2 start']);
  });

  it('serves exclusive holders one at a time, in arrival order', async () => {
    const lock = new SharedExclusiveLock();
    const events: string[] = [];
    const runs = [1, 2, 3].map((i) =>
      lock.exclusive(async () => {
        events.push(`start ${i}`);
        await turn();
        events.push(`end ${i}`);
      }),
    );
    await Promise.all(runs);
    expect(events).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('releases the lock when a holder fails', async () => {
    const lock = new SharedExclusiveLock();
    await expect(lock.exclusive(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lock.shared(async () => Promise.reject(new Error('bang')))).rejects.toThrow('bang');
    expect(lock.holders).toEqual({ shared: 0, exclusive: false, waiting: 0 });
    await expect(lock.exclusive(async () => 'next')).resolves.toBe('next');
  });
});
