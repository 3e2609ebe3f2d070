/**
 * `{"numeric": [...]}` — validation and matching.
 *
 * Grammar (event-ruler JsonRuleCompiler.processNumericMatchExpression, which EventBridge uses;
 * the error texts below are the ones AWS returns):
 *   ["=", n] | ["<", n] | ["<=", n] | [">", n] | [">=", n]
 *   [">" | ">=", lo, "<" | "<=", hi]       with lo < hi
 * Only one range per `numeric` object; operators are case-sensitive.
 *
 * Numeric matching only applies to event values that are JSON numbers (never to strings such as
 * "300"). The AWS user guide has at times stated a value limit (±1e9, later ±5e9, 15 significant
 * digits); event-ruler today compares any IEEE-754 double, and LocalStack (whose tests are recorded
 * against AWS) notes that AWS accepts pattern numbers beyond ±1e9, so no range limit is enforced
 * here (a guess). Numbers that a double cannot hold exactly, which event-ruler refuses, cannot be
 * detected once JSON is parsed, so they are accepted.
 */
import { invalid } from './errors';
import { tokenText } from './json-text';
import type { NumericRange } from './types';

const TOO_MANY_ELEMENTS = 'Too many elements in numeric expression';

function requireNumber(value: unknown, operatorForMessage: string): number {
  if (typeof value !== 'number') invalid(`Value of ${operatorForMessage} must be numeric`);
  // Jackson cannot produce NaN; a literal like 1e999 overflows to Infinity, which event-ruler's
  // ComparableNumber rejects.
  if (!Number.isFinite(value)) invalid(`Cannot compare number : ${tokenText(value)}`);
  return value;
}

/** Parses the value of a `numeric` key into a range, or throws InvalidEventPatternError. */
export function parseNumeric(spec: unknown): NumericRange {
  if (!Array.isArray(spec)) invalid('Value of numeric must be an array.');
  const at = (i: number): unknown => (i < spec.length ? spec[i] : undefined);

  const operator = at(0);
  if (typeof operator !== 'string') invalid(`Invalid member in numeric match: ${tokenText(operator)}`);

  switch (operator) {
    case '=': {
      const value = requireNumber(at(1), 'equals');
      if (spec.length > 2) invalid(TOO_MANY_ELEMENTS);
      return { lo: value, loInclusive: true, hi: value, hiInclusive: true };
    }
    case '<':
    case '<=': {
      const value = requireNumber(at(1), operator);
      if (spec.length > 2) invalid(TOO_MANY_ELEMENTS);
      return { lo: -Infinity, loInclusive: true, hi: value, hiInclusive: operator === '<=' };
    }
    case '>':
    case '>=': {
      const lo = requireNumber(at(1), operator);
      const loInclusive = operator === '>=';
      if (spec.length === 2) return { lo, loInclusive, hi: Infinity, hiInclusive: true };

      const upperOperator = at(2);
      if (typeof upperOperator !== 'string') invalid(`Bad value in numeric range: ${tokenText(upperOperator)}`);
      if (upperOperator !== '<' && upperOperator !== '<=') invalid(`Bad numeric range operator: ${upperOperator}`);
      const hi = requireNumber(at(3), upperOperator);
      if (spec.length > 4) invalid('Too many terms in numeric range expression');
      if (!(lo < hi)) invalid('Bottom must be less than top');
      return { lo, loInclusive, hi, hiInclusive: upperOperator === '<=' };
    }
    default:
      return invalid(`Unrecognized numeric range operator: ${operator}`);
  }
}

/** True when `value` lies in `range`. */
export function inNumericRange(range: NumericRange, value: number): boolean {
  if (range.loInclusive ? value < range.lo : value <= range.lo) return false;
  if (range.hiInclusive ? value > range.hi : value >= range.hi) return false;
  return true;
}
