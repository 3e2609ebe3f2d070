/**
 * Reference (uncompiled) matcher: a direct, slow reading of the semantics, independent of the
 * compiled closures in compile.ts so that tests can cross-check the two.
 *
 * It works the way event-ruler describes matching: the event is flattened into fields
 * (dotted path, leaf value, array membership); a sub-rule matches when each of its paths can be
 * given either a field whose value matches, or "absent" (only with `exists: false`), such that
 *  - the chosen fields are array-consistent (no two come from different elements of one array),
 *  - no field of an "absent" path is array-consistent with all the chosen fields.
 * Operators are evaluated from the parsed values directly (no Sets, RegExps or caches).
 */
import { ipInRange, ipOf, sameIp } from './cidr';
import { ignoreCaseMatches } from './ignore-case';
import { inNumericRange } from './numeric';
import type { ParsedPattern, SubRule, ValuePattern } from './types';
import { wildcardMatches } from './wildcard';

interface Field {
  readonly path: string;
  readonly value: unknown;
  /** (array id, element index) for every array the value is inside. */
  readonly membership: readonly (readonly [number, number])[];
}

function flatten(event: unknown): Field[] {
  const fields: Field[] = [];
  let nextArrayId = 0;
  const walk = (value: unknown, path: string | null, membership: readonly (readonly [number, number])[]): void => {
    if (value === undefined) return;
    if (Array.isArray(value)) {
      const id = nextArrayId++;
      value.forEach((element, index) => walk(element, path, [...membership, [id, index]]));
    } else if (typeof value === 'object' && value !== null) {
      for (const key of Object.keys(value)) {
        walk((value as Record<string, unknown>)[key], path === null ? key : `${path}.${key}`, membership);
      }
    } else if (path !== null) {
      fields.push({ path, value, membership });
    }
  };
  if (typeof event === 'object' && event !== null && !Array.isArray(event)) walk(event, null, []);
  return fields;
}

function consistent(a: Field, b: Field): boolean {
  for (const [id, index] of a.membership) {
    for (const [otherId, otherIndex] of b.membership) {
      if (id === otherId && index !== otherIndex) return false;
    }
  }
  return true;
}

/** Does the leaf value satisfy one pattern value? (`exists: false` never does: it is about absence.) */
export function valueMatches(pattern: ValuePattern, v: unknown): boolean {
  switch (pattern.kind) {
    case 'exact-string':
      return v === pattern.value;
    case 'exact-ip': {
      if (typeof v !== 'string') return false;
      const address = ipOf(v);
      return v === pattern.value || (address !== null && sameIp(address, pattern.address));
    }
    case 'exact-number':
      return typeof v === 'number' && v === pattern.value;
    case 'exact-literal':
      return v === pattern.value;
    case 'prefix':
      return typeof v === 'string' && (pattern.ignoreCase ? ignoreCaseMatches(pattern.value, v, 'prefix') : v.startsWith(pattern.value));
    case 'suffix':
      return typeof v === 'string' && (pattern.ignoreCase ? ignoreCaseMatches(pattern.value, v, 'suffix') : v.endsWith(pattern.value));
    case 'equals-ignore-case':
      return typeof v === 'string' && ignoreCaseMatches(pattern.value, v, 'equals');
    case 'wildcard':
      return typeof v === 'string' && wildcardMatches(pattern.tokens, v);
    case 'numeric':
      return typeof v === 'number' && inNumericRange(pattern.range, v);
    case 'cidr': {
      if (typeof v !== 'string') return false;
      const address = ipOf(v);
      return address !== null && ipInRange(pattern.range, address);
    }
    case 'exists':
      return pattern.value;
    case 'anything-but':
      return pattern.strings.length > 0
        ? typeof v !== 'string' || !pattern.strings.includes(v)
        : typeof v !== 'number' || !pattern.numbers.includes(v);
    case 'anything-but-prefix':
      return typeof v !== 'string' || !pattern.values.some((p) => v.startsWith(p));
    case 'anything-but-suffix':
      return typeof v !== 'string' || !pattern.values.some((s) => v.endsWith(s));
    case 'anything-but-ignore-case':
      return typeof v !== 'string' || !pattern.values.some((p) => ignoreCaseMatches(p, v, 'equals'));
    case 'anything-but-wildcard':
      return typeof v !== 'string' || !pattern.tokens.some((tokens) => wildcardMatches(tokens, v));
  }
}

function subRuleMatches(rule: SubRule, fields: readonly Field[]): boolean {
  const paths = [...rule.entries()].map(([path, values]) => {
    const present = fields.filter((f) => f.path === path);
    return {
      present,
      candidates: present.filter((f) => values.some((p) => valueMatches(p, f.value))),
      absentAllowed: values.some((p) => p.kind === 'exists' && !p.value),
    };
  });

  const chosen: Field[] = [];
  const absent: (typeof paths)[number][] = [];
  const search = (i: number): boolean => {
    if (i === paths.length) {
      return absent.every((p) => !p.present.some((f) => chosen.every((c) => consistent(c, f))));
    }
    const path = paths[i];
    for (const candidate of path.candidates) {
      if (!chosen.every((c) => consistent(c, candidate))) continue;
      chosen.push(candidate);
      const found = search(i + 1);
      chosen.pop();
      if (found) return true;
    }
    if (path.absentAllowed) {
      absent.push(path);
      const found = search(i + 1);
      absent.pop();
      if (found) return true;
    }
    return false;
  };
  return search(0);
}

/** Matches an event against a parsed pattern, the slow way. */
export function referenceMatch(parsed: ParsedPattern, event: unknown): boolean {
  const fields = flatten(event);
  return parsed.subRules.some((rule) => subRuleMatches(rule, fields));
}
