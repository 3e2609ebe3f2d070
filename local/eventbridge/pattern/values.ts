/**
 * Compiles the values of one pattern field (an OR list) into a single predicate over one JSON
 * leaf value (string, number, boolean or null). `exists` is handled by the caller.
 *
 * Precomputes what can be: Sets for exact strings/numbers, RegExps for case-insensitive matching,
 * literal-segment matchers for wildcards, byte ranges for CIDRs.
 *
 * Semantics (AWS user guide, "Comparison operators"; event-ruler):
 * - exact strings are compared character by character, numbers by numeric value;
 * - prefix / suffix / equals-ignore-case / wildcard / cidr only ever match strings;
 * - numeric only matches JSON numbers;
 * - anything-but matches every present value that is not excluded, including values of another
 *   type (anything-but "x" matches 5 and null; anything-but {prefix: "a"} matches 12); it never
 *   matches a missing field (that is the caller's business: it is never called then).
 */
import { ipInRange, ipOf, sameIp } from './cidr';
import { ignoreCaseRegExp } from './ignore-case';
import type { IpRange, NumericRange, ValuePattern } from './types';
import { compileWildcard } from './wildcard';

export type LeafPredicate = (value: unknown) => boolean;

const never: LeafPredicate = () => false;

function anyOf<T>(predicates: readonly ((v: T) => boolean)[]): ((v: T) => boolean) | undefined {
  if (predicates.length === 0) return undefined;
  if (predicates.length === 1) return predicates[0];
  return (v) => {
    for (let i = 0; i < predicates.length; i++) if (predicates[i](v)) return true;
    return false;
  };
}

function numericPredicate(range: NumericRange): (v: number) => boolean {
  const { lo, hi } = range;
  if (range.loInclusive && range.hiInclusive) return (v) => v >= lo && v <= hi;
  if (range.loInclusive) return (v) => v >= lo && v < hi;
  if (range.hiInclusive) return (v) => v > lo && v <= hi;
  return (v) => v > lo && v < hi;
}

/** Compiles the non-`exists` values of a field. Returns `never` when there are none. */
export function compileValues(values: readonly ValuePattern[]): LeafPredicate {
  const strings = new Set<string>();
  const numbers = new Set<number>();
  let matchTrue = false;
  let matchFalse = false;
  let matchNull = false;
  const stringTests: ((v: string) => boolean)[] = [];
  const numberTests: ((v: number) => boolean)[] = [];
  const anyTests: LeafPredicate[] = [];
  const ipRanges: IpRange[] = [];
  const ipExact: Uint8Array[] = [];

  for (const value of values) {
    switch (value.kind) {
      case 'exact-string':
        strings.add(value.value);
        break;
      case 'exact-ip':
        strings.add(value.value);
        ipExact.push(value.address);
        break;
      case 'exact-number':
        numbers.add(value.value);
        break;
      case 'exact-literal':
        if (value.value === true) matchTrue = true;
        else if (value.value === false) matchFalse = true;
        else matchNull = true;
        break;
      case 'prefix': {
        const text = value.value;
        if (value.ignoreCase) {
          const re = ignoreCaseRegExp(text, 'prefix');
          stringTests.push((v) => re.test(v));
        } else {
          stringTests.push((v) => v.startsWith(text));
        }
        break;
      }
      case 'suffix': {
        const text = value.value;
        if (value.ignoreCase) {
          const re = ignoreCaseRegExp(text, 'suffix');
          stringTests.push((v) => re.test(v));
        } else {
          stringTests.push((v) => v.endsWith(text));
        }
        break;
      }
      case 'equals-ignore-case': {
        const re = ignoreCaseRegExp(value.value, 'equals');
        stringTests.push((v) => re.test(v));
        break;
      }
      case 'wildcard':
        stringTests.push(compileWildcard(value.tokens));
        break;
      case 'numeric':
        numberTests.push(numericPredicate(value.range));
        break;
      case 'cidr':
        ipRanges.push(value.range);
        break;
      case 'exists':
        break;
      case 'anything-but': {
        if (value.strings.length > 0) {
          const excluded = new Set(value.strings);
          anyTests.push((v) => typeof v !== 'string' || !excluded.has(v));
        } else {
          const excluded = new Set(value.numbers);
          anyTests.push((v) => typeof v !== 'number' || !excluded.has(v));
        }
        break;
      }
      case 'anything-but-prefix': {
        const prefixes = value.values;
        anyTests.push((v) => typeof v !== 'string' || !prefixes.some((p) => v.startsWith(p)));
        break;
      }
      case 'anything-but-suffix': {
        const suffixes = value.values;
        anyTests.push((v) => typeof v !== 'string' || !suffixes.some((s) => v.endsWith(s)));
        break;
      }
      case 'anything-but-ignore-case': {
        const regexps = value.values.map((text) => ignoreCaseRegExp(text, 'equals'));
        anyTests.push((v) => typeof v !== 'string' || !regexps.some((re) => re.test(v)));
        break;
      }
      case 'anything-but-wildcard': {
        const tests = value.tokens.map(compileWildcard);
        anyTests.push((v) => typeof v !== 'string' || !tests.some((test) => test(v)));
        break;
      }
    }
  }

  // IP-based tests parse the event string once.
  if (ipRanges.length > 0 || ipExact.length > 0) {
    stringTests.push((v) => {
      const address = ipOf(v);
      if (address === null) return false;
      for (const range of ipRanges) if (ipInRange(range, address)) return true;
      for (const exact of ipExact) if (sameIp(exact, address)) return true;
      return false;
    });
  }

  const stringTest = anyOf(stringTests);
  const numberTest = anyOf(numberTests);
  const anyTest = anyOf(anyTests);
  const hasStrings = strings.size > 0;
  const hasNumbers = numbers.size > 0;

  // Fast paths for the most common shapes.
  if (!stringTest && !numberTest && !anyTest && !hasNumbers && !matchTrue && !matchFalse && !matchNull) {
    return hasStrings ? (v) => typeof v === 'string' && strings.has(v) : never;
  }
  if (!hasStrings && !hasNumbers && !numberTest && !anyTest && !matchTrue && !matchFalse && !matchNull && stringTest) {
    return (v) => typeof v === 'string' && stringTest(v);
  }

  return (v) => {
    switch (typeof v) {
      case 'string':
        if (hasStrings && strings.has(v)) return true;
        if (stringTest !== undefined && stringTest(v)) return true;
        break;
      case 'number':
        if (hasNumbers && numbers.has(v)) return true;
        if (numberTest !== undefined && numberTest(v)) return true;
        break;
      case 'boolean':
        if (v ? matchTrue : matchFalse) return true;
        break;
      default:
        if (v === null && matchNull) return true;
    }
    return anyTest !== undefined && anyTest(v);
  };
}
