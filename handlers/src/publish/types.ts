import type * as z from 'zod/mini';
import type { CatalogEntry } from '../events/catalog';

/** An event catalog: logical name → entry (source, literal detail-type, detail schema). */
export type EventCatalog = Readonly<Record<string, CatalogEntry<string, z.ZodMiniType, string>>>;

/** Every detail-type of a catalog. */
export type DetailTypeOf<C extends EventCatalog> = C[keyof C]['detailType'];

/** The catalog entry of a detail-type. */
export type EntryOf<C extends EventCatalog, D extends DetailTypeOf<C>> = Extract<C[keyof C], { readonly detailType: D }>;

/** The detail a detail-type's schema accepts. */
export type DetailFor<C extends EventCatalog, D extends DetailTypeOf<C>> = z.input<EntryOf<C, D>['detail']>;

/** Per-event options of a publish. */
export interface PublishOptions {
  /** ARNs (or other identifiers) the event concerns: the envelope's `resources`. @default [] */
  readonly resources?: readonly string[];
  /** The event's time. @default the time EventBridge receives it */
  readonly time?: Date;
  /** Bus name or ARN for this event. @default the publisher's bus */
  readonly eventBusName?: string;
  /** X-Ray trace header to carry. */
  readonly traceHeader?: string;
}

/** One event of a batch. */
export type PublishEvent<C extends EventCatalog> = {
  [D in DetailTypeOf<C>]: { readonly detailType: D; readonly detail: DetailFor<C, D> } & PublishOptions;
}[DetailTypeOf<C>];

/** An event EventBridge accepted. */
export interface PublishedEntry {
  /** Position in the events given. */
  readonly index: number;
  readonly detailType: string;
  readonly eventId: string;
  /** PutEvents calls it took (1 unless it was retried). */
  readonly attempts: number;
}

/** An event EventBridge did not accept, with its last error. */
export interface FailedEntry {
  readonly index: number;
  readonly detailType: string;
  /** The entry's `ErrorCode`, or the error name when the whole request failed. */
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly attempts: number;
  /** Whether the error is one EventBridge documents as retryable (then the attempts ran out). */
  readonly retryable: boolean;
}

export interface PublishResult {
  /** Accepted events, in the order given. */
  readonly published: readonly PublishedEntry[];
  /** Events not accepted, in the order given; empty when everything went. */
  readonly failed: readonly FailedEntry[];
  /** PutEvents requests made, retries included. */
  readonly requests: number;
}
