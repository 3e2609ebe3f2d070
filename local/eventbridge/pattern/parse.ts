/**
 * Pattern validation and parsing into sub-rules.
 *
 * This follows event-ruler's JsonRuleCompiler, the rule compiler EventBridge runs (the error
 * reasons AWS returns are its messages; see LocalStack's AWS-validated snapshots of
 * TestEventPattern, and event-ruler's README "Ruler by Example"):
 * - a pattern is a non-empty JSON object; every field is a non-empty object (nesting) or a
 *   non-empty array of match values;
 * - keys are joined with "." into field paths, so {"a": {"b": [..]}} and {"a.b": [..]} are the
 *   same field; when a path is given twice the later one wins (as with duplicate JSON keys);
 * - `$or` takes an array of at least two objects and forks the rule (AWS user guide, "$or
 *   matching"); operator keywords cannot be used as field names inside `$or` branches;
 * - a match value is a string, number, true/false/null, or an operator object with one key.
 *
 * Guesses (not in the AWS docs): `{"exactly": "..."}` is accepted because event-ruler accepts it;
 * a pattern string that is an IP literal matches other spellings of the same address (event-ruler
 * turns it into a one-address range); JavaScript's key order is used for "later wins", which
 * differs from document order only for integer-like keys.
 */
import { parseCidr, parseIp } from './cidr';
import { MAX_WILDCARD_COMPLEXITY, wildcardComplexity } from './complexity';
import { invalid } from './errors';
import { isJsonObject } from './json-text';
import { parseNumeric } from './numeric';
import type { ParsedPattern, SubRule, ValuePattern, WildcardToken } from './types';
import { parseWildcard } from './wildcard';

const OR = '$or';

/** Field names event-ruler refuses inside `$or` branches (Constants.RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP). */
const RESERVED_IN_OR = new Set([
  'exactly',
  'equals-ignore-case',
  'prefix',
  'suffix',
  'anything-but',
  'exists',
  'wildcard',
  'numeric',
  'cidr',
  '=',
  '<',
  '<=',
  '>',
  '>=',
  'regex',
  'not-wildcard',
  'not-equals-ignore-case',
  'date-after',
  'date-on-or-after',
  'date-before',
  'date-on-or-before',
  'in-date-range',
  'ip-address-in-range',
  'ip-address-not-in-range',
]);

type MutableSubRule = Map<string, ValuePattern[]>;

const ONLY_ONE_KEY = 'Only one key allowed in match expression';
const TOO_MANY_ELEMENTS = 'Too many elements in numeric expression';

/** Parses a pattern that is already a JS value (not a JSON string). */
export function parsePatternValue(pattern: unknown): ParsedPattern {
  if (!isJsonObject(pattern)) invalid('Filter is not an object');
  const rules: MutableSubRule[] = [];
  parseObject(rules, [], pattern, false);
  checkWildcardComplexity(rules);
  return { subRules: rules };
}

function parseObject(rules: MutableSubRule[], path: string[], object: Record<string, unknown>, insideOr: boolean): void {
  const keys = Object.keys(object);
  if (keys.length === 0) invalid('Empty objects are not allowed');
  for (const key of keys) {
    const value = object[key];
    if (key === OR) {
      parseOr(rules, path, value);
      continue;
    }
    if (insideOr && RESERVED_IN_OR.has(key)) {
      invalid(`${key} is Ruler reserved fieldName which cannot be used inside ${OR}.`);
    }
    if (isJsonObject(value)) {
      parseObject(rules, [...path, key], value, insideOr);
    } else if (Array.isArray(value)) {
      writeValues(rules, [...path, key].join('.'), value);
    } else {
      invalid(`"${key}" must be an object or an array`);
    }
  }
}

function parseOr(rules: MutableSubRule[], path: string[], value: unknown): void {
  if (!Array.isArray(value)) invalid(`It must be an Array followed with ${OR}.`);
  const before = rules.map((rule) => new Map(rule));
  rules.length = 0;
  for (const branch of value) {
    if (!isJsonObject(branch)) invalid(`Only JSON object is allowed in array of ${OR} relationship.`);
    const forked = before.length > 0 ? before.map((rule) => new Map(rule)) : [new Map<string, ValuePattern[]>()];
    parseObject(forked, path, branch, true);
    rules.push(...forked);
  }
  if (value.length < 2) invalid(`There must have at least 2 Objects in ${OR} relationship.`);
}

