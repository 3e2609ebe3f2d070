/**
 * Resolves Terraform references in synthesized values: `${aws_x.name.attr}`, `${module.m.output.key}`, alone or
 * inside a string. Anything that is not a plain reference (a function call, an operator) is refused by name, so
 * the runtime never guesses.
 */

/** Looks up one attribute of a resource or module output; undefined means unknown. */
export type AttributeLookup = (address: readonly string[]) => unknown;

/** A reference the local runtime cannot resolve. */
export class UnresolvableReferenceError extends Error {
  constructor(expression: string, where: string, why: string) {
    super(`Cannot resolve \${${expression}} in ${where}: ${why}`);
    this.name = 'UnresolvableReferenceError';
  }
}

const INTERPOLATION = /\$\{([^}]*)\}/g;
const PLAIN_REFERENCE = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+|\["[^"\]]+"\]|\[\d+\])+$/;

function parseAddress(expression: string): string[] {
  const parts: string[] = [];
  for (const match of expression.matchAll(/([A-Za-z0-9_-]+)|\["([^"\]]+)"\]|\[(\d+)\]/g)) parts.push(match[1] ?? match[2] ?? match[3]);
  return parts;
}

/** Resolves every reference in a value (strings, arrays and objects, recursively). */
export function resolveReferences(value: unknown, lookup: AttributeLookup, where: string): unknown {
  if (typeof value === 'string') return resolveString(value, lookup, where);
  if (Array.isArray(value)) return value.map((v) => resolveReferences(v, lookup, where));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveReferences(v, lookup, where)]));
  }
  return value;
}

function resolveOne(expression: string, lookup: AttributeLookup, where: string): unknown {
  const trimmed = expression.trim();
  if (!PLAIN_REFERENCE.test(trimmed)) {
    throw new UnresolvableReferenceError(trimmed, where, 'only plain references (type.name.attribute, module.name.output) are supported locally');
  }
  const resolved = lookup(parseAddress(trimmed));
  if (resolved === undefined) throw new UnresolvableReferenceError(trimmed, where, 'no such resource or attribute in the stack');
  return resolved;
}

function resolveString(value: string, lookup: AttributeLookup, where: string): unknown {
  if (!value.includes('${')) return value;
  const whole = /^\$\{([^}]*)\}$/.exec(value);
  if (whole) return resolveReferences(resolveOne(whole[1], lookup, where), lookup, where);
  return value.replace(INTERPOLATION, (_match, expression: string) => {
    const resolved = resolveReferences(resolveOne(expression, lookup, where), lookup, where);
    return typeof resolved === 'string' ? resolved : JSON.stringify(resolved);
  });
}
