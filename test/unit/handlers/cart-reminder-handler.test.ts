/**
 * The cart-reminder handler's flow with the Scheduler I/O replaced by an in-memory implementation of
 * its adapter interface (ReminderScheduler), and checkouts remembered in the local DynamoDB (a fresh table per
 * test). Tests against a Scheduler wire API come with the local Scheduler emulator.
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { CreateScheduleCommandInput, UpdateScheduleCommandInput } from '@aws-sdk/client-scheduler';
import { dynamoDbCheckoutStore, type CheckoutStore } from '../../../handlers/src/adapters/checkout-store';
import type { ReminderScheduler } from '../../../handlers/src/adapters/scheduler';
import { loadCartReminderConfig, type CartReminderConfig } from '../../../handlers/src/cart-reminder/config';
import { makeHandlerWith } from '../../../handlers/src/cart-reminder/handler';
import { ContractViolation } from '../../../handlers/src/events/contract-violation';
import { silentLogger } from '../../../handlers/src/shared/logger';
import { TABLES } from '../../../handlers/src/shared/tables';
import { createTable, startDynalite, type DynaliteServer } from '../../support/dynalite';
import { eventOf, fixture } from '../../support/events';

const config: CartReminderConfig = {
  scheduleGroupName: 'carts',
  reminderDelaySeconds: 86400,
  eventBusArn: 'arn:aws:events:eu-west-1:123456789012:event-bus/fakemon-test',
  schedulerRoleArn: 'arn:aws:iam::123456789012:role/scheduler',
  scheduleDlqArn: 'arn:aws:sqs:eu-west-1:123456789012:schedules-dlq',
  scheduleMaxRetryAttempts: 185,
  scheduleMaxEventAgeSeconds: 86400,
  checkoutsTable: 'checkouts',
};

let dynamo: DynaliteServer;
let checkoutsTable: string;
let tableCount = 0;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(() => dynamo?.close());
beforeEach(async () => {
  checkoutsTable = `checkouts-${++tableCount}`;
  await createTable(dynamo.client, checkoutsTable, TABLES.checkouts);
});

/** Scheduler semantics that matter here: names unique per group, ClientToken idempotency. */
class FakeScheduler implements ReminderScheduler {
  readonly schedules = new Map<string, CreateScheduleCommandInput>();
  readonly tokens = new Set<string>();
  readonly calls: string[] = [];
  async create(d: CreateScheduleCommandInput) {
    this.calls.push('create');
    const key = `${d.GroupName}/${d.Name}`;
    if (d.ClientToken && this.tokens.has(d.ClientToken)) return 'created' as const;
    if (this.schedules.has(key)) return 'exists' as const;
    this.schedules.set(key, d);
    if (d.ClientToken) this.tokens.add(d.ClientToken);
    return 'created' as const;
  }
  async get(name: string, group: string) {
    this.calls.push('get');
    const s = this.schedules.get(`${group}/${name}`);
    return s ? { ...s, $metadata: {} } : undefined;
  }
  async update(d: UpdateScheduleCommandInput) {
    this.calls.push('update');
    const key = `${d.GroupName}/${d.Name}`;
    if (!this.schedules.has(key)) return 'not_found' as const;
    this.schedules.set(key, d);
    return 'updated' as const;
  }
  async delete(name: string, group: string) {
    this.calls.push('delete');
    return this.schedules.delete(`${group}/${name}`) ? ('deleted' as const) : ('not_found' as const);
  }
}

const added = (product: string, time: string, id?: string) =>
  eventOf('cartItemAdded', { cartId: 'cart-42', user: 'alice', product, quantity: 1 }, { time, ...(id ? { id } : {}) });
const checkedOut = (time: string) => eventOf('cartCheckedOut', { cartId: 'cart-42', user: 'alice' }, { time });

function setup(now = new Date('2024-05-14T10:00:05Z')) {
  const scheduler = new FakeScheduler();
  const checkouts: CheckoutStore = dynamoDbCheckoutStore(dynamo.client, checkoutsTable);
  const handler = makeHandlerWith({ scheduler, checkouts, config: { ...config, checkoutsTable }, clock: () => now, logger: silentLogger });
  const schedule = () => scheduler.schedules.get('carts/cart.cart-42');
  return { scheduler, handler, schedule, checkouts };
}

