/**
 * Compiles a validated pattern into a matcher closure.
 *
 * Structure semantics (AWS user guide "Event patterns", "Arrays in event patterns", "Exists
 * matching"; event-ruler "JSON Array Matching"):
 * - every field of the pattern must match (AND), any value of a field may match (OR);
 * - pattern objects descend into event objects; a field also matches a dotted event key
 *   ({"a": {"b": [..]}} matches {"a.b": ..}), as event-ruler joins keys with ".";
 * - when an event value is an array, the pattern matches if any element matches (nested arrays
 *   are flattened); fields under one array must be satisfied by the same element (event-ruler's
 *   array-consistent matching, `rulesForJSONEvent`);
 * - a missing field, an object, and an array with no leaf values only satisfy `exists: false`;
 *   `null` is a present value.
 *
 * `exists: false` under arrays. A field that is absent satisfies `exists: false` only if it is
 * absent from every part of the event consistent with the other matched fields: inside the array
 * element those fields matched in, or in all elements when nothing else under the array matched.
 * (event-ruler evaluates this in sorted key order, which makes a few mixed cases order-dependent;
 * this is the order-independent reading.) Each node therefore reports two bits:
 * PINNED (satisfiable with at least one concrete value) and ABSENT (satisfiable with every field
 * absent). Nodes without `exists: false` below them only ever report PINNED or 0.
 */
import type { ParsedPattern, ValuePattern } from './types';
import { allAbsenceAllowed, allowsAbsence, buildTree, hasAbsence, type TreeChild, type TreeNode } from './tree';
import { compileValues } from './values';

const PINNED = 1;
const ABSENT = 2;

type Evaluator = (value: unknown) => number;

const EMPTY: Record<string, unknown> = Object.freeze(Object.create(null)) as Record<string, unknown>;

/** Compiles the values of one field into an evaluator of the event value at that path. */
function compileLeaf(values: readonly ValuePattern[]): Evaluator {
  const existsTrue = values.some((v) => v.kind === 'exists' && v.value);
  const absentResult = allowsAbsence(values) ? ABSENT : 0;
  const match = compileValues(values);

  // Leaf values of a (possibly nested) array: PINNED if one matches; ABSENT if there is none.
  const scanArray = (array: readonly unknown[]): number => {
    let sawLeaf = false;
    const stack: (readonly unknown[])[] = [array];
    while (stack.length > 0) {
      const items = stack.pop() as readonly unknown[];
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        if (item === undefined) continue;
        if (typeof item === 'object' && item !== null) {
          if (Array.isArray(item)) stack.push(item);
          continue;
        }
        sawLeaf = true;
        if (existsTrue || match(item)) return PINNED;
      }
    }
    return sawLeaf ? 0 : absentResult;
  };

  return (value) => {
    if (value === undefined) return absentResult;
    if (typeof value !== 'object' || value === null) return existsTrue || match(value) ? PINNED : 0;
    if (Array.isArray(value)) return scanArray(value);
    return absentResult; // an object is not a leaf
  };
}

/** The objects of an array, nested arrays flattened. */
function objectsOf(array: readonly unknown[], out: object[] = []): object[] {
  for (let i = 0; i < array.length; i++) {
    const item = array[i];
    if (typeof item === 'object' && item !== null) {
      if (Array.isArray(item)) objectsOf(item, out);
      else out.push(item);
    }
  }
  return out;
}

/** Whether `test` holds for an object of the array (nested arrays flattened), without allocating. */
function someObject(array: readonly unknown[], test: (object: Record<string, unknown>) => number): boolean {
  for (let i = 0; i < array.length; i++) {
    const item = array[i];
    if (typeof item === 'object' && item !== null) {
      if (Array.isArray(item) ? someObject(item, test) : test(item as Record<string, unknown>) !== 0) return true;
    }
  }
  return false;
}

/** Event keys of the form `segment.rest`, viewed as an object {rest: value}; undefined if none. */
function dottedView(object: object, segment: string): Record<string, unknown> | undefined {
  const prefix = segment + '.';
  let view: Record<string, unknown> | undefined;
  for (const key in object) {
    if (key.startsWith(prefix)) {
      view ??= Object.create(null) as Record<string, unknown>;
      view[key.slice(prefix.length)] = (object as Record<string, unknown>)[key];
    }
  }
  return view;
}

const hasOwn = Object.prototype.hasOwnProperty;

