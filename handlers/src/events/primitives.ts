import { z } from 'zod';

/**
 * Building blocks of every contract. Lengths are UTF-16 code units in zod and code points in JSON
 * Schema; they agree for every character of the Basic Multilingual Plane (accents included), which
 * is what identifiers are expected to use.
 */

/** A player, fakémon, user or product identifier: a non-empty string of at most 64 characters. */
export const identifier = z.string().min(1).max(64);

/** Cart ids travel in URL paths and name schedules, hence the narrow alphabet. */
export const CART_ID_PATTERN = '^[A-Za-z0-9-]{1,64}$';
export const cartId = z.string().regex(new RegExp(CART_ID_PATTERN));

/** How many units of a product are added to a cart at once. */
export const quantity = z.number().int().min(1).max(99);

/** An ISO-8601 date-time with `Z` or a numeric offset, e.g. `2024-05-14T07:42:21Z`. */
export const timestamp = z.iso.datetime({ offset: true });

/** Why a capture attempt failed. */
export const CAPTURE_FAILURE_REASONS = ['already_captured', 'not_found', 'fled', 'dodged'] as const;
export const captureFailureReason = z.enum(CAPTURE_FAILURE_REASONS);
export type CaptureFailureReason = z.infer<typeof captureFailureReason>;

/** The most products a reminder lists (the most recently added ones are kept). */
export const MAX_REMINDER_PRODUCTS = 50;
