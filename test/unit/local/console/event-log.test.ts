import { EventLog, eventKeyOfPayload } from '../../../../local/console/event-log';
import type { DeadLetterMessage } from '../../../../local/console/shared/api';
import type { EventEnvelope } from '../../../../local/eventbridge/envelope';
import type { Observation, Observed } from '../../../../local/observe';

const RULE = 'arn:aws:events:eu-west-1:111111111111:rule/bus/to-fn';
const TARGET = 'arn:aws:lambda:eu-west-1:111111111111:function:fn';
const DLQ = 'arn:aws:sqs:eu-west-1:111111111111:fn-dlq';

let seq = 0;
const observed = (o: Observation): Observed => ({ ...o, seq: ++seq, at: `2030-01-01T00:00:${String(seq % 60).padStart(2, '0')}.000Z` }) as Observed;
const envelope = (id: string, extra: Partial<EventEnvelope> = {}): EventEnvelope => ({
  version: '0',
  id,
  'detail-type': 'thing.happened',
  source: 'test',
  account: '111111111111',
  time: '2030-01-01T00:00:00Z',
  region: 'eu-west-1',
  resources: [],
  detail: { attemptId: `attempt-of-${id}` },
  ...extra,
});

function receive(log: EventLog, id: string, extra: Partial<EventEnvelope> = {}): void {
  log.apply(observed({ type: 'event.received', busName: 'bus', event: envelope(id, extra) }));
}
function match(log: EventLog, id: string, replayName?: string): void {
  log.apply(observed({ type: 'rule.matched', busName: 'bus', eventId: id, replayName, ruleArn: RULE, ruleName: 'to-fn', targetArns: [TARGET] }));
}

