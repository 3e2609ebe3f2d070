/**
 * The typed publisher a producer outside the functions (the monolith) imports to put catalog events on the bus:
 *
 *   import { publish } from '<repo>/handlers/src/publish';
 *   await publish('cart.item_added', { cartId: 'cart-42', user: 'u-1', product: 'potion', quantity: 2 });
 *
 * The detail-type and detail are typed from the event catalog (`handlers/src/events/catalog.ts`): a detail-type
 * that is not in it, or a detail its schema refuses, does not compile, and is refused at run time too (a
 * `ContractViolation` naming the fields; nothing is sent). A new catalog entry is picked up with no change here.
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { catalog, type Catalog } from '../events/catalog';
import { lazy } from '../shared/lazy';
import { createPublisher, type Publisher, type PublisherOptions } from './publisher';
import type { DetailFor, DetailTypeOf, PublishOptions } from './types';

export { createPublisher, PublishFailedError, type Publisher, type PublisherOptions } from './publisher';
export { EntryTooLargeError, MAX_ENTRIES_PER_REQUEST, MAX_REQUEST_BYTES, entrySize } from './limits';
export { RETRYABLE_ENTRY_ERRORS, isRetryableEntryError } from './retry';
export { ContractViolation } from '../events/contract-violation';
export type * from './types';

/** The project's catalog, typed by detail-type. */
export type CatalogDetailType = DetailTypeOf<Catalog>;

/** A publisher for the project's event catalog. @default client: a new EventBridgeClient; bus: `EVENT_BUS_NAME`, else the default bus */
export function publisher(options: Partial<PublisherOptions> = {}): Publisher<Catalog> {
  return createPublisher(catalog, { ...options, client: options.client ?? new EventBridgeClient({}), eventBusName: options.eventBusName ?? process.env.EVENT_BUS_NAME });
}

const shared = lazy(() => publisher());

/** Publishes one catalog event with the shared publisher (see {@link publisher}); returns its event id. */
export function publish<D extends CatalogDetailType>(detailType: D, detail: DetailFor<Catalog, D>, options?: PublishOptions): Promise<string> {
  return shared().publish(detailType, detail, options);
}
