/**
 * Cart reminder schedules, free of I/O: one one-time EventBridge Scheduler schedule per cart, named
 * after the cart, firing `cart.reminder_due` on the bus `delay` after the last item was added.
 */
import type { CreateScheduleCommandInput } from '@aws-sdk/client-scheduler';
import { catalog } from '../events/catalog';
import type { CartReminderDue } from '../events/details';
import { MAX_REMINDER_PRODUCTS } from '../events/primitives';
import { sha256Hex } from '../shared/hash';
import type { CartReminderConfig } from './config';

/** Scheduler names: `[0-9a-zA-Z-_.]+`, at most 64 characters. */
export const SCHEDULE_NAME_PATTERN = /^[0-9a-zA-Z\-_.]{1,64}$/;

const READABLE_PREFIX = 'cart.';
const HASHED_PREFIX = 'cart_';

/**
 * The schedule name of a cart: `cart.<cartId>` when that fits in 64 characters (cart ids up to 59
 * characters), otherwise `cart_` + the first 59 hex digits of SHA-256(cartId). Cart ids contain
 * neither `.` nor `_`, so the two forms never collide and the mapping is one-to-one; the prefixes
 * keep reminders apart from any other schedule in the group.
 */
export function scheduleNameFor(cartId: string): string {
  const readable = READABLE_PREFIX + cartId;
  return readable.length <= 64 ? readable : HASHED_PREFIX + sha256Hex(cartId).slice(0, 64 - HASHED_PREFIX.length);
}

/** When the reminder fires: event time + delay, truncated to the second (from the event, not the clock). */
export function reminderTime(eventTime: string, delaySeconds: number): Date {
  const ms = Date.parse(eventTime);
  if (Number.isNaN(ms)) throw new RangeError(`not a date-time: ${eventTime}`);
  return new Date(Math.floor(ms / 1000) * 1000 + delaySeconds * 1000);
}

/** `at(yyyy-mm-ddThh:mm:ss)` in UTC. */
export function atExpression(date: Date): string {
  return `at(${date.toISOString().slice(0, 19)})`;
}

