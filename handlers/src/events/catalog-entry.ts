import type * as z from 'zod/mini';

/**
 * One event of the catalog: who emits it, its detail-type, and the single schema of its detail. The detail-type
 * keeps its literal type, so producers can be typed by detail-type (`publish('cart.item_added', …)`).
 */
export interface CatalogEntry<N extends string = string, S extends z.ZodMiniType = z.ZodMiniType, D extends string = string> {
  /** Stable logical name (used in code, schema names and fixtures). */
  readonly name: N;
  readonly source: string;
  readonly detailType: D;
  readonly detail: S;
  /**
   * The schema of the envelope's `resources` when the event's contract includes them (e.g. the recipient of a
   * notification); consumers parse them and producers validate them like the detail. @default any resources
   */
  readonly resources?: z.ZodMiniType<readonly string[]>;
  readonly description: string;
}

/** Declares a catalog entry, keeping its literal types. */
export function entry<N extends string, S extends z.ZodMiniType, D extends string>(e: CatalogEntry<N, S, D>): CatalogEntry<N, S, D> {
  return e;
}