describe('the console event log', () => {
  it('follows an event through its match, delivery and the invocation it caused', () => {
    const log = new EventLog();
    receive(log, 'e1');
    expect(log.get('e1')?.status).toBe('unmatched');
    match(log, 'e1');
    expect(log.get('e1')?.status).toBe('in-flight');
    log.apply(observed({ type: 'delivery.attempted', eventId: 'e1', ruleArn: RULE, targetArn: TARGET, attempt: 1, outcome: 'delivered' }));
    expect(log.get('e1')?.status).toBe('delivered');
    const payload = JSON.stringify(envelope('e1'));
    const started = log.apply(observed({ type: 'lambda.started', functionName: 'fn', requestId: 'r1', payload }));
    expect(started.record?.key).toBe('e1');
    expect(log.get('e1')?.status).toBe('in-flight');
    log.apply(observed({ type: 'lambda.ended', functionName: 'fn', requestId: 'r1', ok: true, durationMs: 12, logs: ['hello'] }));
    const record = log.get('e1');
    expect(record?.status).toBe('delivered');
    expect(record?.matches[0].targets[0]).toMatchObject({ state: 'delivered', attempts: [{ attempt: 1, outcome: 'delivered' }] });
    expect(record?.invocations).toEqual([expect.objectContaining({ functionName: 'fn', requestId: 'r1', attempt: 1, ok: true, durationMs: 12, logs: ['hello'] })]);
    expect(log.counters.rules[RULE]).toEqual({ matched: 1 });
    expect(log.counters.targets[`${RULE} ${TARGET}`]).toMatchObject({ attempts: 1, delivered: 1, failed: 0 });
    expect(log.counters.functions.fn).toEqual({ invocations: 1, errors: 0, running: 0, totalDurationMs: 12 });
  });

  it('shows retries, then the dead letter, and counts asynchronous attempts of one request', () => {
    const log = new EventLog();
    receive(log, 'e2');
    match(log, 'e2');
    log.apply(observed({ type: 'delivery.attempted', eventId: 'e2', ruleArn: RULE, targetArn: TARGET, attempt: 1, outcome: 'failed', errorCode: 'THROTTLING', errorMessage: 'Rate exceeded' }));
    log.apply(observed({ type: 'delivery.retry-scheduled', eventId: 'e2', ruleArn: RULE, targetArn: TARGET, attempt: 1, delayMs: 40 }));
    expect(log.get('e2')?.status).toBe('retrying');
    expect(log.get('e2')?.matches[0].targets[0]).toMatchObject({ state: 'retrying', retryInMs: 40 });
    log.apply(observed({ type: 'delivery.attempted', eventId: 'e2', ruleArn: RULE, targetArn: TARGET, attempt: 2, outcome: 'failed', errorCode: 'THROTTLING', errorMessage: 'Rate exceeded' }));
    log.apply(observed({ type: 'delivery.dead-lettered', eventId: 'e2', ruleArn: RULE, targetArn: TARGET, outcome: 'dlq', deadLetterArn: DLQ, errorCode: 'THROTTLING', errorMessage: 'Rate exceeded', retryAttempts: 1, exhaustedRetryCondition: 'MaximumRetryAttempts' }));
    const target = log.get('e2')?.matches[0].targets[0];
    expect(log.get('e2')?.status).toBe('dead-lettered');
    expect(target).toMatchObject({ state: 'dead-lettered', failure: { errorCode: 'THROTTLING', retryAttempts: 1, deadLetterArn: DLQ, exhaustedRetryCondition: 'MaximumRetryAttempts' } });
    expect(target?.attempts.map((a) => a.outcome)).toEqual(['failed', 'failed']);
    expect(log.counters.targets[`${RULE} ${TARGET}`]).toMatchObject({ attempts: 2, delivered: 0, failed: 2, retries: 1, deadLettered: 1 });

    receive(log, 'e3');
    const payload = JSON.stringify(envelope('e3'));
    log.apply(observed({ type: 'lambda.started', functionName: 'fn', requestId: 'r3', payload }));
    log.apply(observed({ type: 'lambda.ended', functionName: 'fn', requestId: 'r3', ok: false, durationMs: 5, errorType: 'Error', errorMessage: 'boom', logs: [] }));
    expect(log.get('e3')?.status).toBe('retrying');
    // Lambda retries with the same request id and the same payload.
    log.apply(observed({ type: 'lambda.started', functionName: 'fn', requestId: 'r3', payload }));
    log.apply(observed({ type: 'lambda.ended', functionName: 'fn', requestId: 'r3', ok: true, durationMs: 5, logs: [] }));
    expect(log.get('e3')?.invocations.map((i) => [i.attempt, i.ok])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(log.get('e3')?.status).toBe('unmatched');
    expect(log.counters.functions.fn).toMatchObject({ invocations: 2, errors: 1, running: 0 });
  });

  it('attaches dead letters to the event they carry and counts them per queue', () => {
    const log = new EventLog();
    receive(log, 'e4');
    const letter: DeadLetterMessage = {
      queueName: 'fn-dlq',
      messageId: 'm1',
      sentAt: '2030-01-01T00:00:00.000Z',
      receiveCount: 0,
      attributes: {},
      errors: { CONDITION: 'RetriesExhausted' },
      source: { kind: 'function', functionArn: TARGET },
      eventId: 'e4',
      body: JSON.stringify({ requestPayload: envelope('e4') }),
    };
    const changed = log.addDeadLetters('fn-dlq', 1, [letter, { ...letter, messageId: 'm2', eventId: 'not-in-the-log' }]);
    expect(changed.map((r) => r.key)).toEqual(['e4']);
    expect(log.get('e4')?.deadLetters).toEqual([letter]);
    expect(log.get('e4')?.status).toBe('dead-lettered');
    expect(log.counters.deadLetterQueues['fn-dlq']).toEqual({ arrivals: 2, depth: 1 });
  });

  it('keeps a replayed copy apart from the original', () => {
    const log = new EventLog();
    receive(log, 'e5');
    receive(log, 'e5', { 'replay-name': 'again' });
    match(log, 'e5', 'again');
    expect(log.list().map((r) => r.key)).toEqual(['e5@again', 'e5']);
    expect(log.get('e5')?.matches).toHaveLength(0);
    expect(log.get('e5@again')?.matches).toHaveLength(1);
    expect(eventKeyOfPayload(JSON.stringify(envelope('e5', { 'replay-name': 'again' })))).toBe('e5@again');
  });

  it('keeps only the most recent events, however many arrive, and forgets their invocations', () => {
    const log = new EventLog({ limit: 3 });
    for (let i = 1; i <= 5; i += 1) {
      receive(log, `k${i}`);
      log.apply(observed({ type: 'lambda.started', functionName: 'fn', requestId: `req-${i}`, payload: JSON.stringify(envelope(`k${i}`)) }));
    }
    expect(log.size).toBe(3);
    expect(log.list().map((r) => r.key)).toEqual(['k5', 'k4', 'k3']);
    // The evicted event's request is forgotten: its end changes no record.
    expect(log.apply(observed({ type: 'lambda.ended', functionName: 'fn', requestId: 'req-1', ok: true, durationMs: 1, logs: [] })).record).toBeUndefined();
    expect(log.apply(observed({ type: 'lambda.ended', functionName: 'fn', requestId: 'req-5', ok: true, durationMs: 1, logs: [] })).record?.key).toBe('k5');
    expect(log.counters.events).toBe(5);
    expect(() => new EventLog({ limit: 0 })).toThrow('the event log must keep at least 1 event, got 0');
  });

  it('finds the event in an invocation payload only when it is an EventBridge event', () => {
    expect(eventKeyOfPayload('{"id":"x","detail-type":"t","source":"s"}')).toBe('x');
    expect(eventKeyOfPayload('{"fakemon":["a"]}')).toBeUndefined();
    expect(eventKeyOfPayload('{"detail-type": broken')).toBeUndefined();
    expect(eventKeyOfPayload('"just text"')).toBeUndefined();
  });
});
