/**
 * With a data dir, work the runtime acknowledged is resumed after the process dies: each test takes a crash
 * image of the data dir (what a kill -9 at that instant leaves on disk) while work is pending, starts a new
 * runtime on the image, and checks the work completes there, with its retry state carried over.
 * The clocks are frozen, so retries happen exactly when a test moves time. The retry rules resumed are AWS's:
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html (EventBridge targets),
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html (Lambda: two retries, one
 * and two minutes apart), https://docs.aws.amazon.com/scheduler/latest/APIReference/API_RetryPolicy.html (Scheduler).
 */
import { PutEventsCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateScheduleCommand, GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import type { LocalAws, LocalFunctionConfig, LocalQueueConfig, StartLocalAwsOptions } from '../../../local/aws';
import { ControllableClock } from '../../../local/clock';
import { ACCOUNT, arn, clientConfig, crashImage, eventually, startTestAws, tempDir, writeZip } from './support';

const OK = 'export const handler = async (event) => ({ ok: true, event });';
const THROWS = "export const handler = async () => { throw new Error('not yet'); };";
const TEN_MINUTES = 10 * 60_000;

const running: LocalAws[] = [];
afterEach(async () => {
  for (const aws of running.splice(0)) await aws.stop();
});

async function start(options: StartLocalAwsOptions & { dataDir: string; clock: ControllableClock }): Promise<LocalAws> {
  const aws = await startTestAws({ timeScale: 1, ...options });
  running.push(aws);
  return aws;
}

const frozenClock = (start?: Date): ControllableClock => new ControllableClock({ frozen: true, start });
const queue = (name: string): LocalQueueConfig => ({ name, arn: arn('sqs', name), visibilityTimeoutSeconds: 30, messageRetentionSeconds: 86_400 });
const queueUrl = (aws: LocalAws, name: string): string => `${aws.endpoint}/${ACCOUNT}/${name}`;

function fn(name: string, zipPath: string, extra: Partial<LocalFunctionConfig> = {}): LocalFunctionConfig {
  return { name, arn: arn('lambda', `function:${name}`), zipPath, handler: 'index.handler', runtime: 'nodejs20.x', environment: {}, timeoutSeconds: 3, memoryMb: 128, ...extra };
}

async function receiveOne(aws: LocalAws, name: string): Promise<Message> {
  const sqs = new SQSClient(clientConfig(aws.endpoint));
  try {
    return await eventually(async () => (await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl(aws, name), MessageAttributeNames: ['All'] }))).Messages?.[0]);
  } finally {
    sqs.destroy();
  }
}

