import { catalog } from '../../../handlers/src/events/catalog';
import { CART_ID_PATTERN, MAX_REMINDER_PRODUCTS } from '../../../handlers/src/events/primitives';
import type { CartReminderConfig } from '../../../handlers/src/cart-reminder/config';
import {
  SCHEDULE_NAME_PATTERN,
  atExpression,
  cancelledByCheckout,
  checkedOutAfter,
  checkoutExpiry,
  clientTokenFor,
  isStale,
  mergeProducts,
  mergeReminder,
  parseAtExpression,
  readExistingReminder,
  reminderTime,
  scheduleDefinition,
  scheduleNameFor,
  type Reminder,
} from '../../../handlers/src/cart-reminder/domain';

const config: CartReminderConfig = {
  scheduleGroupName: 'fakemon-dev-cart-reminders',
  reminderDelaySeconds: 86400,
  eventBusArn: 'arn:aws:events:eu-west-1:123456789012:event-bus/fakemon-dev',
  schedulerRoleArn: 'arn:aws:iam::123456789012:role/fakemon-dev-scheduler',
  scheduleDlqArn: 'arn:aws:sqs:eu-west-1:123456789012:fakemon-dev-schedules-dlq',
  scheduleMaxRetryAttempts: 10,
  scheduleMaxEventAgeSeconds: 3600,
  checkoutsTable: 'fakemon-dev-checkouts',
};

describe('schedule names', () => {
  const long = 'a'.repeat(60);
  it.each([
    ['cart-42', 'cart.cart-42'],
    ['A', 'cart.A'],
    ['x'.repeat(59), `cart.${'x'.repeat(59)}`],
  ])('%s → %s (readable)', (cartId, name) => {
    expect(scheduleNameFor(cartId)).toBe(name);
  });

  it.each([long, 'b'.repeat(64), `${'c'.repeat(59)}-`])('hashes the long cart id %s', (cartId) => {
    const name = scheduleNameFor(cartId);
    expect(name).toMatch(/^cart_[0-9a-f]{59}$/);
    expect(name).toHaveLength(64);
  });

  it('is valid, at most 64 characters and one-to-one for every kind of allowed cart id', () => {
    const cartIdPattern = new RegExp(CART_ID_PATTERN);
    const alphabet = 'abcXYZ019-';
    const ids = new Set<string>();
    for (let length = 1; length <= 64; length++) {
      for (let k = 0; k < alphabet.length; k++) {
        ids.add(Array.from({ length }, (_, i) => alphabet[(i + k) % alphabet.length]).join(''));
      }
    }
    const names = new Set<string>();
    for (const id of ids) {
      expect(id).toMatch(cartIdPattern);
      const name = scheduleNameFor(id);
      expect(name).toMatch(SCHEDULE_NAME_PATTERN);
      expect(name.length).toBeLessThanOrEqual(64);
      expect(scheduleNameFor(id)).toBe(name); // stable
      names.add(name);
    }
    expect(names.size).toBe(ids.size);
  });
});

