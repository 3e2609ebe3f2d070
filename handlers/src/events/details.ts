import * as z from 'zod/mini';
import { MAX_REMINDER_PRODUCTS, captureFailureReason, cartId, cellId, identifier, latitude, longitude, playerName, quantity, timestamp } from './primitives';

/**
 * `fakemon.capture_attempt`: a player tries to capture a fakémon (put on the bus by the capture API). The API
 * sets every field: `player` from the caller's token, `attemptId` from the client's `Idempotency-Key` or API
 * Gateway's request id, so the attempt keeps its id through retries, redrives and replays.
 */
export const captureAttemptDetail = z.strictObject({ attemptId: identifier, player: playerName, fakemon: identifier });

/**
 * `fakemon.capture_succeeded`: the attempt captured the fakémon. `cell` is where it was (what routes the world
 * update to the players around it); absent only for a fakémon spawned before fakémon had cells.
 */
export const captureSucceededDetail = z.strictObject({
  attemptId: identifier,
  player: playerName,
  fakemon: identifier,
  capturedAt: timestamp,
  cell: z.optional(cellId),
});

/** `fakemon.capture_failed`: the attempt failed for `reason`. */
export const captureFailedDetail = z.strictObject({
  attemptId: identifier,
  player: playerName,
  fakemon: identifier,
  reason: captureFailureReason,
});

/** `fakemon.spawned`: a wild fakémon appeared at `lat`/`lng` (in `cell`) and flees at `expiresAt`. */
export const spawnedDetail = z.strictObject({
  fakemon: identifier,
  species: identifier,
  expiresAt: timestamp,
  lat: latitude,
  lng: longitude,
  cell: cellId,
});

/**
 * `fakemon.fled`: a wild fakémon was found gone (its `expiresAt` passed) by the first capture attempt after it;
 * emitted once per fakémon. Clients also drop a fakémon at its `expiresAt` on their own.
 */
export const fledDetail = z.strictObject({ fakemon: identifier, cell: cellId });

/** `cart.item_added`: `quantity` units of `product` were added to the cart by `user` (the signed-in player). */
export const cartItemAddedDetail = z.strictObject({ cartId, user: playerName, product: identifier, quantity });

/** `cart.checked_out`: the cart was checked out by `user` (pending reminders are cancelled). */
export const cartCheckedOutDetail = z.strictObject({ cartId, user: playerName });

/**
 * `cart.reminder_due`: the cart was left alone for the reminder delay.
 * `product` is the list of products added so far (oldest first, no duplicates, at most
 * {@link MAX_REMINDER_PRODUCTS}, the most recent kept), not a single product: one reminder per cart.
 */
export const cartReminderDueDetail = z.strictObject({
  cartId,
  user: playerName,
  product: z.array(identifier).check(z.minLength(1), z.maxLength(MAX_REMINDER_PRODUCTS)),
});

export type CaptureAttempt = z.infer<typeof captureAttemptDetail>;
export type CaptureSucceeded = z.infer<typeof captureSucceededDetail>;
export type CaptureFailed = z.infer<typeof captureFailedDetail>;
export type FakemonSpawned = z.infer<typeof spawnedDetail>;
export type FakemonFled = z.infer<typeof fledDetail>;
export type CartItemAdded = z.infer<typeof cartItemAddedDetail>;
export type CartCheckedOut = z.infer<typeof cartCheckedOutDetail>;
export type CartReminderDue = z.infer<typeof cartReminderDueDetail>;
