import * as z from 'zod/mini';

/**
 * Building blocks of every contract. The contracts use `zod/mini` (same schemas and JSON Schema
 * output as `zod`, a quarter of the bundle size). Lengths are UTF-16 code units in zod and code
 * points in JSON Schema; they agree for every character of the Basic Multilingual Plane (accents
 * included), which is what identifiers are expected to use.
 */

/** A player, fakémon, user or product identifier: a non-empty string of at most 64 characters. */
export const identifier = z.string().check(z.minLength(1), z.maxLength(64));

/**
 * The one rule for player names (the Cognito username), enforced identically at sign-up (the pre sign-up
 * trigger), at the REST edge (the mapping template), on the WebSocket (the `$connect` authorizer and
 * ws-connect) and in every event that names a player: 3 to 24 characters of lowercase ASCII letters, digits
 * and `_`, starting with a letter. Nothing else: no control characters, no markup, no look-alike letters from
 * other scripts, no case variants of another player's name. Written in the common subset of ECMAScript and
 * Java regular expressions, because API Gateway's templates run it as a Java regex.
 */
export const PLAYER_NAME_PATTERN = '^[a-z][a-z0-9_]{2,23}$';
export const PLAYER_NAME_RULE = 'player names are 3 to 24 lowercase letters, digits or "_", starting with a letter';
export const playerName = z.string().check(z.regex(new RegExp(PLAYER_NAME_PATTERN)));

/** Whether `name` satisfies {@link PLAYER_NAME_PATTERN}. */
export function isPlayerName(name: unknown): name is string {
  return typeof name === 'string' && new RegExp(PLAYER_NAME_PATTERN).test(name);
}

/**
 * A client's `Idempotency-Key` (the attempt id of a capture): long enough to be unguessable in practice (a UUID
 * fits), short and plain enough to travel in headers, keys and logs.
 */
export const IDEMPOTENCY_KEY_PATTERN = '^[A-Za-z0-9_-]{16,64}$';

/** Cart ids travel in URL paths and name schedules, hence the narrow alphabet. */
export const CART_ID_PATTERN = '^[A-Za-z0-9-]{1,64}$';
export const cartId = z.string().check(z.regex(new RegExp(CART_ID_PATTERN)));

/** How many units of a product are added to a cart at once. */
export const quantity = z.int().check(z.minimum(1), z.maximum(99));

/** An ISO-8601 date-time with `Z` or a numeric offset, e.g. `2024-05-14T07:42:21Z`. */
export const timestamp = z.iso.datetime({ offset: true });

/** A latitude in degrees (WGS 84), −90 to 90. */
export const latitude = z.number().check(z.minimum(-90), z.maximum(90));

/** A longitude in degrees (WGS 84), −180 to 180. */
export const longitude = z.number().check(z.minimum(-180), z.maximum(180));

/**
 * A cell of the world's geo index: an H3 cell index as 15 lowercase hexadecimal digits (H3's string form). Which
 * resolution a stack uses is its env config's `game.world.cellResolution`.
 */
export const CELL_PATTERN = '^[0-9a-f]{15}$';
export const cellId = z.string().check(z.regex(new RegExp(CELL_PATTERN)));

/** Why a capture attempt failed. */
export const CAPTURE_FAILURE_REASONS = ['already_captured', 'not_found', 'fled', 'dodged'] as const;
export const captureFailureReason = z.enum(CAPTURE_FAILURE_REASONS);
export type CaptureFailureReason = z.infer<typeof captureFailureReason>;

/** The most products a reminder lists (the most recently added ones are kept). */
export const MAX_REMINDER_PRODUCTS = 50;
