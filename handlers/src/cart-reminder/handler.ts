import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import { dynamoDbCheckoutStore, type CheckoutStore } from '../adapters/checkout-store';
import { createDynamoDbClient } from '../adapters/dynamodb';
import { createSchedulerClient, schedulerAdapter, type ReminderScheduler } from '../adapters/scheduler';
import { isContractViolation } from '../events/contract-violation';
import { parseAnyEvent, validateDetail } from '../events/envelope';
import { systemClock, type Clock } from '../shared/clock';
import type { LambdaContext } from '../shared/lambda';
import { lazy } from '../shared/lazy';
import { createLogger, type Logger } from '../shared/logger';
import { loadCartReminderConfig, type CartReminderConfig } from './config';
import {
  cancelledByCheckout,
  checkedOutAfter,
  checkoutExpiry,
  clientTokenFor,
  isStale,
  mergeReminder,
  readExistingReminder,
  reminderTime,
  scheduleDefinition,
  scheduleNameFor,
  type Reminder,
} from './domain';

export interface CartReminderDeps {
  readonly scheduler: SchedulerClient;
  /** Where checkouts are remembered (the checkouts table). */
  readonly dynamodb: DynamoDBClient;
  readonly config: CartReminderConfig;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/**
 * What happened to the cart's pending reminder: `skipped_checked_out` — the item belongs to a cart already checked
 * out (its event arrived late), so no reminder is left; `kept_newer` — the checkout left a reminder for items added
 * after it.
 */
export type ReminderAction = 'created' | 'updated' | 'unchanged' | 'skipped_stale' | 'skipped_checked_out' | 'deleted' | 'not_found' | 'kept_newer';

export interface ReminderResult {
  readonly action: ReminderAction;
  readonly scheduleName: string;
  /** ISO-8601 time of the pending reminder, when there is one. */
  readonly at?: string;
}

const CART_EVENTS = ['cartItemAdded', 'cartCheckedOut'] as const;
const MAX_ROUNDS = 4;

export function makeHandler(deps: CartReminderDeps): (event: unknown, context?: LambdaContext) => Promise<ReminderResult> {
  const { dynamodb, ...rest } = deps;
  return makeHandlerWith({ ...rest, scheduler: schedulerAdapter(deps.scheduler), checkouts: dynamoDbCheckoutStore(dynamodb, deps.config.checkoutsTable) });
}

/** Same as {@link makeHandler} with the Scheduler and checkout I/O themselves injected. */
export function makeHandlerWith(
  deps: Omit<CartReminderDeps, 'scheduler' | 'dynamodb'> & { readonly scheduler: ReminderScheduler; readonly checkouts: CheckoutStore },
): (event: unknown, context?: LambdaContext) => Promise<ReminderResult> {
  const clock = deps.clock ?? systemClock;
  const baseLogger = deps.logger ?? createLogger({ function: 'cart-reminder' });
  const { config, scheduler, checkouts } = deps;
  const group = config.scheduleGroupName;

  /** Deletes the pending reminder if the checkout covers every item it reminds of. */
  async function cancel(name: string, eventId: string, checkedOutAt: Date): Promise<'deleted' | 'not_found' | 'kept_newer'> {
    const pending = await scheduler.get(name, group);
    if (!pending) return 'not_found';
    if (!cancelledByCheckout(readExistingReminder(pending).at, checkedOutAt, config.reminderDelaySeconds)) return 'kept_newer';
    return scheduler.delete(name, group, clientTokenFor(eventId, 'delete'));
  }

  async function remind(name: string, eventId: string, incoming: Reminder, log: Logger): Promise<ReminderResult> {
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      const created = await scheduler.create(scheduleDefinition(config, name, incoming, clientTokenFor(eventId, 'create')));
      if (created === 'created') return { action: 'created', scheduleName: name, at: incoming.at.toISOString() };
      const existing = await scheduler.get(name, group);
      if (!existing) continue; // fired or deleted meanwhile: create again
      const { reminder, changed } = mergeReminder(readExistingReminder(existing), incoming);
      if (!changed) return { action: 'unchanged', scheduleName: name, at: reminder.at.toISOString() };
      const { ClientToken: _token, ...update } = scheduleDefinition(config, name, reminder);
      if ((await scheduler.update(update)) === 'updated') {
        return { action: 'updated', scheduleName: name, at: reminder.at.toISOString() };
      }
      log.debug('schedule vanished before its update, retrying', { round });
    }
    throw new Error(`schedule ${name} kept changing; giving up after ${MAX_ROUNDS} rounds`);
  }

  return async (event, context) => {
    let log = baseLogger.child(context?.awsRequestId ? { awsRequestId: context.awsRequestId } : {});
    try {
      const parsed = parseAnyEvent(CART_EVENTS, event);
      const { cartId } = parsed.event.detail;
      const name = scheduleNameFor(cartId);
      log = log.child({ eventId: parsed.event.id, correlationId: cartId, cartId, scheduleName: name });
      let result: ReminderResult;
      if (parsed.name === 'cartCheckedOut') {
        // Remembered first, then the reminder goes: an item handler that created one meanwhile sees the checkout.
        const checkedOutAt = new Date(Date.parse(parsed.event.time));
        await checkouts.record(cartId, checkedOutAt, checkoutExpiry(checkedOutAt, config.reminderDelaySeconds));
        result = { action: await cancel(name, parsed.event.id, checkedOutAt), scheduleName: name };
      } else {
        const { user, product } = parsed.event.detail;
        const itemTime = new Date(Date.parse(parsed.event.time));
        const at = reminderTime(parsed.event.time, config.reminderDelaySeconds);
        if (isStale(at, clock())) {
          result = { action: 'skipped_stale', scheduleName: name, at: at.toISOString() };
        } else if (checkedOutAfter(itemTime, await checkouts.lastCheckout(cartId))) {
          result = { action: 'skipped_checked_out', scheduleName: name };
        } else {
          const detail = validateDetail('cartReminderDue', { cartId, user, product: [product] });
          result = await remind(name, parsed.event.id, { at, detail }, log);
          // A checkout recorded while the reminder was being written has not seen it: look again.
          const checkedOutAt = await checkouts.lastCheckout(cartId);
          if (checkedOutAt && checkedOutAfter(itemTime, checkedOutAt)) {
            const cancelled = await cancel(name, parsed.event.id, checkedOutAt);
            if (cancelled !== 'kept_newer') result = { action: 'skipped_checked_out', scheduleName: name };
          }
        }
      }
      (result.action === 'skipped_stale' || result.action === 'skipped_checked_out' ? log.warn : log.info)(`reminder ${result.action}`, { at: result.at });
      return result;
    } catch (error) {
      log.error(isContractViolation(error) ? 'event rejected: contract violation' : 'reminder scheduling failed', { error });
      throw error;
    }
  };
}

const wired = lazy(() => makeHandler({ scheduler: createSchedulerClient(), dynamodb: createDynamoDbClient(), config: loadCartReminderConfig() }));

/** The Lambda entry point (`index.handler`): `cart.item_added` and `cart.checked_out` events. */
export const handler = async (event: unknown, context?: LambdaContext): Promise<ReminderResult> => wired()(event, context);