function writeValues(rules: MutableSubRule[], name: string, array: readonly unknown[]): void {
  const values: ValuePattern[] = [];
  for (const element of array) {
    if (typeof element === 'string') {
      const address = parseIp(element);
      values.push(
        address instanceof Uint8Array ? { kind: 'exact-ip', value: element, address } : { kind: 'exact-string', value: element },
      );
    } else if (typeof element === 'number') {
      values.push({ kind: 'exact-number', value: element });
    } else if (element === null || typeof element === 'boolean') {
      values.push({ kind: 'exact-literal', value: element });
    } else if (isJsonObject(element)) {
      values.push(parseMatchExpression(element));
    } else {
      invalid('Match value must be String, number, true, false, or null');
    }
  }
  if (values.length === 0) invalid('Empty arrays are not allowed');
  if (rules.length === 0) rules.push(new Map());
  for (const rule of rules) rule.set(name, values);
}

function requireString(value: unknown, message: string): string {
  if (typeof value !== 'string') invalid(message);
  return value;
}

function parseMatchExpression(expression: Record<string, unknown>): ValuePattern {
  const keys = Object.keys(expression);
  if (keys.length === 0) invalid('Match expression name not found');
  const name = keys[0];
  const value = expression[name];
  const onlyOneKey = (pattern: ValuePattern, message = ONLY_ONE_KEY): ValuePattern => {
    if (keys.length > 1) invalid(message);
    return pattern;
  };

  switch (name) {
    case 'exactly':
      return onlyOneKey({ kind: 'exact-string', value: requireString(value, 'exact match pattern must be a string') });
    case 'prefix':
    case 'suffix': {
      if (isJsonObject(value)) return onlyOneKey(parseAffixIgnoreCase(name, value));
      const text = requireString(value, `${name} match pattern must be a string`);
      return onlyOneKey({ kind: name, value: text, ignoreCase: false });
    }
    case 'equals-ignore-case':
      return onlyOneKey({
        kind: 'equals-ignore-case',
        value: requireString(value, 'equals-ignore-case match pattern must be a string'),
      });
    case 'wildcard': {
      const text = requireString(value, 'wildcard match pattern must be a string');
      return onlyOneKey({ kind: 'wildcard', value: text, tokens: parseWildcard(text) });
    }
    case 'numeric':
      return onlyOneKey({ kind: 'numeric', range: parseNumeric(value) }, TOO_MANY_ELEMENTS);
    case 'exists':
      if (typeof value !== 'boolean') invalid('exists match pattern must be either true or false.');
      return onlyOneKey({ kind: 'exists', value });
    case 'cidr': {
      // Sic: event-ruler (and AWS) report a non-string cidr with the prefix message.
      const text = requireString(value, 'prefix match pattern must be a string');
      return onlyOneKey({ kind: 'cidr', value: text, range: parseCidr(text) });
    }
    case 'anything-but':
      return onlyOneKey(parseAnythingBut(value), TOO_MANY_ELEMENTS);
    default:
      return invalid(`Unrecognized match type ${name}`);
  }
}

/** `{"prefix": {"equals-ignore-case": "..."}}` and the suffix equivalent. */
function parseAffixIgnoreCase(kind: 'prefix' | 'suffix', object: Record<string, unknown>): ValuePattern {
  const keys = Object.keys(object);
  const label = kind === 'prefix' ? 'Prefix' : 'Suffix';
  if (keys.length === 0) invalid(`${label} expression name not found`);
  if (keys[0] !== 'equals-ignore-case') invalid(`Unsupported ${kind} pattern: ${keys[0]}`);
  const text = requireString(object[keys[0]], 'equals-ignore-case match pattern must be a string');
  if (keys.length > 1) invalid(ONLY_ONE_KEY);
  return { kind, value: text, ignoreCase: true };
}

const VALUE_OF_ANYTHING_BUT = 'Value of anything-but must be an array or single string/number value.';

