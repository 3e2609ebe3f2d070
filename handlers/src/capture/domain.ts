/**
 * Capture decisions, free of I/O: dodges, what a read of the fakémon settles before any transaction, why a fakémon
 * cannot be captured, how to read a cancelled transaction, and which events an attempt record produces.
 */
import type { DetailOf } from '../events/catalog';
import type { CaptureFailureReason } from '../events/primitives';

export type AttemptOutcome = 'succeeded' | 'failed';

/** What the attempts table remembers about one attempt (the idempotency record). */
export interface AttemptRecord {
  readonly attemptId: string;
  readonly player: string;
  readonly fakemon: string;
  readonly outcome: AttemptOutcome;
  /** Set when outcome = failed. */
  readonly reason?: CaptureFailureReason;
  /** ISO-8601; set when outcome = succeeded. */
  readonly capturedAt?: string;
  /** The fakémon's cell, when known: what routes the world update of a capture (or a flight). */
  readonly cell?: string;
  /** True when this attempt found the fakémon fled first and marked it: it announces `fakemon.fled` (once per fakémon). */
  readonly announcedFled?: boolean;
  /** Epoch seconds (TTL). */
  readonly expiresAt: number;
}

/** A world item as read (all fields optional: the item may be partial or foreign). */
export interface WorldSnapshot {
  readonly fakemonId: string;
  readonly status?: string;
  readonly species?: string;
  /** Epoch seconds; absent means it never flees. */
  readonly expiresAt?: number;
  readonly capturedBy?: string;
  readonly cell?: string;
}

/**
 * Whether the fakémon dodges an attempt whose roll (a number in [0, 1)) is `roll`. The roll is random, never a
 * function of the attempt id: clients choose attempt ids (`Idempotency-Key`), and a derived roll would let
 * them pick ids that never dodge. A redelivered attempt may roll differently, which changes nothing: its
 * first outcome is already recorded and wins.
 */
export function isDodged(roll: number, probability: number): boolean {
  if (!(probability > 0)) return false;
  if (probability >= 1) return true;
  return roll < probability;
}

/**
 * Whether a stored attempt record belongs to this attempt. Attempt ids are chosen by clients, so another
 * player may send one that is already taken: that attempt is not the stored one and must neither reuse its
 * outcome nor emit it again.
 */
export function isSameAttempt(stored: Pick<AttemptRecord, 'player'>, attempt: { readonly player: string }): boolean {
  return stored.player === attempt.player;
}

/** True when the world item may be captured at `nowEpoch` (mirrors the transaction's condition). */
export function isCapturable(world: WorldSnapshot | undefined, nowEpoch: number): boolean {
  return world !== undefined && world.status === 'wild' && (world.expiresAt === undefined || world.expiresAt > nowEpoch);
}

/** Why a fakémon that failed the capture condition cannot be captured. */
export function classifyUnavailable(world: WorldSnapshot | undefined, nowEpoch: number): Exclude<CaptureFailureReason, 'dodged'> {
  if (world === undefined) return 'not_found';
  if (world.status === 'captured') return 'already_captured';
  if (world.status === 'fled') return 'fled';
  if (world.status === 'wild' && world.expiresAt !== undefined && world.expiresAt <= nowEpoch) return 'fled';
  if (world.status === 'wild') return 'already_captured'; // passed on re-read: lost a race, treat as taken
  return 'not_found';
}

export type ReadVerdict =
  /** Still wild and not expired: only the transaction can tell who wins. */
  | { readonly kind: 'contend' }
  /** Wild but past its `expiresAt`, and nobody marked it fled yet: mark it, and announce it if the mark is ours. */
  | { readonly kind: 'flee' }
  /** Settled by the read alone: record the failure with one conditional write, no transaction. */
  | { readonly kind: 'unavailable'; readonly reason: Exclude<CaptureFailureReason, 'dodged'> };

/**
 * What a strongly consistent read of the fakémon settles before any transaction. Losers of a race mostly arrive
 * after the winner committed: their read says `captured`, so they cost one read and one write (their attempt
 * record) instead of a cancelled three-item transaction that also writes to the hot item's partition. The read can
 * only err towards `contend` (the fakémon changes after the read), and the transaction's condition decides then.
 */
export function judgeRead(world: WorldSnapshot | undefined, nowEpoch: number): ReadVerdict {
  if (isCapturable(world, nowEpoch)) return { kind: 'contend' };
  if (world?.status === 'wild') return { kind: 'flee' };
  return { kind: 'unavailable', reason: classifyUnavailable(world, nowEpoch) };
}

