/**
 * World updates, free of I/O: which change of the world is told, in which cell. The players told are those
 * watching that cell or one of its neighbours, and every one of them has a watcher entry under that very cell
 * (ws-watch writes one per watched cell), so one Query on the cell finds them all: a change costs its
 * neighbourhood, never the whole player base. One invocation per change; the rule sends nothing else here.
 */
import type { AnyCatalogEvent } from '../events/envelope';
import type { WorldMessage } from '../events/socket-messages';

export const WORLD_EVENTS = ['spawned', 'captureSucceeded', 'fled'] as const;
export type WorldEventName = (typeof WORLD_EVENTS)[number];

/** The update and the cell it concerns; none for a capture of a fakémon without a cell (spawned before cells existed). */
export function worldUpdate(parsed: AnyCatalogEvent<WorldEventName>): { readonly cell: string; readonly message: WorldMessage } | undefined {
  switch (parsed.name) {
    case 'spawned': {
      const { fakemon, species, expiresAt, lat, lng, cell } = parsed.event.detail;
      return { cell, message: { type: 'world', change: 'spawned', fakemon, species, expiresAt, lat, lng, cell } };
    }
    case 'captureSucceeded': {
      const { fakemon, capturedAt, cell } = parsed.event.detail;
      return cell === undefined ? undefined : { cell, message: { type: 'world', change: 'captured', fakemon, capturedAt, cell } };
    }
    case 'fled': {
      const { fakemon, cell } = parsed.event.detail;
      return { cell, message: { type: 'world', change: 'fled', fakemon, cell } };
    }
  }
}
