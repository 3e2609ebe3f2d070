import type { Audience } from './model';

/**
 * The scenarios docs/capacity.md is computed for. These are the questions asked of the model, not facts:
 * change them and run `npm run capacity`.
 */

/** Concurrent players. */
export const PLAYER_COUNTS: readonly number[] = [10_000, 100_000];

/** Successful captures per second. */
export const CAPTURE_RATES: readonly number[] = [100, 1_000];

/** Cells a neighbourhood spans: a hexagonal cell and its six neighbours (an H3 disk of radius 1). */
export const NEIGHBOURHOOD_CELLS = 7;

/** Players per cell for interest management: a quiet area and a crowded one (a landmark, an event). */
export const PLAYERS_PER_CELL: readonly number[] = [10, 200];

/** Who receives a capture's world update: everyone (no interest management, for comparison), or a neighbourhood at each density. */
export const AUDIENCES: readonly Audience[] = [
  { kind: 'everyone' },
  ...PLAYERS_PER_CELL.map((playersPerCell): Audience => ({ kind: 'neighbourhood', playersPerCell, cells: NEIGHBOURHOOD_CELLS })),
];

/** Densities at which one cell's partition of a connections-by-cell index is checked. */
export const CELL_PARTITION_DENSITIES: readonly number[] = [10, 200, 2_000, 20_000];