describe('cart-reminder handler flow', () => {
  it('item_added creates a one-time schedule a day after the event', async () => {
    const { handler, schedule } = setup();
    expect(await handler(fixture('cart-item-added'))).toEqual({ action: 'created', scheduleName: 'cart.cart-42', at: '2024-05-15T10:00:00.000Z' });
    expect(schedule()).toMatchObject({
      ScheduleExpression: 'at(2024-05-15T10:00:00)',
      ActionAfterCompletion: 'DELETE',
      Target: { Input: '{"cartId":"cart-42","user":"alice","product":["poke-ball"]}' },
    });
  });

  it('a redelivered item_added changes nothing', async () => {
    const { handler, scheduler } = setup();
    await handler(fixture('cart-item-added'));
    const before = JSON.stringify([...scheduler.schedules]);
    expect((await handler(fixture('cart-item-added'))).action).toBe('created'); // same ClientToken: idempotent
    expect(JSON.stringify([...scheduler.schedules])).toBe(before);
    expect(scheduler.schedules.size).toBe(1);
  });

  it('a second item moves the reminder later and lists both products; a late, older item never moves it earlier', async () => {
    const { handler, schedule, scheduler } = setup();
    await handler(added('poke-ball', '2024-05-14T10:00:00Z'));
    expect(await handler(added('potion', '2024-05-14T10:30:00Z'))).toMatchObject({ action: 'updated', at: '2024-05-15T10:30:00.000Z' });
    expect(await handler(added('berry', '2024-05-14T10:10:00Z'))).toMatchObject({ action: 'updated', at: '2024-05-15T10:30:00.000Z' });
    expect(await handler(added('potion', '2024-05-14T10:20:00Z'))).toMatchObject({ action: 'unchanged' });
    expect(schedule()?.ScheduleExpression).toBe('at(2024-05-15T10:30:00)');
    expect(JSON.parse(schedule()?.Target?.Input ?? '')).toEqual({ cartId: 'cart-42', user: 'alice', product: ['poke-ball', 'potion', 'berry'] });
    expect(scheduler.schedules.size).toBe(1);
  });

  it('checked_out deletes the pending schedule; nothing pending is fine', async () => {
    const { handler, schedule } = setup();
    await handler(fixture('cart-item-added'));
    expect(await handler(fixture('cart-checked-out'))).toEqual({ action: 'deleted', scheduleName: 'cart.cart-42' });
    expect(schedule()).toBeUndefined();
    expect(await handler(fixture('cart-checked-out'))).toEqual({ action: 'not_found', scheduleName: 'cart.cart-42' });
  });

  it('both orders leave no reminder: item then checkout deletes it, checkout then the late item creates nothing', async () => {
    const inOrder = setup();
    expect((await inOrder.handler(fixture('cart-item-added'))).action).toBe('created');
    expect(await inOrder.handler(fixture('cart-checked-out'))).toEqual({ action: 'deleted', scheduleName: 'cart.cart-42' });
    expect(inOrder.schedule()).toBeUndefined();

    checkoutsTable = `checkouts-${++tableCount}`;
    await createTable(dynamo.client, checkoutsTable, TABLES.checkouts);
    const reversed = setup();
    expect(await reversed.handler(fixture('cart-checked-out'))).toEqual({ action: 'not_found', scheduleName: 'cart.cart-42' });
    expect(await reversed.handler(fixture('cart-item-added'))).toEqual({ action: 'skipped_checked_out', scheduleName: 'cart.cart-42' });
    expect(reversed.schedule()).toBeUndefined();
    expect(reversed.scheduler.calls).toEqual(['get']); // the checkout looked for a reminder; the late item never wrote one
  });

  it('an item added after the checkout is a new reminder, and a checkout arriving after it keeps it', async () => {
    const afterCheckout = setup(new Date('2024-05-14T10:20:00Z'));
    await afterCheckout.handler(checkedOut('2024-05-14T10:05:00Z'));
    expect(await afterCheckout.handler(added('ether', '2024-05-14T10:10:00Z'))).toMatchObject({ action: 'created', at: '2024-05-15T10:10:00.000Z' });
    expect(await afterCheckout.handler(added('potion', '2024-05-14T10:05:00Z'))).toEqual({ action: 'skipped_checked_out', scheduleName: 'cart.cart-42' });

    checkoutsTable = `checkouts-${++tableCount}`;
    await createTable(dynamo.client, checkoutsTable, TABLES.checkouts);
    const lateCheckout = setup(new Date('2024-05-14T10:20:00Z'));
    await lateCheckout.handler(added('ether', '2024-05-14T10:10:00Z'));
    expect(await lateCheckout.handler(checkedOut('2024-05-14T10:05:00Z'))).toEqual({ action: 'kept_newer', scheduleName: 'cart.cart-42' });
    expect(lateCheckout.schedule()?.ScheduleExpression).toBe('at(2024-05-15T10:10:00)');
  });

  it('a checkout recorded while the item wrote its reminder still cancels it (the item looks again)', async () => {
    const { handler, scheduler, checkouts, schedule } = setup();
    const create = scheduler.create.bind(scheduler);
    scheduler.create = async (definition) => {
      const created = await create(definition);
      // The checkout's handler runs now: it records the checkout and finds no reminder yet.
      await checkouts.record('cart-42', new Date('2024-05-14T10:05:00Z'), new Date('2024-05-16T10:05:00Z'));
      return created;
    };
    expect(await handler(fixture('cart-item-added'))).toEqual({ action: 'skipped_checked_out', scheduleName: 'cart.cart-42' });
    expect(schedule()).toBeUndefined();
  });

  it('remembers the latest checkout per cart with a TTL of the reminder delay and a day', async () => {
    const { handler, checkouts } = setup();
    await handler(checkedOut('2024-05-14T10:05:00Z'));
    await handler(checkedOut('2024-05-14T10:01:00Z')); // a late, older checkout never replaces the later one
    expect(await checkouts.lastCheckout('cart-42')).toEqual(new Date('2024-05-14T10:05:00Z'));
    const { Item } = await dynamo.client.send(new GetItemCommand({ TableName: checkoutsTable, Key: { cartId: { S: 'cart-42' } } }));
    expect(Item?.expiresAt).toEqual({ N: String(Date.parse('2024-05-14T10:05:00Z') / 1000 + 86_400 + 86_400) });
  });

  it('skips a reminder whose time has already passed (e.g. a replay of an old event)', async () => {
    const { handler, scheduler } = setup(new Date('2024-06-01T00:00:00Z'));
    expect(await handler(fixture('cart-item-added'))).toMatchObject({ action: 'skipped_stale' });
    expect(scheduler.calls).toEqual([]);
  });

  it('creates again when the schedule vanished between the conflict and the read', async () => {
    const { handler, scheduler } = setup();
    await handler(added('a', '2024-05-14T10:00:00Z'));
    const realGet = scheduler.get.bind(scheduler);
    let first = true;
    scheduler.get = async (name, group) => {
      if (first) {
        first = false;
        scheduler.schedules.clear(); // it fired and deleted itself
        return undefined;
      }
      return realGet(name, group);
    };
    expect(await handler(added('b', '2024-05-14T10:05:00Z'))).toMatchObject({ action: 'created', at: '2024-05-15T10:05:00.000Z' });
  });

  it('refuses other events', async () => {
    const { handler } = setup();
    await expect(handler(fixture('capture-attempt'))).rejects.toBeInstanceOf(ContractViolation);
  });

  it('config: ARNs are checked, tunables have defaults and bounds', () => {
    const env = {
      SCHEDULE_GROUP_NAME: 'carts',
      EVENT_BUS_ARN: config.eventBusArn,
      SCHEDULER_ROLE_ARN: config.schedulerRoleArn,
      SCHEDULE_DLQ_ARN: config.scheduleDlqArn,
      CHECKOUTS_TABLE: config.checkoutsTable,
    };
    expect(loadCartReminderConfig(env)).toEqual(config);
    expect(() => loadCartReminderConfig({ ...env, EVENT_BUS_ARN: 'my-bus', SCHEDULE_MAX_RETRY_ATTEMPTS: '186' })).toThrow(
      'Invalid configuration for cart-reminder: EVENT_BUS_ARN must be an ARN (got "my-bus"); SCHEDULE_MAX_RETRY_ATTEMPTS must be an integer between 0 and 185 (got "186")',
    );
  });
});
