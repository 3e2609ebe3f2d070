import { createHash } from 'node:crypto';

export function sha256(input: string): Buffer {
  return createHash('sha256').update(input, 'utf8').digest();
}

export function sha256Hex(input: string): string {
  return sha256(input).toString('hex');
}

/**
 * A number in [0, 1) derived from the input only: the first 48 bits of its SHA-256, divided by 2^48.
 * The same input always gives the same number.
 */
export function unitIntervalOf(input: string): number {
  return sha256(input).readUIntBE(0, 6) / 2 ** 48;
}

/** A deterministic index in [0, size) derived from the input. */
export function bucketOf(input: string, size: number): number {
  if (!Number.isInteger(size) || size <= 0) throw new RangeError(`size must be a positive integer, got ${size}`);
  return sha256(input).readUInt32BE(0) % size;
}