describe('recovery from the data dir after a crash', () => {
  it('resumes an EventBridge delivery in retry back-off, with the attempts it had made', async () => {
    const dataDir = tempDir();
    const okZip = await writeZip({ 'index.mjs': OK });
    const config = {
      queues: [queue('dead-letters')],
      // Reserved concurrency 0: every delivery is throttled, and EventBridge retries it.
      functions: [fn('busy', okZip, { reservedConcurrency: 0 })],
      buses: [
        {
          name: 'orders',
          arn: arn('events', 'event-bus/orders'),
          archives: [],
          rules: [
            {
              name: 'to-busy',
              arn: arn('events', 'rule/orders/to-busy'),
              eventPattern: { source: ['shop'] },
              state: 'ENABLED',
              targets: [
                {
                  id: 'busy',
                  arn: arn('lambda', 'function:busy'),
                  retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 86_400 },
                  deadLetterArn: arn('sqs', 'dead-letters'),
                },
              ],
            },
          ],
        },
      ],
    };
    const clock = frozenClock();
    const first = await start({ dataDir, clock, ...config });
    const events = new EventBridgeClient(clientConfig(first.endpoint));
    const put = await events.send(new PutEventsCommand({ Entries: [{ Source: 'shop', DetailType: 'order', Detail: '{"order":1}', EventBusName: 'orders' }] }));
    events.destroy();
    const eventId = put.Entries?.[0].EventId;
    await eventually(() => (first.services.events.counters.retried === 1 ? true : undefined));
    clock.advance(TEN_MINUTES);
    await eventually(() => (first.services.events.counters.retried === 2 ? true : undefined));
    const image = crashImage(dataDir);

    const second = await start({ dataDir: image, clock: frozenClock(clock.now()), ...config });
    expect(second.recovered).toEqual({ eventDeliveries: 1, asyncInvocations: 0, discardedInvocations: 0, scheduleOccurrences: 0 });
    second.clock.advance(TEN_MINUTES);
    await eventually(() => (second.services.events.counters.retried === 1 ? true : undefined));
    second.clock.advance(TEN_MINUTES);
    const dead = await receiveOne(second, 'dead-letters');
    expect(JSON.parse(dead.Body ?? '{}')).toMatchObject({ id: eventId, source: 'shop', detail: { order: 1 } });
    // Two attempts before the crash and two after: the fourth exhausts MaximumRetryAttempts 3.
    expect(dead.MessageAttributes?.RETRY_ATTEMPTS?.StringValue).toBe('3');
    expect(dead.MessageAttributes?.EXHAUSTED_RETRY_CONDITION?.StringValue).toBe('MaximumRetryAttempts');
    expect(second.services.events.counters.invocations).toBe(2);
  });

  it('resumes an asynchronous Lambda invocation waiting for its retry, with its invoke count', async () => {
    const dataDir = tempDir();
    const clock = frozenClock();
    const first = await start({ dataDir, clock, functions: [fn('flaky', await writeZip({ 'index.mjs': THROWS }))] });
    const lambda = new LambdaClient(clientConfig(first.endpoint));
    const accepted = await lambda.send(new InvokeCommand({ FunctionName: 'flaky', InvocationType: 'Event', Payload: Buffer.from('{"order":7}') }));
    lambda.destroy();
    expect(accepted.StatusCode).toBe(202);
    // The first attempt failed; Lambda retries it a minute later.
    await eventually(() => (first.services.lambda.counters.asyncRetries === 1 ? true : undefined));
    const image = crashImage(dataDir);

    // The fixed function, now with an on-success destination to see the outcome.
    const fixed = fn('flaky', await writeZip({ 'index.mjs': OK }), { onSuccessDestinationArn: arn('sqs', 'succeeded') });
    const second = await start({ dataDir: image, clock: frozenClock(clock.now()), functions: [fixed], queues: [queue('succeeded')] });
    expect(second.recovered.asyncInvocations).toBe(1);
    expect(second.services.lambda.counters.invocations).toBe(0);
    second.clock.advance(TEN_MINUTES);
    const record = JSON.parse((await receiveOne(second, 'succeeded')).Body ?? '{}');
    expect(record).toMatchObject({ requestContext: { condition: 'Success', approximateInvokeCount: 2 }, requestPayload: { order: 7 } });
  });

  it('keeps every SQS message SendMessage acknowledged, with its receive count, and none that was deleted', async () => {
    const dataDir = tempDir();
    const first = await start({ dataDir, clock: frozenClock(), queues: [queue('work')] });
    const sqs = new SQSClient(clientConfig(first.endpoint));
    for (const body of ['a', 'b', 'c']) await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl(first, 'work'), MessageBody: body }));
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl(first, 'work'), MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
    const c = received.Messages?.find((message) => message.Body === 'c');
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl(first, 'work'), ReceiptHandle: c?.ReceiptHandle }));
    sqs.destroy();
    const image = crashImage(dataDir);

    const second = await start({ dataDir: image, clock: frozenClock(), queues: [queue('work')] });
    const again = new SQSClient(clientConfig(second.endpoint));
    const after = await again.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl(second, 'work'), MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }),
    );
    again.destroy();
    expect(after.Messages?.map((message) => [message.Body, message.Attributes?.ApproximateReceiveCount])).toEqual([
      ['a', '2'],
      ['b', '2'],
    ]);
  });

  it('keeps schedules CreateSchedule acknowledged and resumes an occurrence in retry, then deletes the completed schedule', async () => {
    const dataDir = tempDir();
    const clock = frozenClock();
    const okZip = await writeZip({ 'index.mjs': OK });
    const first = await start({ dataDir, clock, functions: [fn('busy', okZip, { reservedConcurrency: 0 })] });
    const scheduler = new SchedulerClient(clientConfig(first.endpoint));
    const atIso = (ms: number): string => `at(${new Date(ms).toISOString().slice(0, 19)})`;
    const target = {
      Arn: arn('lambda', 'function:busy'),
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/scheduler`,
      Input: '{"remind":"cart-9"}',
      RetryPolicy: { MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 86_400 },
    };
    const soon = clock.now().getTime() + 60_000;
    await scheduler.send(
      new CreateScheduleCommand({ Name: 'once', ScheduleExpression: atIso(soon), FlexibleTimeWindow: { Mode: 'OFF' }, ActionAfterCompletion: 'DELETE', Target: target }),
    );
    await scheduler.send(
      new CreateScheduleCommand({ Name: 'tomorrow', ScheduleExpression: atIso(soon + 86_400_000), FlexibleTimeWindow: { Mode: 'OFF' }, Target: target }),
    );
    scheduler.destroy();
    clock.advance(2 * 60_000);
    // The occurrence came due; the throttled target failed it once and a retry is waiting.
    await eventually(() => (first.services.scheduler.counters.retried === 1 ? true : undefined));
    const image = crashImage(dataDir);

    const fixed = fn('busy', okZip, { onSuccessDestinationArn: arn('sqs', 'succeeded') });
    const second = await start({ dataDir: image, clock: frozenClock(clock.now()), functions: [fixed], queues: [queue('succeeded')] });
    expect(second.recovered.scheduleOccurrences).toBe(1);
    second.clock.advance(TEN_MINUTES);
    const record = JSON.parse((await receiveOne(second, 'succeeded')).Body ?? '{}');
    expect(record).toMatchObject({ requestPayload: { remind: 'cart-9' } });
    const again = new SchedulerClient(clientConfig(second.endpoint));
    try {
      await eventually(async () => {
        try {
          await again.send(new GetScheduleCommand({ Name: 'once' }));
          return undefined;
        } catch (error) {
          return (error as Error).name === 'ResourceNotFoundException' ? true : undefined;
        }
      });
      expect((await again.send(new GetScheduleCommand({ Name: 'tomorrow' }))).ScheduleExpression).toBe(atIso(soon + 86_400_000));
    } finally {
      again.destroy();
    }
    expect(second.services.scheduler.counters.succeeded).toBe(1);
  });

  it('keeps the local clock’s advance across restarts', async () => {
    const dataDir = tempDir();
    const clockOf = async (aws: LocalAws): Promise<{ offsetMs: number }> => (await fetch(`${aws.endpoint}/_local/clock`)).json() as Promise<{ offsetMs: number }>;
    const first = await startTestAws({ dataDir, clock: undefined });
    running.push(first);
    await fetch(`${first.endpoint}/_local/clock/advance`, { method: 'POST', body: JSON.stringify({ seconds: 86_400 }) });
    await first.stop();
    running.splice(0);

    const second = await startTestAws({ dataDir, clock: undefined });
    running.push(second);
    expect((await clockOf(second)).offsetMs).toBeGreaterThan(86_399_000);
  });

  it('says whether it is durable', async () => {
    const inMemory = await startTestAws();
    running.push(inMemory);
    expect([inMemory.durable, inMemory.recovered]).toEqual([false, { eventDeliveries: 0, asyncInvocations: 0, discardedInvocations: 0, scheduleOccurrences: 0 }]);
    const onDisk = await start({ dataDir: tempDir(), clock: frozenClock() });
    expect(onDisk.durable).toBe(true);
  });
});
