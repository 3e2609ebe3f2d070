import {
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  GetScheduleGroupCommand,
  ListScheduleGroupsCommand,
  ListSchedulesCommand,
  SchedulerClient,
  UpdateScheduleCommand,
  type CreateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import { ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import type { LocalAws } from '../../../local/aws';
import { nextCronOccurrence, parseCron, parseScheduleExpression } from '../../../local/scheduler';
import { arn, clientConfig, eventually, startTestAws, writeZip } from './support';

const ROLE = 'arn:aws:iam::000000000000:role/scheduler';
const BUS_ARN = arn('events', 'event-bus/carts');

function at(date: Date): string {
  return `at(${date.toISOString().slice(0, 19)})`;
}

describe('schedule expressions', () => {
  const after = new Date('2024-03-15T10:07:30Z'); // a Friday

  it.each([
    ['0 10 * * ? *', 'UTC', '2024-03-16T10:00:00.000Z'],
    ['0/15 * * * ? *', 'UTC', '2024-03-15T10:15:00.000Z'],
    ['0 9 ? * MON-FRI *', 'UTC', '2024-03-18T09:00:00.000Z'],
    ['15 10 ? * 6L 2024', 'UTC', '2024-03-29T10:15:00.000Z'],
    ['0 12 ? * 2#1 *', 'UTC', '2024-04-01T12:00:00.000Z'],
    ['0 0 L * ? *', 'UTC', '2024-03-31T00:00:00.000Z'],
    ['0 8 1 * ? *', 'America/New_York', '2024-04-01T12:00:00.000Z'],
    ['30 2 10 3 ? 2025', 'Europe/Paris', '2025-03-10T01:30:00.000Z'],
  ])('cron(%s) in %s next fires at %s', (fields, timeZone, expected) => {
    expect(nextCronOccurrence(parseCron(fields), after, timeZone)?.toISOString()).toBe(expected);
  });

  it.each(['rate(1 minutes)', 'rate(5 minute)', 'rate(0 minutes)', 'at(2024-02-30T00:00:00)', 'cron(0 10 * * * *)', 'cron(0 10 * *)', 'every(5 minutes)'])(
    'rejects %s',
    (expression) => {
      expect(() => parseScheduleExpression(expression)).toThrow(`Invalid Schedule Expression ${expression}.`);
    },
  );

  it('reads at() in the schedule time zone', () => {
    const parsed = parseScheduleExpression('at(2024-07-01T09:00:00)', 'Europe/Berlin');
    expect(parsed).toEqual({ kind: 'at', at: new Date('2024-07-01T07:00:00Z') });
  });
});

describe('local EventBridge Scheduler', () => {
  let aws: LocalAws;
  let scheduler: SchedulerClient;
  let sqs: SQSClient;

  const receive = async (queue: string): Promise<Message> => {
    const response = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: `${aws.endpoint}/000000000000/${queue}`, WaitTimeSeconds: 5, MessageAttributeNames: ['All'] }),
    );
    const message = response.Messages?.[0];
    if (!message) throw new Error(`nothing on ${queue}`);
    return message;
  };

  const busSchedule = (name: string, expression: string, extra: Partial<CreateScheduleCommandInput> = {}): CreateScheduleCommandInput => ({
    Name: name,
    ScheduleExpression: expression,
    FlexibleTimeWindow: { Mode: 'OFF' },
    Target: {
      Arn: BUS_ARN,
      RoleArn: ROLE,
      Input: JSON.stringify({ cartId: name }),
      EventBridgeParameters: { DetailType: 'cart.reminder_due', Source: 'cart.reminder-service' },
    },
    ...extra,
  });

  beforeAll(async () => {
    const queue = (name: string) => ({ name, arn: arn('sqs', name), visibilityTimeoutSeconds: 30, messageRetentionSeconds: 3600 });
    aws = await startTestAws({
      queues: [queue('reminders'), queue('ticks'), queue('scheduler-dlq'), queue('spawns')],
      buses: [
        {
          name: 'carts',
          arn: BUS_ARN,
          archives: [],
          rules: [
            {
              name: 'reminder-due',
              arn: arn('events', 'rule/carts/reminder-due'),
              eventPattern: { 'detail-type': ['cart.reminder_due'] },
              state: 'ENABLED',
              targets: [{ id: 'q', arn: arn('sqs', 'reminders'), retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 } }],
            },
          ],
        },
      ],
      functions: [
        {
          name: 'throttled',
          arn: arn('lambda', 'function:throttled'),
          zipPath: await writeZip({ 'index.mjs': 'export const handler = async () => "ok";' }),
          handler: 'index.handler',
          runtime: 'nodejs20.x',
          environment: {},
          timeoutSeconds: 3,
          memoryMb: 128,
          reservedConcurrency: 0,
        },
      ],
      scheduleGroups: [{ name: 'stack' }],
      schedules: [
        {
          name: 'spawn',
          groupName: 'stack',
          scheduleExpression: 'rate(1 minute)',
          flexibleTimeWindow: { mode: 'OFF' },
          target: { arn: arn('sqs', 'spawns'), roleArn: ROLE, input: '{"spawn":true}' },
        },
      ],
    });
    scheduler = new SchedulerClient(clientConfig(aws.endpoint));
    sqs = new SQSClient(clientConfig(aws.endpoint));
  });

  afterAll(async () => {
    scheduler.destroy();
    sqs.destroy();
    await aws.stop();
  });

  it('creates, conflicts, updates, gets, lists and deletes schedules', async () => {
    const later = at(new Date(aws.clock.now().getTime() + 86_400_000));
    const created = await scheduler.send(new CreateScheduleCommand(busSchedule('cart-1', later, { ClientToken: 'token-1' })));
    expect(created.ScheduleArn).toBe(arn('scheduler', 'schedule/default/cart-1'));
    // The same client token is idempotent; another request for the name conflicts.
    expect((await scheduler.send(new CreateScheduleCommand(busSchedule('cart-1', later, { ClientToken: 'token-1' })))).ScheduleArn).toBe(created.ScheduleArn);
    await expect(scheduler.send(new CreateScheduleCommand(busSchedule('cart-1', later, { ClientToken: 'token-2' })))).rejects.toMatchObject({
      name: 'ConflictException',
      $metadata: { httpStatusCode: 409 },
    });

    const fetched = await scheduler.send(new GetScheduleCommand({ Name: 'cart-1' }));
    expect(fetched).toMatchObject({
      Name: 'cart-1',
      GroupName: 'default',
      Arn: created.ScheduleArn,
      ScheduleExpression: later,
      ScheduleExpressionTimezone: 'UTC',
      State: 'ENABLED',
      ActionAfterCompletion: 'NONE',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: BUS_ARN, RoleArn: ROLE, RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 } },
    });
    expect(fetched.CreationDate).toBeInstanceOf(Date);

    await scheduler.send(new UpdateScheduleCommand({ ...busSchedule('cart-1', 'rate(5 minutes)'), State: 'DISABLED', Description: 'updated' }));
    const updated = await scheduler.send(new GetScheduleCommand({ Name: 'cart-1' }));
    expect(updated).toMatchObject({ ScheduleExpression: 'rate(5 minutes)', State: 'DISABLED', Description: 'updated' });
    await expect(scheduler.send(new UpdateScheduleCommand(busSchedule('nope', later)))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });

    await scheduler.send(new CreateScheduleCommand(busSchedule('cart-2', later)));
    await scheduler.send(new CreateScheduleCommand(busSchedule('other', later)));
    const page1 = await scheduler.send(new ListSchedulesCommand({ NamePrefix: 'cart-', MaxResults: 1 }));
    const page2 = await scheduler.send(new ListSchedulesCommand({ NamePrefix: 'cart-', MaxResults: 1, NextToken: page1.NextToken }));
    expect([...(page1.Schedules ?? []), ...(page2.Schedules ?? [])].map((summary) => summary.Name)).toEqual(['cart-1', 'cart-2']);
    expect(page2.NextToken).toBeUndefined();
    expect(page1.Schedules?.[0]).toMatchObject({ GroupName: 'default', State: 'DISABLED', Target: { Arn: BUS_ARN } });

    await scheduler.send(new DeleteScheduleCommand({ Name: 'cart-1' }));
    await expect(scheduler.send(new GetScheduleCommand({ Name: 'cart-1' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Schedule cart-1 does not exist.',
    });
    await expect(scheduler.send(new DeleteScheduleCommand({ Name: 'cart-1' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await scheduler.send(new DeleteScheduleCommand({ Name: 'cart-2' }));
    await scheduler.send(new DeleteScheduleCommand({ Name: 'other' }));
  });

  it('validates names, expressions and required members', async () => {
    const later = at(new Date(aws.clock.now().getTime() + 3_600_000));
    await expect(scheduler.send(new CreateScheduleCommand(busSchedule('bad name!', later)))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(scheduler.send(new CreateScheduleCommand(busSchedule('x'.repeat(65), later)))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(scheduler.send(new CreateScheduleCommand(busSchedule('bad-rate', 'rate(1 minutes)')))).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Invalid Schedule Expression rate(1 minutes).',
    });
    const { FlexibleTimeWindow: _window, ...withoutWindow } = busSchedule('no-window', later);
    void _window;
    await expect(scheduler.send(new CreateScheduleCommand(withoutWindow as CreateScheduleCommandInput))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(scheduler.send(new CreateScheduleCommand(busSchedule('in-missing-group', later, { GroupName: 'missing' })))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('manages schedule groups', async () => {
    const created = await scheduler.send(new CreateScheduleGroupCommand({ Name: 'carts' }));
    expect(created.ScheduleGroupArn).toBe(arn('scheduler', 'schedule-group/carts'));
    await expect(scheduler.send(new CreateScheduleGroupCommand({ Name: 'carts' }))).rejects.toMatchObject({ name: 'ConflictException' });
    expect(await scheduler.send(new GetScheduleGroupCommand({ Name: 'carts' }))).toMatchObject({ Name: 'carts', State: 'ACTIVE' });
    const groups = await scheduler.send(new ListScheduleGroupsCommand({}));
    expect(groups.ScheduleGroups?.map((group) => group.Name)).toEqual(['carts', 'default', 'stack']);
  });

  it('fires a one-time schedule on the bus when the clock reaches it, then deletes it (ActionAfterCompletion DELETE)', async () => {
    const when = new Date(aws.clock.now().getTime() + 15 * 60_000);
    const { ScheduleArn } = await scheduler.send(
      new CreateScheduleCommand(busSchedule('reminder-42', at(when), { ActionAfterCompletion: 'DELETE', GroupName: 'carts' })),
    );
    await aws.settled();
    expect(aws.services.events.counters.matched).toBe(0);

    aws.clock.advance(15 * 60_000 + 1000);
    const message = await receive('reminders');
    const event = JSON.parse(message.Body ?? '{}');
    expect(event).toMatchObject({
      source: 'cart.reminder-service',
      'detail-type': 'cart.reminder_due',
      resources: [ScheduleArn],
      detail: { cartId: 'reminder-42' },
    });
    await eventually(async () => {
      try {
        await scheduler.send(new GetScheduleCommand({ Name: 'reminder-42', GroupName: 'carts' }));
        return undefined;
      } catch (error) {
        return (error as Error).name === 'ResourceNotFoundException' ? true : undefined;
      }
    });
  });

  it('keeps a completed one-time schedule without ActionAfterCompletion', async () => {
    const when = new Date(aws.clock.now().getTime() + 60_000);
    await scheduler.send(new CreateScheduleCommand(busSchedule('kept', at(when))));
    aws.clock.advance(61_000);
    await receive('reminders');
    await aws.settled();
    expect((await scheduler.send(new GetScheduleCommand({ Name: 'kept' }))).Name).toBe('kept');
    await scheduler.send(new DeleteScheduleCommand({ Name: 'kept' }));
  });

  it('runs rate schedules every period, including the stack’s own', async () => {
    await scheduler.send(
      new CreateScheduleCommand({
        Name: 'ticker',
        ScheduleExpression: 'rate(5 minutes)',
        FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 1 },
        Target: { Arn: arn('sqs', 'ticks'), RoleArn: ROLE, Input: '{"tick":"<aws.scheduler.scheduled-time>"}' },
      }),
    );
    aws.clock.advance(10 * 60_000 + 1000);
    const ticks = [JSON.parse((await receive('ticks')).Body ?? '{}'), JSON.parse((await receive('ticks')).Body ?? '{}')];
    expect(ticks.map((tick) => tick.tick)).toEqual([expect.stringMatching(/Z$/), expect.stringMatching(/Z$/)]);
    expect(Date.parse(ticks[1].tick) - Date.parse(ticks[0].tick)).toBe(5 * 60_000);
    expect(JSON.parse((await receive('spawns')).Body ?? '{}')).toEqual({ spawn: true });
    await scheduler.send(new DeleteScheduleCommand({ Name: 'ticker' }));
  });

  it('retries a failing target, then writes the payload to the DLQ with the documented attributes', async () => {
    const when = new Date(aws.clock.now().getTime() + 60_000);
    const { ScheduleArn } = await scheduler.send(
      new CreateScheduleCommand({
        Name: 'doomed',
        ScheduleExpression: at(when),
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: {
          Arn: arn('lambda', 'function:throttled'),
          RoleArn: ROLE,
          Input: '{"doomed":true}',
          RetryPolicy: { MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: arn('sqs', 'scheduler-dlq') },
        },
      }),
    );
    aws.clock.advance(61_000);
    const message = await receive('scheduler-dlq');
    expect(message.Body).toBe('{"doomed":true}');
    const attributes = Object.fromEntries(Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, value.StringValue]));
    expect(attributes).toEqual({
      ERROR_CODE: 'TooManyRequestsException',
      ERROR_MESSAGE: 'Rate Exceeded.',
      EXECUTION_ID: expect.stringMatching(/^[0-9a-f]{16}$/),
      EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttempts',
      IS_PAYLOAD_TRUNCATED: 'false',
      RETRY_ATTEMPTS: '1',
      SCHEDULED_TIME: when.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      SCHEDULE_ARN: ScheduleArn,
      TARGET_ARN: arn('lambda', 'function:throttled'),
    });
    expect(aws.services.scheduler.counters.retried).toBeGreaterThanOrEqual(1);
  });
});
