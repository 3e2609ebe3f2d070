/**
 * The parsed form of an event pattern, shared by the compiler (compile.ts) and the reference
 * interpreter (reference.ts).
 *
 * Like event-ruler, a pattern is expanded into "sub-rules": `$or` forks the rule, so a pattern
 * matches an event when any of its sub-rules does. A sub-rule maps a field path (the pattern keys
 * joined with ".") to the values allowed at that path (OR); every path must match (AND).
 */

/** One token of a wildcard pattern: a literal UTF-16 code unit, or `*` (any run of characters). */
export type WildcardToken = string | typeof STAR;
export const STAR: unique symbol = Symbol('*');

export interface NumericRange {
  /** Lower bound (-Infinity when absent). */
  readonly lo: number;
  readonly loInclusive: boolean;
  /** Upper bound (+Infinity when absent). */
  readonly hi: number;
  readonly hiInclusive: boolean;
}

/** An IPv4 (4 bytes) or IPv6 (16 bytes) address range, both ends inclusive. */
export interface IpRange {
  readonly min: Uint8Array;
  readonly max: Uint8Array;
}

/** One element of a pattern value array. */
export type ValuePattern =
  /** `"text"` (or `{"exactly": "text"}`): the event string equals text. */
  | { readonly kind: 'exact-string'; readonly value: string }
  /**
   * A pattern string that is an IP address literal: event-ruler turns it into a one-address CIDR
   * range, so "2001:db8::1" also matches "2001:0db8:0:0:0:0:0:1". `value` is the literal.
   */
  | { readonly kind: 'exact-ip'; readonly value: string; readonly address: Uint8Array }
  /** A JSON number: matches an event number with the same numeric value (300 = 300.0 = 3e2). */
  | { readonly kind: 'exact-number'; readonly value: number }
  /** `true`, `false` or `null`. */
  | { readonly kind: 'exact-literal'; readonly value: boolean | null }
  | { readonly kind: 'prefix'; readonly value: string; readonly ignoreCase: boolean }
  | { readonly kind: 'suffix'; readonly value: string; readonly ignoreCase: boolean }
  | { readonly kind: 'equals-ignore-case'; readonly value: string }
  | { readonly kind: 'wildcard'; readonly value: string; readonly tokens: readonly WildcardToken[] }
  | { readonly kind: 'numeric'; readonly range: NumericRange }
  | { readonly kind: 'cidr'; readonly value: string; readonly range: IpRange }
  | { readonly kind: 'exists'; readonly value: boolean }
  /** `{"anything-but": "x" | 1 | ["x", "y"] | [1, 2]}`: all strings or all numbers. */
  | { readonly kind: 'anything-but'; readonly strings: readonly string[]; readonly numbers: readonly number[] }
  | { readonly kind: 'anything-but-prefix'; readonly values: readonly string[] }
  | { readonly kind: 'anything-but-suffix'; readonly values: readonly string[] }
  | { readonly kind: 'anything-but-ignore-case'; readonly values: readonly string[] }
  | {
      readonly kind: 'anything-but-wildcard';
      readonly values: readonly string[];
      readonly tokens: readonly (readonly WildcardToken[])[];
    };

export type ValuePatternKind = ValuePattern['kind'];

/** A sub-rule: dotted field path → the values allowed there. Insertion order is pattern order. */
export type SubRule = ReadonlyMap<string, readonly ValuePattern[]>;

/** A validated pattern. */
export interface ParsedPattern {
  readonly subRules: readonly SubRule[];
}
