/**
 * What a player knows of the world, folded from the WebSocket messages (the client contract in
 * handlers/src/events/socket-messages.ts). Delivery is at least once: results are deduplicated on `attemptId`,
 * world updates on `fakemon` + `change`, so a message pushed twice changes nothing.
 */
import type { CaptureResultMessage, PlayerMessage, WorldMessage } from '../../../../../handlers/src/events/socket-messages';

/** A fakémon the player heard about. */
export interface KnownFakemon {
  readonly id: string;
  readonly species?: string;
  readonly lat?: number;
  readonly lng?: number;
  readonly cell: string;
  readonly expiresAt?: string;
  /** `wild` until the world says someone captured it or it fled. */
  readonly state: 'wild' | 'captured' | 'fled';
}

/** One capture attempt of this player. */
export interface Attempt {
  readonly attemptId: string;
  readonly fakemon: string;
  /** `sending` until the REST API answers, `accepted` (202) until the result arrives. */
  readonly status: 'sending' | 'accepted' | 'refused' | 'done';
  readonly outcome?: CaptureResultMessage['outcome'];
  /** Why the REST API refused the attempt (status and message). */
  readonly error?: string;
}

export interface WorldState {
  /** The cells watched (the player's cell and its neighbours), from the `watching` answer. */
  readonly watching?: { readonly cell: string; readonly cells: readonly string[] };
  readonly watchError?: string;
  /** By fakémon id, in arrival order. */
  readonly fakemon: ReadonlyMap<string, KnownFakemon>;
  /** Newest first. */
  readonly attempts: readonly Attempt[];
}

export const EMPTY_WORLD: WorldState = { fakemon: new Map(), attempts: [] };

/** The state after one message. */
export function applyMessage(state: WorldState, message: PlayerMessage): WorldState {
  switch (message.type) {
    case 'watching':
      return { ...state, watching: { cell: message.cell, cells: message.cells }, watchError: undefined };
    case 'error':
      return { ...state, watchError: message.message };
    case 'world':
      return { ...state, fakemon: applyWorld(state.fakemon, message) };
    case 'capture_result':
      return applyResult(state, message);
    default:
      return state;
  }
}

function applyWorld(known: ReadonlyMap<string, KnownFakemon>, message: WorldMessage): ReadonlyMap<string, KnownFakemon> {
  const before = known.get(message.fakemon);
  const next = new Map(known);
  if (message.change === 'spawned') {
    // A late duplicate of the spawn does not bring a captured or fled fakémon back.
    next.set(message.fakemon, { id: message.fakemon, species: message.species, lat: message.lat, lng: message.lng, cell: message.cell, expiresAt: message.expiresAt, state: before?.state ?? 'wild' });
  } else {
    next.set(message.fakemon, { ...(before ?? { id: message.fakemon, cell: message.cell }), state: message.change });
  }
  return next;
}

function applyResult(state: WorldState, message: CaptureResultMessage): WorldState {
  const index = state.attempts.findIndex((a) => a.attemptId === message.attemptId);
  if (index >= 0 && state.attempts[index]?.outcome !== undefined) return state;
  const done: Attempt = { attemptId: message.attemptId, fakemon: message.fakemon, status: 'done', outcome: message.outcome };
  const attempts = index >= 0 ? state.attempts.map((a, i) => (i === index ? done : a)) : [done, ...state.attempts];
  return { ...state, attempts };
}

/** The state after the REST API answered (or refused) an attempt; a result that already arrived stays. */
export function updateAttempt(state: WorldState, attempt: Attempt): WorldState {
  const index = state.attempts.findIndex((a) => a.attemptId === attempt.attemptId);
  if (index < 0) return { ...state, attempts: [attempt, ...state.attempts] };
  if (state.attempts[index]?.status === 'done') return state;
  return { ...state, attempts: state.attempts.map((a, i) => (i === index ? attempt : a)) };
}

/** Words for an outcome, as the page shows them: `captured`, `already captured`, `fled`, `dodged`, `not found`. */
export const outcomeText = (outcome: string): string => outcome.replace(/_/g, ' ');
