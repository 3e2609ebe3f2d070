import { ObservationStream } from '../../../../local/observe';
import type { Observed } from '../../../../local/observe';

describe('the observation stream', () => {
  it('numbers and stamps observations with the given clock, in order, for every listener', () => {
    const stream = new ObservationStream({ now: () => new Date('2030-01-02T03:04:05.000Z') });
    const first: Observed[] = [];
    const second: Observed[] = [];
    stream.subscribe((o) => first.push(o));
    stream.subscribe((o) => second.push(o));
    stream.publish({ type: 'schedules.changed' });
    stream.publish({ type: 'queue.changed', queueName: 'q', queueArn: 'arn:aws:sqs:us-east-1:000000000000:q' });
    expect(first).toEqual([
      { type: 'schedules.changed', seq: 1, at: '2030-01-02T03:04:05.000Z' },
      { type: 'queue.changed', queueName: 'q', queueArn: 'arn:aws:sqs:us-east-1:000000000000:q', seq: 2, at: '2030-01-02T03:04:05.000Z' },
    ]);
    expect(second).toEqual(first);
  });

  it('keeps publishing to the others when a listener throws, and reports the failure', () => {
    const failures: unknown[] = [];
    const stream = new ObservationStream({ onListenerError: (e) => failures.push(e) });
    const seen: string[] = [];
    stream.subscribe(() => {
      throw new Error('listener bug');
    });
    stream.subscribe((o) => seen.push(o.type));
    expect(() => stream.publish({ type: 'schedules.changed' })).not.toThrow();
    expect(seen).toEqual(['schedules.changed']);
    expect(failures).toEqual([expect.objectContaining({ message: 'listener bug' })]);
  });

  it('stops delivering to a listener that unsubscribed, and numbers nothing without listeners', () => {
    const stream = new ObservationStream();
    const seen: number[] = [];
    const stop = stream.subscribe((o) => seen.push(o.seq));
    stream.publish({ type: 'schedules.changed' });
    stop();
    expect(stream.listenerCount).toBe(0);
    stream.publish({ type: 'schedules.changed' });
    stream.subscribe((o) => seen.push(o.seq));
    stream.publish({ type: 'schedules.changed' });
    expect(seen).toEqual([1, 2]);
  });
});
