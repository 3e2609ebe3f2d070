import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import { createSchedulerClient, schedulerAdapter, type ReminderScheduler } from '../adapters/scheduler';
import { isContractViolation } from '../events/contract-violation';
import { parseAnyEvent, validateDetail } from '../events/envelope';
import { systemClock, type Clock } from '../shared/clock';
import type { LambdaContext } from '../shared/lambda';
import { lazy } from '../shared/lazy';
import { createLogger, type Logger } from '../shared/logger';
import { loadCartReminderConfig, type CartReminderConfig } from './config';
import {
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
  readonly config: CartReminderConfig;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

export type ReminderAction = 'created' | 'updated' | 'unchanged' | 'skipped_stale' | 'deleted' | 'not_found';

export interface ReminderResult {
  readonly action: ReminderAction;
  readonly scheduleName: string;
  /** ISO-8601 time of the pending reminder, when there is one. */
  readonly at?: string;
}

const CART_EVENTS = ['cartItemAdded', 'cartCheckedOut'] as const;
const MAX_ROUNDS = 4;

export function makeHandler(deps: CartReminderDeps): (event: unknown, context?: LambdaContext) => Promise<ReminderResult> {
  return makeHandlerWith({ ...deps, scheduler: schedulerAdapter(deps.scheduler) });
}

/** Same as {@link makeHandler} with the Scheduler I/O itself injected. */
export function makeHandlerWith(
  deps: Omit<CartReminderDeps, 'scheduler'> & { readonly scheduler: ReminderScheduler },
): (event: unknown, context?: LambdaContext) => Promise<ReminderResult> {
  const clock = deps.clock ?? systemClock;
  const baseLogger = deps.logger ?? createLogger({ function: 'cart-reminder' });
  const { config, scheduler } = deps;
  const group = config.scheduleGroupName;

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
        const deleted = await scheduler.delete(name, group, clientTokenFor(parsed.event.id, 'delete'));
        result = { action: deleted, scheduleName: name };
      } else {
        const { user, product } = parsed.event.detail;
        const at = reminderTime(parsed.event.time, config.reminderDelaySeconds);
        if (isStale(at, clock())) {
          result = { action: 'skipped_stale', scheduleName: name, at: at.toISOString() };
        } else {
          const detail = validateDetail('cartReminderDue', { cartId, user, product: [product] });
          result = await remind(name, parsed.event.id, { at, detail }, log);
        }
      }
      (result.action === 'skipped_stale' ? log.warn : log.info)(`reminder ${result.action}`, { at: result.at });
      return result;
    } catch (error) {
      log.error(isContractViolation(error) ? 'event rejected: contract violation' : 'reminder scheduling failed', { error });
      throw error;
    }
  };
}

const wired = lazy(() => makeHandler({ scheduler: createSchedulerClient(), config: loadCartReminderConfig() }));

/** The Lambda entry point (`index.handler`): `cart.item_added` and `cart.checked_out` events. */
export const handler = async (event: unknown, context?: LambdaContext): Promise<ReminderResult> => wired()(event, context);