describe('reminder time', () => {
  it.each([
    ['2024-05-14T10:00:00Z', 86400, '2024-05-15T10:00:00.000Z', 'at(2024-05-15T10:00:00)'],
    ['2024-05-14T10:00:00.999Z', 86400, '2024-05-15T10:00:00.000Z', 'at(2024-05-15T10:00:00)'],
    ['2024-05-14T12:00:00+02:00', 3600, '2024-05-14T11:00:00.000Z', 'at(2024-05-14T11:00:00)'],
    ['2024-12-31T23:30:00Z', 3600, '2025-01-01T00:30:00.000Z', 'at(2025-01-01T00:30:00)'],
    ['2024-02-28T12:00:00Z', 86400, '2024-02-29T12:00:00.000Z', 'at(2024-02-29T12:00:00)'],
  ])('event at %s + %ds → %s, %s (UTC)', (time, delay, iso, expression) => {
    const at = reminderTime(time, delay);
    expect(at.toISOString()).toBe(iso);
    expect(atExpression(at)).toBe(expression);
    expect(parseAtExpression(expression)?.toISOString()).toBe(iso);
  });

  it.each(['rate(1 day)', 'cron(0 10 * * ? *)', 'at(2024-05-15 10:00:00)', 'at(2024-13-40T10:00:00)', '', undefined])(
    'parseAtExpression(%s) is undefined',
    (expression) => {
      expect(parseAtExpression(expression)).toBeUndefined();
    },
  );

  it('comes from the event time, not the clock, and is stale once passed', () => {
    const at = reminderTime('2024-05-14T10:00:00Z', 86400);
    expect(isStale(at, new Date('2024-05-15T09:59:59Z'))).toBe(false);
    expect(isStale(at, new Date('2024-05-15T10:00:00Z'))).toBe(true);
    expect(isStale(at, new Date('2025-01-01T00:00:00Z'))).toBe(true);
  });
});

describe('merging a pending reminder', () => {
  const day14 = new Date('2024-05-15T10:00:00Z');
  const later = new Date('2024-05-15T11:00:00Z');
  const reminder = (at: Date, product: string[], user = 'alice'): Reminder => ({ at, detail: { cartId: 'cart-42', user, product } });

  it.each<[string, Parameters<typeof mergeReminder>[0], Reminder, Reminder, boolean]>([
    ['nothing readable → the new one', {}, reminder(day14, ['a']), reminder(day14, ['a']), true],
    ['later item → later time, products added', { at: day14, detail: reminder(day14, ['a']).detail }, reminder(later, ['b']), reminder(later, ['a', 'b']), true],
    ['earlier (late) item → time kept, product added', { at: later, detail: reminder(later, ['a']).detail }, reminder(day14, ['b']), reminder(later, ['a', 'b']), true],
    ['redelivered item → unchanged', { at: day14, detail: reminder(day14, ['a']).detail }, reminder(day14, ['a']), reminder(day14, ['a']), false],
    ['same product again, earlier → unchanged', { at: later, detail: reminder(later, ['a', 'b']).detail }, reminder(day14, ['a']), reminder(later, ['a', 'b']), false],
    ['unreadable input → time kept, products replaced', { at: later }, reminder(day14, ['b']), reminder(later, ['b']), true],
    ['new user → latest user', { at: day14, detail: reminder(day14, ['a'], 'old').detail }, reminder(day14, ['a']), reminder(day14, ['a']), true],
  ])('%s', (_label, existing, incoming, expected, changed) => {
    const merged = mergeReminder(existing, incoming);
    expect(merged.reminder).toEqual(expected);
    expect(merged.changed).toBe(changed);
    expect(merged.reminder.at.getTime()).toBeGreaterThanOrEqual(incoming.at.getTime()); // never earlier
    if (existing.at) expect(merged.reminder.at.getTime()).toBeGreaterThanOrEqual(existing.at.getTime());
  });

  it.each([
    [[], ['a'], ['a']],
    [['a'], ['a'], ['a']],
    [['a', 'b'], ['c'], ['a', 'b', 'c']],
    [Array.from({ length: MAX_REMINDER_PRODUCTS }, (_, i) => `p${i}`), ['new'], [...Array.from({ length: MAX_REMINDER_PRODUCTS - 1 }, (_, i) => `p${i + 1}`), 'new']],
  ])('mergeProducts(%j, %j) → %j', (existing, added, expected) => {
    expect(mergeProducts(existing, added)).toEqual(expected);
  });

  it('reads the time and detail back from a GetSchedule answer', () => {
    const definition = scheduleDefinition(config, 'cart.cart-42', reminder(day14, ['a', 'b']));
    expect(readExistingReminder(definition)).toEqual({ at: day14, detail: reminder(day14, ['a', 'b']).detail });
    expect(readExistingReminder({ ScheduleExpression: 'rate(1 day)', Target: { Input: '{"nope":1}' } })).toEqual({});
    expect(readExistingReminder({ ScheduleExpression: atExpression(day14), Target: { Input: 'not json' } })).toEqual({ at: day14 });
  });
});

