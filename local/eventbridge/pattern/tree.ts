/**
 * Turns a sub-rule (dotted path → values) back into a tree of single key segments, so that the
 * compiled matcher can walk the event once per object and keep array elements consistent.
 *
 * Paths are split on every "." (event-ruler joins keys with "." on both sides, so a pattern key
 * "a.b" and nested keys a → b are the same field; the matcher handles dotted event keys).
 */
import type { SubRule, ValuePattern } from './types';

export interface TreeChild {
  readonly segment: string;
  /** Values required at this exact path (a leaf of the pattern). */
  leaf?: readonly ValuePattern[];
  /** Fields required below this path. */
  node?: TreeNode;
}

export interface TreeNode {
  readonly children: TreeChild[];
}

export function buildTree(rule: SubRule): TreeNode {
  const root: TreeNode = { children: [] };
  for (const [path, values] of rule) {
    const segments = path.split('.');
    let node = root;
    segments.forEach((segment, i) => {
      let child = node.children.find((c) => c.segment === segment);
      if (child === undefined) {
        child = { segment };
        node.children.push(child);
      }
      if (i === segments.length - 1) {
        child.leaf = values;
      } else {
        child.node ??= { children: [] };
        node = child.node;
      }
    });
  }
  return root;
}

/** Whether a value list contains `{"exists": false}`. */
export function allowsAbsence(values: readonly ValuePattern[]): boolean {
  return values.some((v) => v.kind === 'exists' && !v.value);
}

/** Whether any leaf below the node can be satisfied by absence. */
export function hasAbsence(node: TreeNode): boolean {
  return node.children.some((c) => (c.leaf !== undefined && allowsAbsence(c.leaf)) || (c.node !== undefined && hasAbsence(c.node)));
}

/** Whether every leaf below the node can be satisfied by absence (so the whole node can be absent). */
export function allAbsenceAllowed(node: TreeNode): boolean {
  return node.children.every(
    (c) => (c.leaf === undefined || allowsAbsence(c.leaf)) && (c.node === undefined || allAbsenceAllowed(c.node)),
  );
}
