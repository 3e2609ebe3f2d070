/**
 * The world's geo index: H3 cells (`h3-js`, Uber's hexagonal grid). A position falls in one cell of the configured
 * resolution; a player watches its cell and the six cells around it (a grid disk of radius 1, five around a
 * pentagon). Grid distance is symmetric, so a change in cell C concerns exactly the players whose watched disk
 * contains C — which is why one watcher entry per watched cell lets a world update be a single Query on C.
 */
import { gridDisk, isValidCell, latLngToCell, getResolution } from 'h3-js';
import type { Position } from './play-area';

/** Rings of neighbours a player watches around its own cell. */
export const WATCH_RADIUS = 1;

/** The cell of a position at `resolution` (0–15). */
export function cellOf(position: Position, resolution: number): string {
  return latLngToCell(position.lat, position.lng, resolution);
}

/** The cell and its neighbours within {@link WATCH_RADIUS}, sorted (a stable order for comparisons and logs). */
export function neighbourhoodOf(cell: string): string[] {
  return gridDisk(cell, WATCH_RADIUS).sort();
}

/** Whether `cell` is a valid H3 cell of `resolution`. */
export function isCellOfResolution(cell: string, resolution: number): boolean {
  return isValidCell(cell) && getResolution(cell) === resolution;
}
