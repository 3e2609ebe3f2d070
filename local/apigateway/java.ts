/**
 * Java semantics that API Gateway's mapping templates expose: API Gateway runs Apache Velocity on the JVM, so a
 * string in a template is a `java.lang.String` (`replaceAll` takes a Java regex, `matches` is a whole-string
 * match, `substring` throws when out of range), and `$util` is built on Java libraries
 * (`StringEscapeUtils.escapeJavaScript`, `URLEncoder`, ...). This module reproduces those semantics in
 * JavaScript.
 */

/** A Java exception raised by an emulated Java method (Velocity turns it into a template failure). */
export class JavaException extends Error {
  constructor(
    readonly javaClass: string,
    message: string,
  ) {
    super(`${javaClass}: ${message}`);
    this.name = 'JavaException';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// java.util.regex → RegExp

const POSIX_CLASSES: Readonly<Record<string, string>> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\x00-\\x7F',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F',
  Space: ' \\t\\n\\x0B\\f\\r',
  javaLowerCase: 'a-z',
  javaUpperCase: 'A-Z',
  javaWhitespace: ' \\t\\n\\x0B\\f\\r\\x1C-\\x1F',
};

const regexCache = new Map<string, RegExp>();

function escapeForRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/**
 * Translates a `java.util.regex.Pattern` into an equivalent JavaScript RegExp source and flags. Handles the
 * constructs where the two dialects differ and that appear in practice: `\Q…\E` quoting, `\A` / `\z` / `\Z`
 * anchors, leading inline flags (`(?i)`, `(?s)`, `(?m)`, `(?x)` is refused), POSIX classes (`\p{Alpha}` …),
 * possessive quantifiers and atomic groups (approximated by their greedy/non-atomic forms). Anything else is
 * passed through: the common syntax is shared.
 */
export function translateJavaRegex(pattern: string): { source: string; flags: string } {
  let flags = '';
  let rest = pattern;
  const inline = /^\(\?([imsux]+)\)/.exec(rest);
  if (inline) {
    for (const flag of inline[1] as string) {
      if (flag === 'x') throw new JavaException('java.util.regex.PatternSyntaxException', `unsupported flag (?x) in ${pattern}`);
      if (flag === 'i' && !flags.includes('i')) flags += 'i';
      if (flag === 'm' && !flags.includes('m')) flags += 'm';
      if (flag === 's' && !flags.includes('s')) flags += 's';
    }
    rest = rest.slice(inline[0].length);
  }
  let out = '';
  let unicode = false;
  let inClass = 0;
  for (let i = 0; i < rest.length; i++) {
    const ch = rest[i] as string;
    if (ch === '\\') {
      const next = rest[i + 1];
      if (next === undefined) throw new JavaException('java.util.regex.PatternSyntaxException', `Unexpected internal error near index ${i + 1}: ${pattern}`);
      if (next === 'Q') {
        const end = rest.indexOf('\\E', i + 2);
        const quoted = end < 0 ? rest.slice(i + 2) : rest.slice(i + 2, end);
        out += escapeForRegExp(quoted);
        i = end < 0 ? rest.length : end + 1;
        continue;
      }
      if (next === 'A' && !inClass) {
        out += '(?<![\\s\\S])';
        i++;
        continue;
      }
      if ((next === 'z' || next === 'Z') && !inClass) {
        out += next === 'z' ? '(?![\\s\\S])' : '(?=\\n?(?![\\s\\S]))';
        i++;
        continue;
      }
      if ((next === 'p' || next === 'P') && rest[i + 2] === '{') {
        const close = rest.indexOf('}', i + 3);
        const name = rest.slice(i + 3, close).replace(/^Is/, '');
        const posix = POSIX_CLASSES[name];
        if (posix !== undefined) {
          out += inClass ? posix : next === 'p' ? `[${posix}]` : `[^${posix}]`;
        } else {
          unicode = true;
          out += `\\${next}{${name}}`;
        }
        i = close;
        continue;
      }
      if (next === 'h') {
        out += inClass ? ' \\t\\xA0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000' : '[ \\t\\xA0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000]';
        i++;
        continue;
      }
      out += ch + next;
      i++;
      continue;
    }
    if (ch === '[') inClass++;
    else if (ch === ']' && inClass) inClass--;
    else if (!inClass && (ch === '*' || ch === '+' || ch === '?' || ch === '}') && rest[i + 1] === '+') {
      // Possessive quantifier: no JavaScript equivalent, keep the greedy form.
      out += ch;
      i++;
      continue;
    } else if (!inClass && ch === '(' && rest.startsWith('(?>', i)) {
      out += '(?:';
      i += 2;
      continue;
    }
    out += ch;
  }
  if (unicode) flags += 'u';
  return { source: out, flags };
}

/** A JavaScript RegExp for a Java pattern (`g` for scanning, or anchored for a whole-string match). */
export function javaRegex(pattern: string, mode: 'scan' | 'whole'): RegExp {
  const key = `${mode}\u0000${pattern}`;
  const cached = regexCache.get(key);
  if (cached) {
    cached.lastIndex = 0;
    return cached;
  }
  const { source, flags } = translateJavaRegex(pattern);
  let regex: RegExp;
  try {
    regex = mode === 'whole' ? new RegExp(`^(?:${source})$`, flags) : new RegExp(source, `${flags}g`);
  } catch (error) {
    throw new JavaException('java.util.regex.PatternSyntaxException', `${(error as Error).message}: ${pattern}`);
  }
  if (regexCache.size > 500) regexCache.clear();
  regexCache.set(key, regex);
  return regex;
}

/** `Pattern.matches(regex, input)`: the whole input must match. */
export function javaMatches(input: string, pattern: string): boolean {
  return javaRegex(pattern, 'whole').test(input);
}

/** A Java `Matcher.replaceAll` replacement string (`$1`, `${name}`, `\$` …) as a replacer function. */
function javaReplacer(replacement: string): (match: RegExpExecArray) => string {
  const parts: Array<string | number | { name: string }> = [];
  let literal = '';
  for (let i = 0; i < replacement.length; i++) {
    const ch = replacement[i] as string;
    if (ch === '\\') {
      i++;
      if (i >= replacement.length) throw new JavaException('java.lang.IllegalArgumentException', 'character to be escaped is missing');
      literal += replacement[i];
    } else if (ch === '$') {
      i++;
      if (i >= replacement.length) throw new JavaException('java.lang.IllegalArgumentException', 'Illegal group reference: group index is missing');
      if (replacement[i] === '{') {
        const close = replacement.indexOf('}', i);
        if (close < 0) throw new JavaException('java.lang.IllegalArgumentException', "named capturing group is missing trailing '}'");
        if (literal) parts.push(literal);
        literal = '';
        parts.push({ name: replacement.slice(i + 1, close) });
        i = close;
      } else if (/[0-9]/.test(replacement[i] as string)) {
        let digits = replacement[i] as string;
        while (i + 1 < replacement.length && /[0-9]/.test(replacement[i + 1] as string)) {
          digits += replacement[i + 1];
          i++;
        }
        if (literal) parts.push(literal);
        literal = '';
        parts.push(Number(digits));
      } else {
        throw new JavaException('java.lang.IllegalArgumentException', 'Illegal group reference');
      }
    } else {
      literal += ch;
    }
  }
  if (literal) parts.push(literal);
  return (match) =>
    parts
      .map((part) => {
        if (typeof part === 'string') return part;
        if (typeof part === 'number') {
          // Java takes the longest group number that exists ($12 with one group is $1 then "2").
          let index = part;
          let suffix = '';
          while (index >= match.length && index >= 10) {
            suffix = String(index % 10) + suffix;
            index = Math.floor(index / 10);
          }
          if (index >= match.length) throw new JavaException('java.lang.IndexOutOfBoundsException', `No group ${index}`);
          return (match[index] ?? '') + suffix;
        }
        const value = match.groups?.[part.name];
        if (!match.groups || !(part.name in match.groups)) throw new JavaException('java.lang.IllegalArgumentException', `No group with name {${part.name}}`);
        return value ?? '';
      })
      .join('');
}

function javaReplace(input: string, pattern: string, replacement: string, firstOnly: boolean): string {
  const regex = javaRegex(pattern, 'scan');
  const replace = javaReplacer(replacement);
  let out = '';
  let last = 0;
  regex.lastIndex = 0;
  for (let match = regex.exec(input); match; match = regex.exec(input)) {
    out += input.slice(last, match.index) + replace(match);
    last = match.index + match[0].length;
    if (match[0].length === 0) {
      // Zero-width match: copy one character and move on, as java.util.regex.Matcher does.
      if (match.index < input.length) out += input[match.index];
      last = match.index + 1;
      regex.lastIndex = match.index + 1;
    }
    if (firstOnly) break;
  }
  return out + input.slice(Math.min(last, input.length));
}

/** `String.split(regex, limit)` with Java's rules (no captured groups, trailing empty strings removed at limit 0). */
export function javaSplit(input: string, pattern: string, limit = 0): string[] {
  if (input.length === 0) return [''];
  const regex = javaRegex(pattern, 'scan');
  const parts: string[] = [];
  let last = 0;
  regex.lastIndex = 0;
  for (let match = regex.exec(input); match; match = regex.exec(input)) {
    if (limit > 0 && parts.length === limit - 1) break;
    if (match[0].length === 0) {
      regex.lastIndex = match.index + 1;
      if (match.index === 0 || match.index >= input.length) continue;
    }
    parts.push(input.slice(last, match.index));
    last = match.index + match[0].length;
  }
  parts.push(input.slice(last));
  if (limit === 0) while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (limit === 0 && parts.length === 1 && parts[0] === '' && input.length > 0) return [];
  return parts;
}

// ---------------------------------------------------------------------------------------------------------------
// java.lang.String methods

function outOfBounds(message: string): never {
  throw new JavaException('java.lang.StringIndexOutOfBoundsException', message);
}

function intArg(value: unknown, method: string): number {
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    throw new JavaException('java.lang.IllegalArgumentException', `String.${method} expects an int, got ${JSON.stringify(value)}`);
  }
  return n;
}

