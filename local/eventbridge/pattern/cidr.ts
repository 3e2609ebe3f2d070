/**
 * IP addresses and `{"cidr": "..."}` ranges, following event-ruler's CIDR class (EventBridge's
 * matcher): an IP literal must first look like one (IPv4 `d+.d+.d+.d+`, IPv6 hex digits and
 * colons only — no zone ids, no embedded dotted quads) and then parse as a Java InetAddress
 * literal. An IPv4-mapped IPv6 address (::ffff:a00:1) is an IPv4 address, as in Java.
 *
 * The error texts are event-ruler's (AWS returns them, e.g. "Nonstandard IP address: xx.11.xx").
 * Like event-ruler, the mask must be < 32 for IPv4 and < 128 for IPv6 (so "/32" is refused).
 */
import { invalid } from './errors';
import type { IpRange } from './types';

const IPV4_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const IPV6_SHAPE = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;

/** Whether the string has the shape event-ruler treats as an IP literal. */
export function looksLikeIp(text: string): boolean {
  return IPV4_SHAPE.test(text) || IPV6_SHAPE.test(text);
}

function parseIpv4(text: string): Uint8Array | null {
  const parts = text.split('.');
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i];
    // Guess: recent JDKs refuse "ambiguous" literals with leading zeros (e.g. 010.0.0.1).
    if (part.length === 0 || part.length > 3 || (part.length > 1 && part.charCodeAt(0) === 48)) return null;
    const value = Number(part);
    if (value > 255) return null;
    bytes[i] = value;
  }
  return bytes;
}

function parseIpv6(text: string): Uint8Array | null {
  const doubleColon = text.indexOf('::');
  if (doubleColon !== -1 && text.indexOf('::', doubleColon + 1) !== -1) return null;
  const parseGroups = (part: string): number[] | null => {
    if (part === '') return [];
    const groups = part.split(':');
    const out: number[] = [];
    for (const group of groups) {
      if (group.length === 0 || group.length > 4) return null;
      out.push(parseInt(group, 16));
    }
    return out;
  };
  let groups: number[];
  if (doubleColon === -1) {
    const all = parseGroups(text);
    if (all === null || all.length !== 8) return null;
    groups = all;
  } else {
    const head = parseGroups(text.slice(0, doubleColon));
    const tail = parseGroups(text.slice(doubleColon + 2));
    // "::" stands for at least one zero group.
    if (head === null || tail === null || head.length + tail.length > 7) return null;
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  }
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    bytes[2 * i] = groups[i] >> 8;
    bytes[2 * i + 1] = groups[i] & 0xff;
  }
  // Java's InetAddress turns IPv4-mapped addresses (::ffff:w.x.y.z) into IPv4 addresses.
  let mapped = bytes[10] === 0xff && bytes[11] === 0xff;
  for (let i = 0; mapped && i < 10; i++) mapped = bytes[i] === 0;
  return mapped ? bytes.slice(12) : bytes;
}

/**
 * Parses an IP address literal into 4 or 16 bytes.
 * Returns 'nonstandard' when it does not have an IP shape, null when it has one but is invalid.
 */
export function parseIp(text: string): Uint8Array | null | 'nonstandard' {
  if (IPV4_SHAPE.test(text)) return parseIpv4(text);
  if (IPV6_SHAPE.test(text)) return parseIpv6(text);
  return 'nonstandard';
}

/** Parses an event value into an address, or null when it is not an IP literal. */
export function ipOf(text: string): Uint8Array | null {
  const bytes = parseIp(text);
  return bytes === 'nonstandard' ? null : bytes;
}

/** Parses an IP literal for a pattern, throwing event-ruler's errors. */
function requireIp(text: string): Uint8Array {
  const bytes = parseIp(text);
  if (bytes === null) invalid(`Invalid IP address: ${text}`);
  if (bytes === 'nonstandard') invalid(`Nonstandard IP address: ${text}`);
  return bytes;
}

/** Java's String.split: trailing empty strings are dropped. */
function javaSplit(text: string, separator: string): string[] {
  const parts = text.split(separator);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Java's Integer.parseInt for ASCII input (optional sign, decimal digits, 32-bit range). */
function javaParseInt(text: string): number | null {
  if (!/^[+-]?[0-9]+$/.test(text)) return null;
  const value = Number(text);
  return value >= -2147483648 && value <= 2147483647 ? value : null;
}

/** Parses `{"cidr": text}` into an inclusive address range. */
export function parseCidr(text: string): IpRange {
  const slashed = javaSplit(text, '/');
  if (slashed.length !== 2) invalid("Malformed CIDR, one '/' required");
  const maskBits = javaParseInt(slashed[1]);
  if (maskBits === null) invalid('Malformed CIDR, mask bits must be an integer');
  if (maskBits < 0) invalid('Malformed CIDR, mask bits must not be negative');
  const base = requireIp(slashed[0]);
  if (base.length === 4 && maskBits > 31) invalid('IPv4 mask bits must be < 32');
  if (base.length === 16 && maskBits > 127) invalid('IPv6 mask bits must be < 128');

  const min = new Uint8Array(base.length);
  const max = new Uint8Array(base.length);
  for (let i = 0; i < base.length; i++) {
    const fixedBits = Math.max(0, Math.min(8, maskBits - 8 * i));
    const hostMask = 0xff >> fixedBits;
    min[i] = base[i] & ~hostMask & 0xff;
    max[i] = base[i] | hostMask;
  }
  return { min, max };
}

/** Lexicographic comparison of equal-length byte strings. */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return 0;
}

/** True when the address is inside the range (same address family only). */
export function ipInRange(range: IpRange, address: Uint8Array): boolean {
  return (
    address.length === range.min.length && compareBytes(range.min, address) <= 0 && compareBytes(address, range.max) <= 0
  );
}

/** True when both addresses are the same. */
export function sameIp(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && compareBytes(a, b) === 0;
}