describe('schedule definition', () => {
  const reminder: Reminder = { at: new Date('2024-05-15T10:00:00Z'), detail: { cartId: 'cart-42', user: 'alice', product: ['poke-ball'] } };

  it('is a one-time UTC schedule that deletes itself and puts cart.reminder_due on the bus', () => {
    const token = clientTokenFor('c2f6b8a4-1e3d-4f5a-8b7c-9d0e1f2a3b4c', 'create');
    expect(scheduleDefinition(config, 'cart.cart-42', reminder, token)).toEqual({
      Name: 'cart.cart-42',
      GroupName: 'fakemon-dev-cart-reminders',
      Description: 'Reminder for cart cart-42',
      ScheduleExpression: 'at(2024-05-15T10:00:00)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      State: 'ENABLED',
      Target: {
        Arn: config.eventBusArn,
        RoleArn: config.schedulerRoleArn,
        EventBridgeParameters: { DetailType: 'cart.reminder_due', Source: 'cart.reminder-service' },
        Input: '{"cartId":"cart-42","user":"alice","product":["poke-ball"]}',
        RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: config.scheduleDlqArn },
      },
      ClientToken: token,
    });
  });

  it('has an Input that is a valid cart.reminder_due detail', () => {
    const input = JSON.parse(scheduleDefinition(config, 'n', reminder).Target?.Input ?? '');
    expect(catalog.cartReminderDue.detail.safeParse(input).success).toBe(true);
  });

  it.each(['c2f6b8a4-1e3d-4f5a-8b7c-9d0e1f2a3b4c', 'x', 'an id with spaces and ünicode'])(
    'derives a stable, valid ClientToken from event id %s',
    (eventId) => {
      const token = clientTokenFor(eventId, 'create');
      expect(token).toMatch(/^[a-zA-Z0-9-_]{1,64}$/);
      expect(clientTokenFor(eventId, 'create')).toBe(token);
      expect(clientTokenFor(eventId, 'delete')).not.toBe(token);
      expect(clientTokenFor(`${eventId}!`, 'create')).not.toBe(token);
    },
  );
});

describe('checkouts against late events (EventBridge does not order them)', () => {
  const at = (iso: string) => new Date(iso);

  it.each([
    ['before the checkout', '2024-05-14T10:00:00Z', true],
    ['in the same second as the checkout', '2024-05-14T10:05:00Z', true],
    ['after the checkout (the cart is used again)', '2024-05-14T10:05:01Z', false],
  ])('an item added %s belongs to the checked-out cart: %s', (_when, itemTime, covered) => {
    expect(checkedOutAfter(at(itemTime), at('2024-05-14T10:05:00Z'))).toBe(covered);
  });

  it('an item of a cart never checked out is not covered', () => {
    expect(checkedOutAfter(at('2024-05-14T10:00:00Z'), undefined)).toBe(false);
  });

  it('a checkout cancels a reminder only when every item it reminds of was added by then', () => {
    const checkout = at('2024-05-14T10:05:00Z');
    expect(cancelledByCheckout(at('2024-05-15T10:05:00Z'), checkout, 86_400)).toBe(true);
    expect(cancelledByCheckout(at('2024-05-15T10:05:01Z'), checkout, 86_400)).toBe(false);
    expect(cancelledByCheckout(undefined, checkout, 86_400)).toBe(true); // an unreadable schedule time: cancel
  });

  it('remembers a checkout for the reminder delay and a day: an older item is stale anyway', () => {
    expect(checkoutExpiry(at('2024-05-14T10:05:00Z'), 3600)).toEqual(at('2024-05-15T11:05:00Z'));
  });
});