function str(value: unknown): string {
  if (value === null || value === undefined) throw new JavaException('java.lang.NullPointerException', 'null argument');
  return typeof value === 'string' ? value : javaToString(value);
}

/** `String.hashCode()`. */
function javaHashCode(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(31, hash) + text.charCodeAt(i)) | 0;
  return hash;
}

/** `String.trim()`: strips every char ≤ U+0020 at both ends. */
function javaTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start++;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
  return text.slice(start, end);
}

type JavaStringMethod = (self: string, ...args: unknown[]) => unknown;

/** The `java.lang.String` methods templates call, with Java semantics. */
export const JAVA_STRING_METHODS: Readonly<Record<string, JavaStringMethod>> = {
  replaceAll: (self, regex, replacement) => javaReplace(self, str(regex), str(replacement), false),
  replaceFirst: (self, regex, replacement) => javaReplace(self, str(regex), str(replacement), true),
  replace: (self, target, replacement) => self.split(str(target)).join(str(replacement)),
  matches: (self, regex) => javaMatches(self, str(regex)),
  split: (self, regex, limit) => javaSplit(self, str(regex), limit === undefined ? 0 : intArg(limit, 'split')),
  substring: (self, begin, end) => {
    const b = intArg(begin, 'substring');
    const e = end === undefined ? self.length : intArg(end, 'substring');
    if (b < 0 || e > self.length || b > e) outOfBounds(`begin ${b}, end ${e}, length ${self.length}`);
    return self.slice(b, e);
  },
  subSequence: (self, begin, end) => JAVA_STRING_METHODS.substring?.(self, begin, end),
  charAt: (self, index) => {
    const i = intArg(index, 'charAt');
    if (i < 0 || i >= self.length) outOfBounds(`index ${i}, length ${self.length}`);
    return self[i];
  },
  codePointAt: (self, index) => {
    const i = intArg(index, 'codePointAt');
    if (i < 0 || i >= self.length) outOfBounds(`index ${i}, length ${self.length}`);
    return self.codePointAt(i);
  },
  length: (self) => self.length,
  isEmpty: (self) => self.length === 0,
  isBlank: (self) => javaTrim(self).length === 0,
  trim: (self) => javaTrim(self),
  strip: (self) => self.trim(),
  toLowerCase: (self) => self.toLowerCase(),
  toUpperCase: (self) => self.toUpperCase(),
  contains: (self, s) => self.includes(str(s)),
  startsWith: (self, prefix, offset) => self.startsWith(str(prefix), offset === undefined ? 0 : intArg(offset, 'startsWith')),
  endsWith: (self, suffix) => self.endsWith(str(suffix)),
  indexOf: (self, s, from) => self.indexOf(typeof s === 'number' ? String.fromCodePoint(s) : str(s), from === undefined ? 0 : Math.max(0, intArg(from, 'indexOf'))),
  lastIndexOf: (self, s, from) =>
    from === undefined
      ? self.lastIndexOf(typeof s === 'number' ? String.fromCodePoint(s) : str(s))
      : intArg(from, 'lastIndexOf') < 0
        ? -1
        : self.lastIndexOf(typeof s === 'number' ? String.fromCodePoint(s) : str(s), intArg(from, 'lastIndexOf')),
  equals: (self, other) => typeof other === 'string' && self === other,
  equalsIgnoreCase: (self, other) => typeof other === 'string' && self.length === other.length && self.toUpperCase().toLowerCase() === other.toUpperCase().toLowerCase(),
  compareTo: (self, other) => {
    const o = str(other);
    const n = Math.min(self.length, o.length);
    for (let i = 0; i < n; i++) if (self.charCodeAt(i) !== o.charCodeAt(i)) return self.charCodeAt(i) - o.charCodeAt(i);
    return self.length - o.length;
  },
  concat: (self, other) => self + str(other),
  toString: (self: string) => self,
  hashCode: (self) => javaHashCode(self),
  repeat: (self, count) => {
    const n = intArg(count, 'repeat');
    if (n < 0) throw new JavaException('java.lang.IllegalArgumentException', `count is negative: ${n}`);
    return self.repeat(n);
  },
  toCharArray: (self) => [...self.split('')],
  getBytes: (self) => [...Buffer.from(self, 'utf8')].map((b) => (b > 127 ? b - 256 : b)),
};

