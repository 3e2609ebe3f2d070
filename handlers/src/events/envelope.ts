import * as z from 'zod/mini';
import { catalog, type DetailOf, type EventName } from './catalog';
import { ContractViolation, parseWith, problemsOf, type ContractProblem } from './contract-violation';
import { timestamp } from './primitives';

/**
 * The EventBridge envelope around every detail. Unknown envelope fields (version, account, region,
 * resources, replay-name …) are kept; the detail itself is strict.
 */
export const eventEnvelope = z.looseObject({
  id: z.string().check(z.minLength(1)),
  source: z.string().check(z.minLength(1)),
  'detail-type': z.string().check(z.minLength(1)),
  time: timestamp,
  detail: z.unknown(),
  'replay-name': z.optional(z.string()),
});

export type EventEnvelope = z.infer<typeof eventEnvelope>;

/** A validated event of the catalog: the envelope with a typed detail. */
export interface CatalogEvent<N extends EventName> {
  readonly id: string;
  readonly source: string;
  readonly 'detail-type': string;
  readonly time: string;
  readonly detail: DetailOf<N>;
  readonly 'replay-name'?: string;
  readonly version?: unknown;
  readonly account?: unknown;
  readonly region?: unknown;
  readonly resources?: unknown;
  readonly [field: string]: unknown;
}

/** One of several catalog events, discriminated by `name`. */
export type AnyCatalogEvent<N extends EventName> = { [K in N]: { readonly name: K; readonly event: CatalogEvent<K> } }[N];

/**
 * Validates an EventBridge event against the contract `name`: envelope fields, the expected source
 * and detail-type, the detail schema, and the `resources` when the contract has a schema for them. Throws
 * {@link ContractViolation} listing every problem.
 */
export function parseEvent<N extends EventName>(name: N, event: unknown): CatalogEvent<N> {
  const entry = catalog[name];
  const envelope = eventEnvelope.safeParse(event);
  const problems: ContractProblem[] = envelope.success ? [] : problemsOf(envelope.error);
  const raw = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
  if (typeof raw.source === 'string' && raw.source !== entry.source) {
    problems.push({ path: 'source', message: `expected "${entry.source}", got "${raw.source}"`, code: 'invalid_value' });
  }
  if (typeof raw['detail-type'] === 'string' && raw['detail-type'] !== entry.detailType) {
    problems.push({ path: 'detail-type', message: `expected "${entry.detailType}", got "${raw['detail-type']}"`, code: 'invalid_value' });
  }
  const detail = entry.detail.safeParse(raw.detail);
  if (!detail.success) problems.push(...problemsOf(detail.error, ['detail']));
  const resources = (entry as { resources?: z.ZodMiniType }).resources?.safeParse(raw.resources ?? []);
  if (resources && !resources.success) problems.push(...problemsOf(resources.error, ['resources']));
  if (problems.length > 0 || !envelope.success || !detail.success) throw new ContractViolation(name, problems);
  return { ...envelope.data, detail: detail.data } as unknown as CatalogEvent<N>;
}

/** Like {@link parseEvent} but returns only the typed detail. */
export function parseDetail<N extends EventName>(name: N, event: unknown): DetailOf<N> {
  return parseEvent(name, event).detail;
}

/** Parses an event that may be any of `names`, chosen by its detail-type. */
export function parseAnyEvent<N extends EventName>(names: readonly N[], event: unknown): AnyCatalogEvent<N> {
  const raw = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
  const name = names.find((n) => catalog[n].detailType === raw['detail-type']);
  if (name === undefined) {
    const expected = names.map((n) => `"${catalog[n].detailType}"`).join(', ');
    throw new ContractViolation(names.join('|'), [
      { path: 'detail-type', message: `expected one of ${expected}, got ${JSON.stringify(raw['detail-type'])}`, code: 'invalid_value' },
    ]);
  }
  return { name, event: parseEvent(name, event) } as AnyCatalogEvent<N>;
}

/** Validates an outgoing detail against its contract (a producer never emits what it would refuse). */
export function validateDetail<N extends EventName>(name: N, detail: DetailOf<N>): DetailOf<N> {
  return parseWith(name, catalog[name].detail, detail, ['detail']) as DetailOf<N>;
}

/** A PutEvents entry (same field names as the SDK's `PutEventsRequestEntry`). */
export interface PutEventsEntry {
  readonly Source: string;
  readonly DetailType: string;
  readonly Detail: string;
  readonly EventBusName?: string;
  readonly Time?: Date;
}

/** Builds the PutEvents entry of a catalog event, validating its detail first. */
export function toPutEventsEntry<N extends EventName>(name: N, detail: DetailOf<N>, eventBusName?: string): PutEventsEntry {
  const entry = catalog[name];
  const valid = validateDetail(name, detail);
  return {
    Source: entry.source,
    DetailType: entry.detailType,
    Detail: JSON.stringify(valid),
    ...(eventBusName === undefined ? {} : { EventBusName: eventBusName }),
  };
}

/** One parser per event, e.g. `eventParsers.captureAttempt(event)` (same as `parseEvent('captureAttempt', event)`). */
export const eventParsers = Object.fromEntries(
  (Object.keys(catalog) as EventName[]).map((name) => [name, (event: unknown) => parseEvent(name, event)]),
) as { readonly [N in EventName]: (event: unknown) => CatalogEvent<N> };