/** Reads `object[segment]` as an own property (JSON keys such as "constructor" included). */
function reader(segment: string): (object: Record<string, unknown>) => unknown {
  if (segment in Object.prototype) return (object) => (hasOwn.call(object, segment) ? object[segment] : undefined);
  return (object) => object[segment];
}

/**
 * Compiles one child of a node into an evaluator of the parent object. A child may carry both a
 * leaf (values at its own path) and a node (fields below it), e.g. {"a": [..], "a.b": [..]}.
 */
function compileChild(child: TreeChild): (object: Record<string, unknown>) => number {
  const read = reader(child.segment);
  const segment = child.segment;
  const leaf = child.leaf === undefined ? undefined : compileLeaf(child.leaf);
  const node = child.node === undefined ? undefined : compileNode(child.node);
  if (node === undefined) {
    const leafOnly = leaf as Evaluator;
    return (object) => leafOnly(read(object));
  }
  const below = (object: Record<string, unknown>, value: unknown): number =>
    node(value === undefined ? dottedView(object, segment) : value);
  if (leaf === undefined) return (object) => below(object, read(object));

  // Both. Under an array, the leaf values and the fields below come from different elements, so
  // they can never both be concrete: one side must be satisfied by absence (which the other
  // side's elements, being inconsistent with it, do not contradict).
  const leafMayBeAbsent = allowsAbsence(child.leaf as readonly ValuePattern[]);
  const nodeMayBeAbsent = allAbsenceAllowed(child.node as TreeNode);
  return (object) => {
    const value = read(object);
    const l = leaf(value);
    const n = below(object, value);
    if (Array.isArray(value)) {
      const pinned = ((l & PINNED) !== 0 && nodeMayBeAbsent) || ((n & PINNED) !== 0 && leafMayBeAbsent) ? PINNED : 0;
      return pinned | (l & n & ABSENT);
    }
    if (l === 0 || n === 0) return 0;
    return ((l | n) & PINNED) | (l & n & ABSENT);
  };
}

/**
 * Compiles a node into an evaluator of the event value found at its path (object, array,
 * leaf or undefined).
 */
function compileNode(tree: TreeNode): Evaluator {
  const tristate = hasAbsence(tree);
  const absentWhenMissing = tristate && allAbsenceAllowed(tree) ? ABSENT : 0;

  // Leaf fields first: they are cheap and usually the most selective (source, detail-type...).
  const ordered = [...tree.children].sort((a, b) => Number(a.node !== undefined) - Number(b.node !== undefined));
  const children = ordered.map(compileChild);

  // Evaluates the node against one event object.
  const onObject: (object: Record<string, unknown>) => number = tristate
    ? (object) => {
        let pinned = 0;
        let absent = ABSENT;
        for (let i = 0; i < children.length; i++) {
          const r = children[i](object);
          if (r === 0) return 0;
          pinned |= r & PINNED;
          absent &= r;
        }
        return pinned | absent;
      }
    : (object) => {
        for (let i = 0; i < children.length; i++) if (children[i](object) === 0) return 0;
        return PINNED;
      };

  const onArray: (array: readonly unknown[]) => number = tristate
    ? (array) => {
        let pinned = 0;
        let absent = absentWhenMissing;
        for (const element of objectsOf(array)) {
          const r = onObject(element as Record<string, unknown>);
          pinned |= r & PINNED;
          absent &= r;
          if (pinned !== 0 && absent === 0) break;
        }
        return pinned | absent;
      }
    : (array) => (someObject(array, onObject) ? PINNED : 0);

  return (value) => {
    if (typeof value === 'object' && value !== null) {
      return Array.isArray(value) ? onArray(value) : onObject(value as Record<string, unknown>);
    }
    return absentWhenMissing;
  };
}

export type EventMatcher = (event: object) => boolean;

/** Builds the matcher of a parsed pattern. */
export function compileParsedPattern(parsed: ParsedPattern): EventMatcher {
  const roots = parsed.subRules.map((rule) => compileNode(buildTree(rule)));
  const root = (event: object): Record<string, unknown> =>
    typeof event === 'object' && event !== null && !Array.isArray(event) ? (event as Record<string, unknown>) : EMPTY;
  if (roots.length === 1) {
    const only = roots[0];
    return (event) => only(root(event)) !== 0;
  }
  return (event) => {
    const object = root(event);
    for (let i = 0; i < roots.length; i++) if (roots[i](object) !== 0) return true;
    return false;
  };
}
