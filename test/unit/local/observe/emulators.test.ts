import { EventBridgeClient, PutEventsCommand, StartReplayCommand } from '@aws-sdk/client-eventbridge';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { LocalAws, LocalBusConfig } from '../../../../local/aws';
import type { Observed } from '../../../../local/observe';
import { arn, clientConfig, startTestAws, writeZip } from '../support';

const BUS = 'observed';
const ruleArn = (name: string): string => arn('events', `rule/${BUS}/${name}`);
const queueArn = (name: string): string => arn('sqs', name);
const HANDLER = `exports.handler = async (event) => { if (event.detail && event.detail.fail) throw new Error('asked to fail'); console.log('handled', event.id); return { ok: true }; };`;

describe('what the emulators report on the observation stream', () => {
  let aws: LocalAws;
  let events: EventBridgeClient;
  let sqs: SQSClient;
  const seen: Observed[] = [];
  const fnArn = arn('lambda', 'function:worker');
  const throttledArn = arn('lambda', 'function:throttled');

  beforeAll(async () => {
    const zipPath = await writeZip({ 'index.js': HANDLER });
    const bus: LocalBusConfig = {
      name: BUS,
      arn: arn('events', `event-bus/${BUS}`),
      archives: [{ name: 'observed-archive', arn: arn('events', 'archive/observed-archive'), retentionDays: 0 }],
      rules: [
        { name: 'to-worker', arn: ruleArn('to-worker'), eventPattern: { source: ['test.ok'] }, state: 'ENABLED', targets: [{ id: 'w', arn: fnArn, retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 } }] },
        {
          name: 'to-throttled',
          arn: ruleArn('to-throttled'),
          eventPattern: { source: ['test.throttle'] },
          state: 'ENABLED',
          targets: [{ id: 't', arn: throttledArn, retryPolicy: { maximumRetryAttempts: 1, maximumEventAgeInSeconds: 3600 }, deadLetterArn: queueArn('rule-dlq') }],
        },
        { name: 'nothing', arn: ruleArn('nothing'), eventPattern: { source: ['test.none'] }, state: 'ENABLED', targets: [] },
      ],
    };
    aws = await startTestAws({
      functions: [
        { name: 'worker', arn: fnArn, zipPath, handler: 'index.handler', runtime: 'nodejs20.x', environment: {}, timeoutSeconds: 5, memoryMb: 128, asyncRetryAttempts: 0, onFailureDestinationArn: queueArn('fn-dlq') },
        { name: 'throttled', arn: throttledArn, zipPath, handler: 'index.handler', runtime: 'nodejs20.x', environment: {}, timeoutSeconds: 5, memoryMb: 128, reservedConcurrency: 0 },
      ],
      queues: [
        { name: 'rule-dlq', arn: queueArn('rule-dlq'), visibilityTimeoutSeconds: 30, messageRetentionSeconds: 3600 },
        { name: 'fn-dlq', arn: queueArn('fn-dlq'), visibilityTimeoutSeconds: 30, messageRetentionSeconds: 3600 },
      ],
      buses: [bus],
      schedules: [
        {
          name: 'later',
          groupName: 'default',
          scheduleExpression: 'at(2099-01-01T00:00:00)',
          flexibleTimeWindow: { mode: 'OFF' },
          state: 'ENABLED',
          target: { arn: fnArn, roleArn: 'arn:aws:iam::000000000000:role/scheduler', input: '{"from":"schedule"}', retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 } },
        },
      ],
    });
    aws.observe.subscribe((o) => seen.push(o));
    events = new EventBridgeClient(clientConfig(aws.endpoint));
    sqs = new SQSClient(clientConfig(aws.endpoint));
  });
  afterAll(async () => {
    events?.destroy();
    sqs?.destroy();
    await aws?.stop();
  });

  const put = async (source: string, detail: object): Promise<string> => {
    const { Entries = [] } = await events.send(new PutEventsCommand({ Entries: [{ EventBusName: BUS, Source: source, DetailType: 'test', Detail: JSON.stringify(detail) }] }));
    await aws.settled();
    return String(Entries[0].EventId);
  };
  const about = (eventId: string): Observed[] => seen.filter((o) => ('eventId' in o && o.eventId === eventId) || (o.type === 'event.received' && o.event.id === eventId));

  it('follows a delivered event: received, matched, delivered, and the invocation it caused', async () => {
    const id = await put('test.ok', { n: 1 });
    expect(about(id).map((o) => o.type)).toEqual(['event.received', 'rule.matched', 'delivery.attempted']);
    expect(about(id)[1]).toMatchObject({ busName: BUS, ruleArn: ruleArn('to-worker'), ruleName: 'to-worker', targetArns: [fnArn] });
    expect(about(id)[2]).toMatchObject({ ruleArn: ruleArn('to-worker'), targetArn: fnArn, attempt: 1, outcome: 'delivered' });
    const started = seen.find((o) => o.type === 'lambda.started' && o.payload.includes(id));
    expect(started).toMatchObject({ functionName: 'worker' });
    const requestId = started?.type === 'lambda.started' ? started.requestId : '';
    const ended = seen.find((o) => o.type === 'lambda.ended' && o.requestId === requestId);
    expect(ended).toMatchObject({ functionName: 'worker', ok: true });
    expect(ended?.type === 'lambda.ended' && ended.logs.some((line) => line.includes(`handled ${id}`))).toBe(true);
    const seqs = about(id).map((o) => o.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('reports an event no rule matches as received only, and a match of a rule without targets', async () => {
    const unmatched = await put('test.unmatched', {});
    expect(about(unmatched).map((o) => o.type)).toEqual(['event.received']);
    const untargeted = await put('test.none', {});
    expect(about(untargeted).map((o) => o.type)).toEqual(['event.received', 'rule.matched']);
    expect(about(untargeted)[1]).toMatchObject({ ruleName: 'nothing', targetArns: [] });
  });

  it('reports failed attempts, the retry and the dead letter with its queue and error', async () => {
    const id = await put('test.throttle', {});
    const types = about(id).map((o) => o.type);
    expect(types).toEqual(['event.received', 'rule.matched', 'delivery.attempted', 'delivery.retry-scheduled', 'delivery.attempted', 'delivery.dead-lettered']);
    expect(about(id)[2]).toMatchObject({ outcome: 'failed', attempt: 1, errorCode: 'THROTTLING' });
    expect(about(id)[4]).toMatchObject({ outcome: 'failed', attempt: 2, errorCode: 'THROTTLING' });
    expect(about(id)[5]).toMatchObject({ outcome: 'dlq', deadLetterArn: queueArn('rule-dlq'), errorCode: 'THROTTLING', retryAttempts: 1, exhaustedRetryCondition: 'MaximumRetryAttempts' });
    expect(seen.some((o) => o.type === 'queue.changed' && o.queueName === 'rule-dlq')).toBe(true);
  });

  it('reports every change of a queue: arrivals and deletions', async () => {
    const before = seen.filter((o) => o.type === 'queue.changed' && o.queueName === 'rule-dlq').length;
    const url = `${aws.endpoint}/${aws.account.accountId}/rule-dlq`;
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    expect(Messages.length).toBeGreaterThan(0);
    for (const m of Messages) await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }));
    expect(seen.filter((o) => o.type === 'queue.changed' && o.queueName === 'rule-dlq').length).toBeGreaterThanOrEqual(before + 1 + Messages.length);
  });

  it('reports a failed invocation with its error', async () => {
    const id = await put('test.ok', { fail: true });
    const started = seen.find((o) => o.type === 'lambda.started' && o.payload.includes(id));
    const requestId = started?.type === 'lambda.started' ? started.requestId : '';
    expect(seen.find((o) => o.type === 'lambda.ended' && o.requestId === requestId)).toMatchObject({ ok: false, errorType: 'Error', errorMessage: 'asked to fail' });
    expect(seen.some((o) => o.type === 'queue.changed' && o.queueName === 'fn-dlq')).toBe(true);
  });

  it('reports a replayed event as received again, with the replay name on its matches and deliveries', async () => {
    const id = await put('test.ok', { n: 'to replay' });
    await events.send(
      new StartReplayCommand({
        ReplayName: 'again',
        EventSourceArn: arn('events', 'archive/observed-archive'),
        EventStartTime: new Date(aws.clock.now().getTime() - 60_000),
        EventEndTime: new Date(aws.clock.now().getTime() + 60_000),
        Destination: { Arn: arn('events', `event-bus/${BUS}`), FilterArns: [ruleArn('to-worker')] },
      }),
    );
    await aws.settled();
    const replayed = seen.filter((o) => (o.type === 'event.received' && o.event.id === id && o.event['replay-name'] === 'again') || ('eventId' in o && o.eventId === id && 'replayName' in o && o.replayName === 'again'));
    expect(replayed.map((o) => o.type)).toEqual(['event.received', 'rule.matched', 'delivery.attempted']);
    expect(replayed[1]).toMatchObject({ ruleName: 'to-worker', replayName: 'again' });
    expect(replayed[2]).toMatchObject({ outcome: 'delivered', replayName: 'again' });
  });

  it('reports the clock moving, the schedule it fires and the schedules changing', async () => {
    const [next] = aws.services.scheduler.overview().filter((s) => s.name === 'later');
    expect(next).toMatchObject({ groupName: 'default', expression: 'at(2099-01-01T00:00:00)', nextFireAt: '2099-01-01T00:00:00.000Z', fromStack: true });
    const from = seen.length;
    aws.clock.set(new Date('2099-01-01T00:00:01Z'));
    await aws.settled();
    const after = seen.slice(from);
    expect(after[0]).toMatchObject({ type: 'clock.changed', now: '2099-01-01T00:00:01.000Z' });
    expect((after[0] as { offsetMs: number }).offsetMs).toBeGreaterThan(0);
    expect(after.find((o) => o.type === 'schedule.fired')).toMatchObject({ groupName: 'default', name: 'later', targetArn: fnArn, scheduledAt: '2099-01-01T00:00:00Z' });
    expect(after.some((o) => o.type === 'schedules.changed')).toBe(true);
    expect(after.some((o) => o.type === 'lambda.started' && o.functionName === 'worker' && o.payload.includes('schedule'))).toBe(true);
    const [done] = aws.services.scheduler.overview().filter((s) => s.name === 'later');
    expect(done.nextFireAt).toBeUndefined();
    expect(done.lastFiredAt).toBe('2099-01-01T00:00:00.000Z');
  });
});
