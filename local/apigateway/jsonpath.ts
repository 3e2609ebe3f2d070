/**
 * The JSONPath subset mapping templates use with `$input.path(x)` / `$input.json(x)` (API Gateway uses Jayway
 * JsonPath): `$`, `.name`, `['name']` / `["name"]`, `[n]` (negative from the end), `[*]` / `.*`, `..name`
 * (deep scan), `[a,b]` unions and `[start:end]` slices. A path with a wildcard, deep scan, union or slice is
 * "indefinite" and yields a list, as in Jayway.
 */

type Segment =
  | { readonly kind: 'name'; readonly names: readonly string[]; readonly deep: boolean }
  | { readonly kind: 'index'; readonly indexes: readonly number[] }
  | { readonly kind: 'slice'; readonly start?: number; readonly end?: number }
  | { readonly kind: 'wildcard'; readonly deep: boolean };

export class JsonPathError extends Error {
  constructor(path: string, reason: string) {
    super(`Invalid JSONPath ${JSON.stringify(path)}: ${reason}`);
    this.name = 'JsonPathError';
  }
}

const cache = new Map<string, Segment[]>();

function parse(path: string): Segment[] {
  const cached = cache.get(path);
  if (cached) return cached;
  const text = path.trim();
  if (!text.startsWith('$')) throw new JsonPathError(path, 'must start with $');
  const segments: Segment[] = [];
  let i = 1;
  const readName = (): string => {
    const match = /^[^.[\]\s]+/.exec(text.slice(i));
    if (!match) throw new JsonPathError(path, `expected a property name at ${i}`);
    i += match[0].length;
    return match[0];
  };
  while (i < text.length) {
    if (text.startsWith('..', i)) {
      i += 2;
      if (text[i] === '*') {
        i++;
        segments.push({ kind: 'wildcard', deep: true });
      } else if (text[i] === '[') {
        const bracket = readBracket();
        if (bracket.kind === 'name') segments.push({ ...bracket, deep: true });
        else if (bracket.kind === 'wildcard') segments.push({ kind: 'wildcard', deep: true });
        else throw new JsonPathError(path, 'deep scan of an index is not supported');
      } else {
        segments.push({ kind: 'name', names: [readName()], deep: true });
      }
    } else if (text[i] === '.') {
      i++;
      if (text[i] === '*') {
        i++;
        segments.push({ kind: 'wildcard', deep: false });
      } else {
        segments.push({ kind: 'name', names: [readName()], deep: false });
      }
    } else if (text[i] === '[') {
      segments.push(readBracket());
    } else {
      throw new JsonPathError(path, `unexpected ${JSON.stringify(text[i])} at ${i}`);
    }
  }
  if (cache.size > 500) cache.clear();
  cache.set(path, segments);
  return segments;

  function readBracket(): Segment {
    const close = findClose(i);
    const inner = text.slice(i + 1, close).trim();
    i = close + 1;
    if (inner === '*') return { kind: 'wildcard', deep: false };
    if (/^['"]/.test(inner)) {
      const names = splitUnion(inner).map((part) => {
        const quote = part[0];
        if (!quote || part[part.length - 1] !== quote || part.length < 2) throw new JsonPathError(path, `bad quoted name ${part}`);
        return part.slice(1, -1).replace(/\\(.)/g, '$1');
      });
      return { kind: 'name', names, deep: false };
    }
    const slice = /^(-?\d*)\s*:\s*(-?\d*)$/.exec(inner);
    if (slice) {
      return {
        kind: 'slice',
        ...(slice[1] ? { start: Number(slice[1]) } : {}),
        ...(slice[2] ? { end: Number(slice[2]) } : {}),
      };
    }
    const indexes = inner.split(',').map((part) => part.trim());
    if (indexes.every((part) => /^-?\d+$/.test(part))) return { kind: 'index', indexes: indexes.map(Number) };
    throw new JsonPathError(path, `unsupported selector [${inner}]`);
  }

  function findClose(open: number): number {
    let quote: string | undefined;
    for (let j = open + 1; j < text.length; j++) {
      const ch = text[j];
      if (quote) {
        if (ch === '\\') j++;
        else if (ch === quote) quote = undefined;
      } else if (ch === "'" || ch === '"') quote = ch;
      else if (ch === ']') return j;
    }
    throw new JsonPathError(path, 'unclosed [');
  }
}

function splitUnion(inner: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (let j = 0; j < inner.length; j++) {
    const ch = inner[j] as string;
    if (quote) {
      current += ch;
      if (ch === '\\') current += inner[++j] ?? '';
      else if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      current += ch;
    } else if (ch === ',') {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  parts.push(current.trim());
  return parts;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function children(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isObject(value)) return Object.values(value);
  return [];
}

function descendantsAndSelf(value: unknown): unknown[] {
  const out: unknown[] = [value];
  for (const child of children(value)) out.push(...descendantsAndSelf(child));
  return out;
}

function own(value: Record<string, unknown>, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, name);
}

/** Evaluates `path` against `document`: the value (definite path; undefined when absent) or the list of matches. */
export function evaluateJsonPath(document: unknown, path: string): unknown {
  const segments = parse(path);
  let definite = true;
  let current: unknown[] = [document];
  for (const segment of segments) {
    const next: unknown[] = [];
    switch (segment.kind) {
      case 'name': {
        if (segment.deep || segment.names.length > 1) definite = false;
        const bases = segment.deep ? current.flatMap(descendantsAndSelf) : current;
        for (const base of bases) {
          if (!isObject(base)) continue;
          for (const name of segment.names) if (own(base, name)) next.push(base[name]);
        }
        break;
      }
      case 'index': {
        if (segment.indexes.length > 1) definite = false;
        for (const base of current) {
          if (!Array.isArray(base)) continue;
          for (const index of segment.indexes) {
            const at = index < 0 ? base.length + index : index;
            if (at >= 0 && at < base.length) next.push(base[at]);
          }
        }
        break;
      }
      case 'slice': {
        definite = false;
        for (const base of current) {
          if (!Array.isArray(base)) continue;
          const len = base.length;
          const norm = (n: number | undefined, fallback: number): number => (n === undefined ? fallback : n < 0 ? Math.max(0, len + n) : Math.min(n, len));
          next.push(...base.slice(norm(segment.start, 0), norm(segment.end, len)));
        }
        break;
      }
      case 'wildcard': {
        definite = false;
        const bases = segment.deep ? current.flatMap(descendantsAndSelf) : current;
        for (const base of bases) next.push(...children(base));
        break;
      }
    }
    current = next;
  }
  if (definite) return current[0];
  return current;
}
