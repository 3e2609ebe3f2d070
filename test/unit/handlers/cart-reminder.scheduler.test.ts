/**
 * The cart-reminder handler with the real `@aws-sdk/client-scheduler` client against the local
 * runtime's EventBridge Scheduler (restJson wire protocol, name validation, ClientToken idempotency,
 * firing on the local clock). The handler's flow with an in-memory scheduler is in
 * cart-reminder-handler.test.ts.
 */
import {
  GetScheduleCommand,
  ListSchedulesCommand,
  SchedulerClient,
  type GetScheduleCommandOutput,
} from '@aws-sdk/client-scheduler';
import { ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import type { CartReminderConfig } from '../../../handlers/src/cart-reminder/config';
import { SCHEDULE_NAME_PATTERN, scheduleNameFor } from '../../../handlers/src/cart-reminder/domain';
import { makeHandler } from '../../../handlers/src/cart-reminder/handler';
import { catalog } from '../../../handlers/src/events/catalog';
import { CART_ID_PATTERN } from '../../../handlers/src/events/primitives';
import { silentLogger } from '../../../handlers/src/shared/logger';
import { TABLES } from '../../../handlers/src/shared/tables';
import { startLocalAws, type LocalAws } from '../../../local/aws';
import { ControllableClock } from '../../../local/clock';
import { createTable, startDynalite, type DynaliteServer } from '../../support/dynalite';
import { eventOf, fixture } from '../../support/events';

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';
const arn = (service: string, resource: string): string => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;

const GROUP = 'test-cart-reminders';
const BUS = 'test-bus';
const REMINDERS_QUEUE = 'test-cart-reminders';
const SCHEDULE_DLQ = 'test-cart-reminder-schedules-dlq';

const config: CartReminderConfig = {
  scheduleGroupName: GROUP,
  reminderDelaySeconds: 86_400,
  eventBusArn: arn('events', `event-bus/${BUS}`),
  schedulerRoleArn: `arn:aws:iam::${ACCOUNT}:role/test-cart-reminder-scheduler`,
  scheduleDlqArn: arn('sqs', SCHEDULE_DLQ),
  // Not the API defaults (185 / 86400), so the test sees that the handler passes its own.
  scheduleMaxRetryAttempts: 3,
  scheduleMaxEventAgeSeconds: 3600,
  checkoutsTable: 'test-checkouts',
};

/** The fixtures' events happened at 10:00 and 10:05 on 2024-05-14; "now" is shortly after. */
const START = new Date('2024-05-14T10:06:00Z');

let aws: LocalAws;
let clock: ControllableClock;
let scheduler: SchedulerClient;
let sqs: SQSClient;
let handler: ReturnType<typeof makeHandler>;
let dynamo: DynaliteServer;
let tables = 0;

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(() => dynamo?.close());

beforeEach(async () => {
  clock = new ControllableClock({ start: START, frozen: true });
  const queue = (name: string) => ({ name, arn: arn('sqs', name), visibilityTimeoutSeconds: 30, messageRetentionSeconds: 1_209_600 });
  aws = await startLocalAws({
    port: 0,
    clock,
    timeScale: 0.001,
    functionLogs: 'silent',
    scheduleGroups: [{ name: GROUP }],
    queues: [queue(REMINDERS_QUEUE), queue(SCHEDULE_DLQ)],
    buses: [
      {
        name: BUS,
        arn: config.eventBusArn,
        archives: [],
        rules: [
          {
            name: 'cart-reminder-due',
            arn: arn('events', `rule/${BUS}/cart-reminder-due`),
            eventPattern: { source: [catalog.cartReminderDue.source], 'detail-type': [catalog.cartReminderDue.detailType] },
            state: 'ENABLED',
            targets: [{ id: 'cart-reminders', arn: arn('sqs', REMINDERS_QUEUE), retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 } }],
          },
        ],
      },
    ],
  });
  const client = { endpoint: aws.endpoint, region: REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 };
  scheduler = new SchedulerClient(client);
  sqs = new SQSClient(client);
  const checkoutsTable = `test-checkouts-${++tables}`;
  await createTable(dynamo.client, checkoutsTable, TABLES.checkouts);
  handler = makeHandler({ scheduler, dynamodb: dynamo.client, config: { ...config, checkoutsTable }, clock: () => clock.now(), logger: silentLogger });
});