/** How Velocity renders a value (`toString()` of the Java object). */
export function javaToString(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : javaDoubleToString(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(javaToString).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}=${javaToString(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

function javaDoubleToString(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  const abs = Math.abs(value);
  if (abs >= 1e-3 && abs < 1e7) return String(value);
  const [mantissa, exponent] = value.toExponential().split('e') as [string, string];
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// $util

function hex(code: number): string {
  return code.toString(16).toUpperCase();
}

/**
 * `$util.escapeJavaScript`: Apache Commons Lang `StringEscapeUtils.escapeJavaScript` — escapes `'` as `\'`,
 * `"` as `\"`, `\` as `\\`, `/` as `\/`, `\b \f \n \r \t`; other control characters and every character above
 * U+007F become `\uXXXX` (upper-case hex, one escape per UTF-16 unit, so an emoji is a surrogate pair).
 */
export function escapeJavaScript(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const text = javaToString(value);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const ch = text[i] as string;
    if (code > 0xfff) out += `\\u${hex(code)}`;
    else if (code > 0xff) out += `\\u0${hex(code)}`;
    else if (code > 0x7f) out += `\\u00${hex(code)}`;
    else if (code < 32) {
      switch (code) {
        case 0x08:
          out += '\\b';
          break;
        case 0x0a:
          out += '\\n';
          break;
        case 0x09:
          out += '\\t';
          break;
        case 0x0c:
          out += '\\f';
          break;
        case 0x0d:
          out += '\\r';
          break;
        default:
          out += code > 0xf ? `\\u00${hex(code)}` : `\\u000${hex(code)}`;
      }
    } else {
      switch (ch) {
        case "'":
          out += "\\'";
          break;
        case '"':
          out += '\\"';
          break;
        case '\\':
          out += '\\\\';
          break;
        case '/':
          out += '\\/';
          break;
        default:
          out += ch;
      }
    }
  }
  return out;
}

/** `$util.urlEncode`: `java.net.URLEncoder.encode(s, "UTF-8")` (spaces as `+`, keeps `A-Za-z0-9.-*_`). */
export function urlEncode(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  return [...Buffer.from(javaToString(value), 'utf8')]
    .map((byte) => {
      const ch = String.fromCharCode(byte);
      if (/[A-Za-z0-9.\-*_]/.test(ch)) return ch;
      if (ch === ' ') return '+';
      return `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

/** `$util.urlDecode`: `java.net.URLDecoder.decode(s, "UTF-8")` (`+` is a space; a bad `%` escape throws). */
export function urlDecode(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const text = javaToString(value);
  const bytes: number[] = [];
  let out = '';
  const flush = (): void => {
    if (bytes.length) out += Buffer.from(bytes).toString('utf8');
    bytes.length = 0;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '%') {
      const pair = text.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(pair)) throw new JavaException('java.lang.IllegalArgumentException', `URLDecoder: Illegal hex characters in escape (%) pattern - ${pair}`);
      bytes.push(parseInt(pair, 16));
      i += 2;
      continue;
    }
    flush();
    out += ch === '+' ? ' ' : ch;
  }
  flush();
  return out;
}

/** `$util.base64Encode` (UTF-8 bytes, standard alphabet with padding). */
export function base64Encode(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  return Buffer.from(javaToString(value), 'utf8').toString('base64');
}

/** `$util.base64Decode` (to a UTF-8 string). */
export function base64Decode(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const text = javaToString(value);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text.replace(/\s/g, ''))) {
    throw new JavaException('java.lang.IllegalArgumentException', 'Illegal base64 character');
  }
  return Buffer.from(text, 'base64').toString('utf8');
}