/** How each item of the capture transaction fared when it was cancelled. */
export interface CaptureCancellation {
  readonly world: { readonly code: string; readonly snapshot?: WorldSnapshot };
  readonly collection: { readonly code: string };
  readonly attempt: { readonly code: string; readonly record?: AttemptRecord };
}

export type CancellationVerdict =
  /** The attempt was processed before: reuse its outcome (`record` when DynamoDB returned it). */
  | { readonly kind: 'already_recorded'; readonly record?: AttemptRecord }
  /** The fakémon cannot be captured: record and emit a failure with `reason`. */
  | { readonly kind: 'unavailable'; readonly reason: Exclude<CaptureFailureReason, 'dodged'> }
  /** Transient (TransactionConflict, throttling …): run the transaction again. */
  | { readonly kind: 'retry'; readonly codes: readonly string[] };

const CONDITION_FAILED = 'ConditionalCheckFailed';

/** Reads the CancellationReasons of the capture transaction. The attempt record wins over the world. */
export function interpretCancellation(c: CaptureCancellation, nowEpoch: number): CancellationVerdict {
  if (c.attempt.code === CONDITION_FAILED) return c.attempt.record ? { kind: 'already_recorded', record: c.attempt.record } : { kind: 'already_recorded' };
  if (c.world.code === CONDITION_FAILED) return { kind: 'unavailable', reason: classifyUnavailable(c.world.snapshot, nowEpoch) };
  return { kind: 'retry', codes: [c.world.code, c.collection.code, c.attempt.code] };
}

export function succeededRecord(
  a: { attemptId: string; player: string; fakemon: string },
  capturedAt: Date,
  expiresAt: number,
  cell?: string,
): AttemptRecord {
  return { attemptId: a.attemptId, player: a.player, fakemon: a.fakemon, outcome: 'succeeded', capturedAt: capturedAt.toISOString(), ...(cell ? { cell } : {}), expiresAt };
}

export function failedRecord(
  a: { attemptId: string; player: string; fakemon: string },
  reason: CaptureFailureReason,
  expiresAt: number,
  announced?: { readonly fledIn: string },
): AttemptRecord {
  return {
    attemptId: a.attemptId,
    player: a.player,
    fakemon: a.fakemon,
    outcome: 'failed',
    reason,
    ...(announced ? { cell: announced.fledIn, announcedFled: true } : {}),
    expiresAt,
  };
}

export type OutcomeEvent =
  | { readonly name: 'captureSucceeded'; readonly detail: DetailOf<'captureSucceeded'> }
  | { readonly name: 'captureFailed'; readonly detail: DetailOf<'captureFailed'> }
  | { readonly name: 'fled'; readonly detail: DetailOf<'fled'> };

/** The result event of an attempt record; the same record always produces the same event. */
export function outcomeEvent(record: AttemptRecord): OutcomeEvent {
  const { attemptId, player, fakemon } = record;
  if (record.outcome === 'succeeded') {
    if (!record.capturedAt) throw new Error(`attempt ${attemptId} succeeded but has no capturedAt`);
    return { name: 'captureSucceeded', detail: { attemptId, player, fakemon, capturedAt: record.capturedAt, ...(record.cell ? { cell: record.cell } : {}) } };
  }
  if (!record.reason) throw new Error(`attempt ${attemptId} failed but has no reason`);
  return { name: 'captureFailed', detail: { attemptId, player, fakemon, reason: record.reason } };
}

/**
 * Every event an attempt record produces: its result, and `fakemon.fled` when this attempt is the one that found
 * the fakémon fled. Stored with the record, so a redelivery re-emits both.
 */
export function outcomeEvents(record: AttemptRecord): OutcomeEvent[] {
  const result = outcomeEvent(record);
  return record.announcedFled && record.cell ? [result, { name: 'fled', detail: { fakemon: record.fakemon, cell: record.cell } }] : [result];
}

/**
 * Whether a settled attempt's result is put on the bus again. A redelivery re-emits it (the first emission may
 * have failed); an archive replay of an attempt that was already settled does not, so a replay reprocesses only
 * what was never processed instead of pushing every old result to players a second time.
 */
export function emitsResult(alreadySettled: boolean, fromArchiveReplay: boolean): boolean {
  return !(alreadySettled && fromArchiveReplay);
}