/** The time of an `at(…)` expression (read as UTC), or undefined for anything else. */
export function parseAtExpression(expression: string | undefined): Date | undefined {
  const match = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/.exec(expression ?? '');
  if (!match) return undefined;
  const ms = Date.parse(`${match[1]}Z`);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** Idempotency token of a Scheduler call made for an event: 64 hex digits (allowed: `[a-zA-Z0-9-_]{1,64}`). */
export function clientTokenFor(eventId: string, operation: 'create' | 'delete'): string {
  return sha256Hex(`${operation}:${eventId}`);
}

/** Adds a product to the list (no duplicates, order of first addition, the most recent MAX kept). */
export function mergeProducts(existing: readonly string[], added: readonly string[]): string[] {
  const out = [...existing];
  for (const p of added) if (!out.includes(p)) out.push(p);
  return out.slice(Math.max(0, out.length - MAX_REMINDER_PRODUCTS));
}

export interface Reminder {
  readonly at: Date;
  readonly detail: CartReminderDue;
}

/** What could be read back from an existing schedule (either part may be unreadable). */
export interface ExistingReminder {
  readonly at?: Date;
  readonly detail?: CartReminderDue;
}

/** Reads an existing schedule's time and reminder detail. */
export function readExistingReminder(schedule: { ScheduleExpression?: string; Target?: { Input?: string } }): ExistingReminder {
  const at = parseAtExpression(schedule.ScheduleExpression);
  let detail: CartReminderDue | undefined;
  try {
    const parsed = catalog.cartReminderDue.detail.safeParse(JSON.parse(schedule.Target?.Input ?? 'null'));
    if (parsed.success) detail = parsed.data;
  } catch {
    detail = undefined;
  }
  return { ...(at ? { at } : {}), ...(detail ? { detail } : {}) };
}

/**
 * Combines a pending reminder with a new item: the later of the two times (a reminder never moves
 * earlier), the products of both, the latest user. `changed` is false when the pending schedule
 * already says all of this (e.g. a redelivered event).
 */
export function mergeReminder(existing: ExistingReminder, incoming: Reminder): { reminder: Reminder; changed: boolean } {
  const at = existing.at && existing.at.getTime() > incoming.at.getTime() ? existing.at : incoming.at;
  const previous = existing.detail && existing.detail.cartId === incoming.detail.cartId ? existing.detail.product : [];
  const product = mergeProducts(previous, incoming.detail.product);
  const reminder: Reminder = { at, detail: { cartId: incoming.detail.cartId, user: incoming.detail.user, product } };
  const changed =
    existing.at?.getTime() !== at.getTime() ||
    existing.detail === undefined ||
    existing.detail.user !== reminder.detail.user ||
    existing.detail.cartId !== reminder.detail.cartId ||
    existing.detail.product.join('\u0000') !== product.join('\u0000');
  return { reminder, changed };
}

/** A reminder whose time has already passed is not scheduled (e.g. an archived event replayed long after). */
export function isStale(at: Date, now: Date): boolean {
  return at.getTime() <= now.getTime();
}

/** The full schedule (CreateSchedule input; UpdateSchedule takes the same fields minus ClientToken). */
export function scheduleDefinition(
  config: CartReminderConfig,
  name: string,
  reminder: Reminder,
  clientToken?: string,
): CreateScheduleCommandInput {
  return {
    Name: name,
    GroupName: config.scheduleGroupName,
    Description: `Reminder for cart ${reminder.detail.cartId}`,
    ScheduleExpression: atExpression(reminder.at),
    ScheduleExpressionTimezone: 'UTC',
    FlexibleTimeWindow: { Mode: 'OFF' },
    ActionAfterCompletion: 'DELETE',
    State: 'ENABLED',
    Target: {
      Arn: config.eventBusArn,
      RoleArn: config.schedulerRoleArn,
      EventBridgeParameters: { DetailType: catalog.cartReminderDue.detailType, Source: catalog.cartReminderDue.source },
      Input: JSON.stringify(reminder.detail),
      RetryPolicy: {
        MaximumRetryAttempts: config.scheduleMaxRetryAttempts,
        MaximumEventAgeInSeconds: config.scheduleMaxEventAgeSeconds,
      },
      DeadLetterConfig: { Arn: config.scheduleDlqArn },
    },
    ...(clientToken ? { ClientToken: clientToken } : {}),
  };
}

/** Days a checkout is remembered beyond the reminder delay (clock skew between producers, TTL deletion lag). */
const CHECKOUT_MARGIN_SECONDS = 86_400;

/**
 * When a checkout record may go (its TTL): an item event older than the reminder delay is stale and skipped anyway,
 * so a checkout only has to be remembered for the delay after it (plus a margin).
 */
export function checkoutExpiry(checkedOutAt: Date, delaySeconds: number): Date {
  return new Date(checkedOutAt.getTime() + (delaySeconds + CHECKOUT_MARGIN_SECONDS) * 1000);
}

/**
 * Whether an item added at `itemTime` belongs to a cart that was checked out at `checkedOutAt` or later: EventBridge
 * does not order events, so a `cart.item_added` may arrive after its cart's `cart.checked_out`. Event times have
 * whole seconds: an item added in the same second as the checkout counts as checked out.
 */
export function checkedOutAfter(itemTime: Date, checkedOutAt: Date | undefined): boolean {
  return checkedOutAt !== undefined && itemTime.getTime() <= checkedOutAt.getTime();
}

/**
 * Whether a checkout cancels a pending reminder firing at `at`: only when every item it reminds of was added at or
 * before the checkout (the reminder fires `delay` after the last item). A reminder for items added after the
 * checkout (a late checkout event, a cart used again) is kept.
 */
export function cancelledByCheckout(at: Date | undefined, checkedOutAt: Date, delaySeconds: number): boolean {
  return at === undefined || at.getTime() <= checkedOutAt.getTime() + delaySeconds * 1000;
}
