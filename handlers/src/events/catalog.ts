import type * as z from 'zod/mini';
import { entry } from './catalog-entry';
import {
  captureAttemptDetail,
  captureFailedDetail,
  captureSucceededDetail,
  cartCheckedOutDetail,
  cartItemAddedDetail,
  cartReminderDueDetail,
  fledDetail,
  spawnedDetail,
} from './details';
import { customerNotification } from './contracts/customer-notification';
// new:handler contract imports

export { entry, type CatalogEntry } from './catalog-entry';

/** Event sources, one per producer. */
export const SOURCES = {
  captureApi: 'fakemon.attempt-to-capture-api',
  captureService: 'fakemon.capture-service',
  world: 'fakemon.world',
  cartApi: 'cart.api',
  reminderService: 'cart.reminder-service',
} as const;

/** The event catalog: every event on the bus, keyed by logical name. */
export const catalog = {
  captureAttempt: entry({
    name: 'captureAttempt',
    source: SOURCES.captureApi,
    detailType: 'fakemon.capture_attempt',
    detail: captureAttemptDetail,
    description: "A player attempts to capture a fakémon; attemptId is the client's Idempotency-Key or API Gateway's request id.",
  }),
  captureSucceeded: entry({
    name: 'captureSucceeded',
    source: SOURCES.captureService,
    detailType: 'fakemon.capture_succeeded',
    detail: captureSucceededDetail,
    description: 'A capture attempt succeeded: the fakémon is in the player collection.',
  }),
  captureFailed: entry({
    name: 'captureFailed',
    source: SOURCES.captureService,
    detailType: 'fakemon.capture_failed',
    detail: captureFailedDetail,
    description: 'A capture attempt failed (already_captured, not_found, fled or dodged).',
  }),
  spawned: entry({
    name: 'spawned',
    source: SOURCES.world,
    detailType: 'fakemon.spawned',
    detail: spawnedDetail,
    description: 'A wild fakémon appeared in the world, at a location and in a cell of the geo index.',
  }),
  fled: entry({
    name: 'fled',
    source: SOURCES.captureService,
    detailType: 'fakemon.fled',
    detail: fledDetail,
    description: 'A wild fakémon was found fled by the first capture attempt after its expiresAt (once per fakémon).',
  }),
  cartItemAdded: entry({
    name: 'cartItemAdded',
    source: SOURCES.cartApi,
    detailType: 'cart.item_added',
    detail: cartItemAddedDetail,
    description: 'A product was added to a cart.',
  }),
  cartCheckedOut: entry({
    name: 'cartCheckedOut',
    source: SOURCES.cartApi,
    detailType: 'cart.checked_out',
    detail: cartCheckedOutDetail,
    description: 'A cart was checked out.',
  }),
  cartReminderDue: entry({
    name: 'cartReminderDue',
    source: SOURCES.reminderService,
    detailType: 'cart.reminder_due',
    detail: cartReminderDueDetail,
    description: 'A cart was left untouched for the reminder delay; product lists what it holds.',
  }),
  customerNotification,
  // new:handler contracts
} as const;

export type Catalog = typeof catalog;
export type EventName = keyof Catalog;
export type DetailOf<N extends EventName> = z.infer<Catalog[N]['detail']>;

/** Every catalog entry, in a stable order. */
export const catalogEntries: readonly Catalog[EventName][] = Object.values(catalog);

/** Logical names, in the same order as {@link catalogEntries}. */
export const EVENT_NAMES = Object.keys(catalog) as EventName[];

/** The catalog entry with this detail-type (and source, when given). */
export function findByDetailType(detailType: string, source?: string): Catalog[EventName] | undefined {
  return catalogEntries.find((e) => e.detailType === detailType && (source === undefined || e.source === source));
}
