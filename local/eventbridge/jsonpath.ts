/**
 * The JSONPath subset EventBridge accepts in InputPath and InputPathsMap: `$`, dotted members,
 * bracketed members (`$['detail-type']`) and array indexes (`$.detail.items[0]`).
 */
export type PathSegment = string | number;

export function parseJsonPath(path: string): PathSegment[] {
  if (!path.startsWith('$')) throw new Error(`invalid JSONPath ${path}`);
  const segments: PathSegment[] = [];
  let i = 1;
  while (i < path.length) {
    const char = path[i];
    if (char === '.') {
      let j = i + 1;
      while (j < path.length && path[j] !== '.' && path[j] !== '[') j += 1;
      const name = path.slice(i + 1, j);
      if (!name) throw new Error(`invalid JSONPath ${path}`);
      segments.push(name);
      i = j;
    } else if (char === '[') {
      const close = path.indexOf(']', i);
      if (close < 0) throw new Error(`invalid JSONPath ${path}`);
      const inner = path.slice(i + 1, close).trim();
      if (/^\d+$/.test(inner)) segments.push(Number(inner));
      else if (/^'.*'$/.test(inner) || /^".*"$/.test(inner)) segments.push(inner.slice(1, -1));
      else throw new Error(`invalid JSONPath ${path}`);
      i = close + 1;
    } else {
      throw new Error(`invalid JSONPath ${path}`);
    }
  }
  return segments;
}

/** The value at `path`, or undefined when any segment is missing. */
export function evaluateJsonPath(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const segment of parseJsonPath(path)) {
    if (current === null || current === undefined) return undefined;
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      if (typeof current !== 'object' || Array.isArray(current)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}

export function isValidJsonPath(path: string): boolean {
  try {
    parseJsonPath(path);
    return true;
  } catch {
    return false;
  }
}
