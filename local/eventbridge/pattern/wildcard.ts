/**
 * `{"wildcard": "..."}` — parsing and matching.
 *
 * AWS user guide (Wildcard matching): `*` matches zero, one or more characters; `\*` is a literal
 * asterisk and `\\` a literal backslash. event-ruler's WildcardParser, which EventBridge uses,
 * also refuses consecutive wildcards ("Consecutive wildcard characters at pos N") and a backslash
 * followed by anything else ("Invalid escape character at pos N"). N is a UTF-8 byte offset into
 * the value with its opening quote, i.e. the offset in the string plus one (AWS reports pos 26 for
 * "arn:aws:events:us-east-1:**:event-bus/*").
 *
 * A wildcard only ever matches JSON strings.
 */
import { invalid } from './errors';
import { STAR, type WildcardToken } from './types';

const encoder = new TextEncoder();

function bytePosition(text: string, index: number): number {
  return encoder.encode(text.slice(0, index)).length + 1;
}

/** Parses a wildcard pattern into tokens, throwing event-ruler's errors. */
export function parseWildcard(text: string): WildcardToken[] {
  const tokens: WildcardToken[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '*') {
      if (text[i + 1] === '*') invalid(`Consecutive wildcard characters at pos ${bytePosition(text, i)}`);
      tokens.push(STAR);
    } else if (c === '\\') {
      const next = text[i + 1];
      if (next !== '*' && next !== '\\') invalid(`Invalid escape character at pos ${bytePosition(text, i)}`);
      tokens.push(next);
      i++;
    } else {
      tokens.push(c);
    }
  }
  return tokens;
}

/**
 * Compiles tokens into a fast string test: the literal runs between stars are located greedily
 * left to right, which is exact for patterns whose only metacharacter is `*`.
 */
export function compileWildcard(tokens: readonly WildcardToken[]): (value: string) => boolean {
  const segments: string[] = [''];
  for (const token of tokens) {
    if (token === STAR) segments.push('');
    else segments[segments.length - 1] += token;
  }
  if (segments.length === 1) {
    const literal = segments[0];
    return (value) => value === literal;
  }
  const head = segments[0];
  const tail = segments[segments.length - 1];
  const middle = segments.slice(1, -1).filter((s) => s.length > 0);
  const minLength = head.length + tail.length + middle.reduce((n, s) => n + s.length, 0);
  if (middle.length === 0) {
    return (value) => value.length >= minLength && value.startsWith(head) && value.endsWith(tail);
  }
  return (value) => {
    if (value.length < minLength || !value.startsWith(head) || !value.endsWith(tail)) return false;
    const end = value.length - tail.length;
    let from = head.length;
    for (const segment of middle) {
      const at = value.indexOf(segment, from);
      if (at === -1 || at + segment.length > end) return false;
      from = at + segment.length;
    }
    return true;
  };
}

/** Reference matcher: plain backtracking over the tokens (used by the uncompiled path). */
export function wildcardMatches(tokens: readonly WildcardToken[], value: string): boolean {
  const go = (t: number, v: number): boolean => {
    if (t === tokens.length) return v === value.length;
    const token = tokens[t];
    if (token === STAR) {
      for (let k = v; k <= value.length; k++) if (go(t + 1, k)) return true;
      return false;
    }
    return v < value.length && value[v] === token && go(t + 1, v + 1);
  };
  return go(0, 0);
}