afterEach(async () => {
  scheduler?.destroy();
  sqs?.destroy();
  await aws?.stop();
  clock?.stop();
});

const getSchedule = (cartId: string): Promise<GetScheduleCommandOutput> =>
  scheduler.send(new GetScheduleCommand({ Name: scheduleNameFor(cartId), GroupName: GROUP }));

async function schedulesInGroup(): Promise<string[]> {
  const { Schedules = [] } = await scheduler.send(new ListSchedulesCommand({ GroupName: GROUP }));
  return Schedules.map((s) => String(s.Name));
}

/** The part of GetSchedule's answer that the handler decides (no request metadata). */
function state(schedule: GetScheduleCommandOutput): Record<string, unknown> {
  const { $metadata: _metadata, ...rest } = schedule;
  return rest;
}

const itemAdded = (cartId: string, product: string, time: string, extra: { id?: string; user?: string } = {}) =>
  eventOf('cartItemAdded', { cartId, user: extra.user ?? 'alice', product, quantity: 1 }, { time, ...(extra.id ? { id: extra.id } : {}) });

const checkedOut = (cartId: string, time = '2024-05-14T10:05:00Z') => eventOf('cartCheckedOut', { cartId, user: 'alice' }, { time });

async function receiveAll(queue: string): Promise<Message[]> {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: `${aws.endpoint}/${ACCOUNT}/${queue}`, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], WaitTimeSeconds: 0 }),
  );
  return Messages;
}