type AnythingButSetKind = 'anything-but-prefix' | 'anything-but-suffix' | 'anything-but-ignore-case' | 'anything-but-wildcard';

const ANYTHING_BUT_SET_KINDS: Record<string, AnythingButSetKind> = {
  'equals-ignore-case': 'anything-but-ignore-case',
  prefix: 'anything-but-prefix',
  suffix: 'anything-but-suffix',
  wildcard: 'anything-but-wildcard',
};

function parseAnythingBut(value: unknown): ValuePattern {
  if (isJsonObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) invalid('Anything-But expression name not found');
    const kind = Object.prototype.hasOwnProperty.call(ANYTHING_BUT_SET_KINDS, keys[0]) ? ANYTHING_BUT_SET_KINDS[keys[0]] : undefined;
    if (kind === undefined) invalid(`Unsupported anything-but pattern: ${keys[0]}`);
    const inner = value[keys[0]];
    if (!Array.isArray(inner) && typeof inner !== 'string' && typeof inner !== 'number') invalid(VALUE_OF_ANYTHING_BUT);
    const pattern = parseAnythingButSet(kind, Array.isArray(inner) ? inner : [inner]);
    if (keys.length > 1) invalid(TOO_MANY_ELEMENTS);
    return pattern;
  }
  if (typeof value === 'string') return { kind: 'anything-but', strings: [value], numbers: [] };
  if (typeof value === 'number') return { kind: 'anything-but', strings: [], numbers: [checkComparable(value)] };
  if (!Array.isArray(value)) invalid(VALUE_OF_ANYTHING_BUT);

  const strings: string[] = [];
  const numbers: number[] = [];
  for (const element of value) {
    if (typeof element === 'string') strings.push(element);
    else if (typeof element === 'number') numbers.push(checkComparable(element));
    else invalid('Inside anything but list, start|null|boolean is not supported.');
  }
  if ((strings.length > 0) === (numbers.length > 0)) {
    invalid('Inside anything but list, either all values are number or string, mixed type is not supported');
  }
  return { kind: 'anything-but', strings, numbers };
}

function checkComparable(value: number): number {
  if (!Number.isFinite(value)) invalid(`Cannot compare number : ${value}`);
  return value;
}

function parseAnythingButSet(kind: AnythingButSetKind, elements: readonly unknown[]): ValuePattern {
  const values: string[] = [];
  for (const element of elements) {
    if (typeof element !== 'string') {
      if (kind === 'anything-but-ignore-case') {
        invalid('Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.');
      }
      if (kind === 'anything-but-wildcard') invalid('wildcard match pattern must be a string');
      invalid('prefix/suffix match pattern must be a string');
    }
    if ((kind === 'anything-but-prefix' || kind === 'anything-but-suffix') && element === '') {
      invalid('Null prefix/suffix not allowed');
    }
    values.push(element);
  }
  if (kind === 'anything-but-wildcard') {
    return { kind, values, tokens: values.map(parseWildcard) };
  }
  return { kind, values };
}

/**
 * Refuses rules whose wildcards are too complex (see complexity.ts). Patterns are grouped per
 * field path over all sub-rules, as they would share one state machine per field.
 */
function checkWildcardComplexity(rules: readonly SubRule[]): void {
  const byPath = new Map<string, Map<string, readonly WildcardToken[]>>();
  for (const rule of rules) {
    for (const [path, values] of rule) {
      for (const value of values) {
        const found: [string, readonly WildcardToken[]][] = [];
        if (value.kind === 'wildcard') found.push([`w:${value.value}`, value.tokens]);
        if (value.kind === 'anything-but-wildcard') {
          value.values.forEach((text, i) => found.push([`n:${text}`, value.tokens[i]]));
        }
        if (found.length === 0) continue;
        let patterns = byPath.get(path);
        if (patterns === undefined) byPath.set(path, (patterns = new Map()));
        for (const [key, tokens] of found) patterns.set(key, tokens);
      }
    }
  }
  for (const patterns of byPath.values()) {
    if (wildcardComplexity([...patterns.values()], MAX_WILDCARD_COMPLEXITY + 1) > MAX_WILDCARD_COMPLEXITY) {
      invalid(
        'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character',
      );
    }
  }
}
