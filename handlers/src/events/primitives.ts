import * as z from 'zod/mini';

/**
 * Building blocks of every contract. The contracts use `zod/mini` (same schemas and JSON Schema
 * output as `zod`, a quarter of the bundle size). Lengths are UTF-16 code units in zod and code
 * points in JSON Schema; they agree for every character of the Basic Multilingual Plane (accents
 * included), which is what identifiers are expected to use.
 */

/** A player, fakémon, user or product identifier: a non-empty string of at most 64 characters. */
export const identifier = z.string().check(z.minLength(1), z.maxLength(64));

/** Cart ids travel in URL paths and name schedules, hence the narrow alphabet. */
export const CART_ID_PATTERN = '^[A-Za-z0-9-]{1,64}$';
export const cartId = z.string().check(z.regex(new RegExp(CART_ID_PATTERN)));

/** How many units of a product are added to a cart at once. */
export const quantity = z.int().check(z.minimum(1), z.maximum(99));

/** An ISO-8601 date-time with `Z` or a numeric offset, e.g. `2024-05-14T07:42:21Z`. */
export const timestamp = z.iso.datetime({ offset: true });

/** Why a capture attempt failed. */
export const CAPTURE_FAILURE_REASONS = ['already_captured', 'not_found', 'fled', 'dodged'] as const;
export const captureFailureReason = z.enum(CAPTURE_FAILURE_REASONS);
export type CaptureFailureReason = z.infer<typeof captureFailureReason>;

/** The most products a reminder lists (the most recently added ones are kept). */
export const MAX_REMINDER_PRODUCTS = 50;