describe('cart-reminder handler against the local EventBridge Scheduler', () => {
  it('cart.item_added creates a one-time schedule at event time + delay (UTC) that puts cart.reminder_due on the bus', async () => {
    const event = fixture('cart-item-added');
    expect(await handler(event)).toEqual({ action: 'created', scheduleName: 'cart.cart-42', at: '2024-05-15T10:00:00.000Z' });

    const schedule = await getSchedule('cart-42');
    expect(state(schedule)).toEqual({
      Arn: arn('scheduler', `schedule/${GROUP}/cart.cart-42`),
      Name: 'cart.cart-42',
      GroupName: GROUP,
      Description: 'Reminder for cart cart-42',
      ScheduleExpression: 'at(2024-05-15T10:00:00)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      State: 'ENABLED',
      CreationDate: START,
      LastModificationDate: START,
      Target: {
        Arn: config.eventBusArn,
        RoleArn: config.schedulerRoleArn,
        EventBridgeParameters: { DetailType: 'cart.reminder_due', Source: 'cart.reminder-service' },
        Input: expect.any(String),
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: config.scheduleDlqArn },
      },
    });
    const input = JSON.parse(String(schedule.Target?.Input)) as unknown;
    expect(input).toEqual({ cartId: 'cart-42', user: 'alice', product: ['poke-ball'] });
    expect(catalog.cartReminderDue.detail.safeParse(input).success).toBe(true);
    expect(await schedulesInGroup()).toEqual(['cart.cart-42']);
  });

  it('reads the event time in any offset and truncates it to the second: at() is always UTC', async () => {
    const result = await handler(itemAdded('cart-tz', 'potion', '2024-05-14T12:00:00.750+02:00'));
    expect(result).toMatchObject({ action: 'created', at: '2024-05-15T10:00:00.000Z' });
    expect(await getSchedule('cart-tz')).toMatchObject({ ScheduleExpression: 'at(2024-05-15T10:00:00)', ScheduleExpressionTimezone: 'UTC' });
  });

  it('a later item moves the reminder later and adds its product', async () => {
    await handler(itemAdded('cart-7', 'poke-ball', '2024-05-14T10:00:00Z'));
    const first = await getSchedule('cart-7');
    clock.advance(60_000);
    expect(await handler(itemAdded('cart-7', 'potion', '2024-05-14T10:04:30Z'))).toEqual({
      action: 'updated',
      scheduleName: 'cart.cart-7',
      at: '2024-05-15T10:04:30.000Z',
    });
    const moved = await getSchedule('cart-7');
    expect(moved).toMatchObject({
      ScheduleExpression: 'at(2024-05-15T10:04:30)',
      ActionAfterCompletion: 'DELETE',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: config.eventBusArn, DeadLetterConfig: { Arn: config.scheduleDlqArn }, RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 } },
    });
    expect(JSON.parse(String(moved.Target?.Input))).toEqual({ cartId: 'cart-7', user: 'alice', product: ['poke-ball', 'potion'] });
    expect(moved.CreationDate).toEqual(first.CreationDate);
    expect(moved.LastModificationDate?.getTime()).toBeGreaterThan(Number(first.LastModificationDate?.getTime()));
    expect(await schedulesInGroup()).toEqual(['cart.cart-7']);
  });

  it('an earlier event (late delivery) never moves the reminder earlier, but still adds its product', async () => {
    await handler(itemAdded('cart-8', 'poke-ball', '2024-05-14T10:05:00Z'));
    expect(await handler(itemAdded('cart-8', 'berry', '2024-05-14T10:01:00Z'))).toMatchObject({ action: 'updated', at: '2024-05-15T10:05:00.000Z' });
    const afterBerry = await getSchedule('cart-8');
    expect(afterBerry.ScheduleExpression).toBe('at(2024-05-15T10:05:00)');
    expect(JSON.parse(String(afterBerry.Target?.Input))).toEqual({ cartId: 'cart-8', user: 'alice', product: ['poke-ball', 'berry'] });

    // Nothing new at all: the schedule is left alone.
    expect(await handler(itemAdded('cart-8', 'poke-ball', '2024-05-14T10:00:00Z'))).toMatchObject({ action: 'unchanged', at: '2024-05-15T10:05:00.000Z' });
    expect(state(await getSchedule('cart-8'))).toEqual(state(afterBerry));
  });

  it('cart.checked_out deletes the schedule; a second checkout, or one without a schedule, is fine', async () => {
    await handler(fixture('cart-item-added'));
    expect(await handler(fixture('cart-checked-out'))).toEqual({ action: 'deleted', scheduleName: 'cart.cart-42' });
    await expect(getSchedule('cart-42')).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(await handler(fixture('cart-checked-out'))).toEqual({ action: 'not_found', scheduleName: 'cart.cart-42' });
    expect(await handler(checkedOut('cart-never-added'))).toEqual({ action: 'not_found', scheduleName: 'cart.cart-never-added' });
    expect(await schedulesInGroup()).toEqual([]);

    // And nothing fires once its time has come.
    clock.advance(2 * 86_400_000);
    await aws.settled();
    expect(await receiveAll(REMINDERS_QUEUE)).toEqual([]);
    expect(aws.services.scheduler.counters.invocations).toBe(0);
  });

  it('a cart.item_added delivered after its cart.checked_out creates nothing, and nothing fires', async () => {
    expect(await handler(checkedOut('cart-9', '2024-05-14T10:05:00Z'))).toEqual({ action: 'not_found', scheduleName: 'cart.cart-9' });
    expect(await handler(itemAdded('cart-9', 'poke-ball', '2024-05-14T10:00:00Z'))).toEqual({ action: 'skipped_checked_out', scheduleName: 'cart.cart-9' });
    expect(await schedulesInGroup()).toEqual([]);
    // The same cart used again after the checkout gets its reminder.
    expect(await handler(itemAdded('cart-9', 'ether', '2024-05-14T10:05:30Z'))).toMatchObject({ action: 'created', at: '2024-05-15T10:05:30.000Z' });
    clock.advance(2 * 86_400_000);
    await aws.settled();
    const messages = await receiveAll(REMINDERS_QUEUE);
    expect(messages.map((m) => JSON.parse(String(m.Body)).detail)).toEqual([{ cartId: 'cart-9', user: 'alice', product: ['ether'] }]);
  });

  it('is idempotent on redelivery: the same event twice leaves one schedule in the same state', async () => {
    const event = fixture('cart-item-added');
    await handler(event);
    const before = state(await getSchedule('cart-42'));
    clock.advance(1000);
    expect(await handler(fixture('cart-item-added'))).toMatchObject({ scheduleName: 'cart.cart-42', at: '2024-05-15T10:00:00.000Z' });
    expect(state(await getSchedule('cart-42'))).toEqual(before);
    expect(await schedulesInGroup()).toEqual(['cart.cart-42']);

    // A redelivered later item after its update, and the first item again after that: still one schedule, unchanged.
    const later = itemAdded('cart-42', 'potion', '2024-05-14T10:03:00Z');
    expect(await handler(later)).toMatchObject({ action: 'updated', at: '2024-05-15T10:03:00.000Z' });
    const updated = state(await getSchedule('cart-42'));
    clock.advance(1000);
    expect(await handler(structuredClone(later))).toMatchObject({ action: 'unchanged', at: '2024-05-15T10:03:00.000Z' });
    await handler(fixture('cart-item-added'));
    expect(state(await getSchedule('cart-42'))).toEqual(updated);
    expect(await schedulesInGroup()).toEqual(['cart.cart-42']);
  });

  it('the schedule fires once at its time, delivers the reminder detail and deletes itself; a later redelivery schedules nothing', async () => {
    await handler(fixture('cart-item-added'));
    await handler(itemAdded('cart-42', 'potion', '2024-05-14T10:00:00Z'));

    clock.set(new Date('2024-05-15T09:59:59Z'));
    await aws.settled();
    expect(await receiveAll(REMINDERS_QUEUE)).toEqual([]);

    clock.set(new Date('2024-05-15T10:00:00Z'));
    await aws.settled();
    const messages = await receiveAll(REMINDERS_QUEUE);
    expect(messages).toHaveLength(1);
    const delivered = JSON.parse(String(messages[0].Body)) as Record<string, unknown>;
    expect(delivered).toMatchObject({
      source: 'cart.reminder-service',
      'detail-type': 'cart.reminder_due',
      time: '2024-05-15T10:00:00Z',
      resources: [arn('scheduler', `schedule/${GROUP}/cart.cart-42`)],
      detail: { cartId: 'cart-42', user: 'alice', product: ['poke-ball', 'potion'] },
    });
    expect(catalog.cartReminderDue.detail.safeParse(delivered.detail).success).toBe(true);
    await expect(getSchedule('cart-42')).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(await receiveAll(SCHEDULE_DLQ)).toEqual([]);

    // The same event delivered again after the reminder went out: stale, nothing is scheduled again.
    expect(await handler(fixture('cart-item-added'))).toMatchObject({ action: 'skipped_stale' });
    expect(await schedulesInGroup()).toEqual([]);
  });

  describe('schedule names are valid for every allowed cart id', () => {
    const cases: Array<[string, string]> = [
      ['1 character', 'a'],
      ['1 digit', '7'],
      ['a lone dash', '-'],
      ['dashes only', '---'],
      ['leading and trailing dashes', '-cart-'],
      ['mixed case', 'MiXeD-Case-Cart'],
      ['all digits', '0123456789'],
      ['59 characters (longest readable name)', 'c'.repeat(59)],
      ['60 characters (shortest hashed name)', 'c'.repeat(60)],
      ['64 characters, mixed', 'A1-'.repeat(20) + 'Zz-9'],
      ['64 dashes', '-'.repeat(64)],
    ];

    it.each(cases)('%s: %s', async (_label, cartId) => {
      expect(cartId).toMatch(new RegExp(CART_ID_PATTERN));
      const result = await handler(itemAdded(cartId, 'poke-ball', '2024-05-14T10:00:00Z'));
      expect(result).toMatchObject({ action: 'created', scheduleName: scheduleNameFor(cartId) });
      expect(result.scheduleName).toMatch(SCHEDULE_NAME_PATTERN);
      const schedule = await getSchedule(cartId);
      expect(schedule.Name).toBe(result.scheduleName);
      expect(JSON.parse(String(schedule.Target?.Input))).toMatchObject({ cartId });
      expect(await handler(checkedOut(cartId))).toEqual({ action: 'deleted', scheduleName: result.scheduleName });
    });

    it('distinct cart ids (case, length around the hashing threshold) never share a schedule', async () => {
      const ids = [...cases.map(([, id]) => id), 'cart-42', 'CART-42', 'Cart-42', 'c'.repeat(61), 'd' + 'c'.repeat(59)];
      for (const id of ids) expect(await handler(itemAdded(id, 'poke-ball', '2024-05-14T10:00:00Z'))).toMatchObject({ action: 'created' });
      const names = await schedulesInGroup();
      expect(names).toHaveLength(ids.length);
      expect(new Set(names)).toEqual(new Set(ids.map(scheduleNameFor)));
      for (const id of ids) expect(JSON.parse(String((await getSchedule(id)).Target?.Input))).toMatchObject({ cartId: id });
    });
  });
});
