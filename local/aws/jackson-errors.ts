/**
 * JSON syntax errors worded the way Jackson (the Java JSON parser behind EventBridge and Lambda) words them,
 * with its source location suffix, so clients see the same text locally as on AWS:
 *
 *   Unrecognized token 'this': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')
 *    at [Source: (String)"this is not json"; line: 1, column: 5]
 */

/** A syntax error: Jackson's message without the location, and the 1-based line and column it reports. */
export interface JsonSyntaxError {
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

const VALUE_EXPECTED = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
/** Jackson shows at most this many characters of the source in a location. */
const MAX_SOURCE_CHARS = 500;

/** The first syntax error in `text` as Jackson reports it, or undefined when `text` is one valid JSON value. */
export function jacksonSyntaxError(text: string): JsonSyntaxError | undefined {
  try {
    new Parser(text).document();
    return undefined;
  } catch (error) {
    if (error instanceof SyntaxAt) return { message: error.message, line: error.line, column: error.column };
    throw error;
  }
}

/** Jackson's location suffix; `source` undefined stands for a parser that does not include the source (Lambda). */
export function jacksonLocation(source: string | undefined, line: number, column: number): string {
  const shown =
    source === undefined
      ? 'REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled)'
      : source.length > MAX_SOURCE_CHARS
        ? `(String)"${source.slice(0, MAX_SOURCE_CHARS)}"[truncated ${source.length - MAX_SOURCE_CHARS} chars]`
        : `(String)"${source}"`;
  return `\n at [Source: ${shown}; line: ${line}, column: ${column}]`;
}

class SyntaxAt extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

/** Jackson's 1-based line and column of `index` in `text`. */
export function positionOf(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < index && i < text.length; i += 1) {
    if (text[i] === '\n') {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: index - lineStart + 1 };
}

/** Jackson's rendering of a character in "Unexpected character" messages. */
function describeChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return code < 32 ? `(CTRL-CHAR, code ${code})` : `'${char}' (code ${code})`;
}

class Parser {
  private index = 0;

  constructor(private readonly text: string) {}

  document(): void {
    this.skipWhitespace();
    this.value();
    this.skipWhitespace();
    if (this.index < this.text.length) this.unexpected('expected end-of-input');
  }

  private value(): void {
    this.skipWhitespace();
    const char = this.text[this.index];
    if (char === undefined) this.endOfInput('expected a value');
    if (char === '{') return this.object();
    if (char === '[') return this.array();
    if (char === '"') return this.string();
    if (char === '-' || (char >= '0' && char <= '9')) return this.number();
    if (/[A-Za-z_$]/.test(char)) return this.literal();
    this.unexpected(`expected a valid value ${VALUE_EXPECTED}`);
  }

  private object(): void {
    const start = this.index;
    this.index += 1;
    this.skipWhitespace();
    if (this.text[this.index] === '}') {
      this.index += 1;
      return;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.index >= this.text.length) this.unclosed('Object', start);
      if (this.text[this.index] !== '"') this.unexpected('was expecting double-quote to start field name');
      this.string();
      this.skipWhitespace();
      if (this.index >= this.text.length) this.unclosed('Object', start);
      if (this.text[this.index] !== ':') this.unexpected('was expecting a colon to separate field name and value');
      this.index += 1;
      this.skipWhitespace();
      if (this.index >= this.text.length) this.unclosed('Object', start);
      this.value();
      this.skipWhitespace();
      if (this.index >= this.text.length) this.unclosed('Object', start);
      const next = this.text[this.index];
      this.index += 1;
      if (next === '}') return;
      if (next !== ',') {
        this.index -= 1;
        this.unexpected('was expecting comma to separate Object entries');
      }
    }
  }

  private array(): void {
    const start = this.index;
    this.index += 1;
    this.skipWhitespace();
    if (this.text[this.index] === ']') {
      this.index += 1;
      return;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.index >= this.text.length) this.unclosed('Array', start);
      this.value();
      this.skipWhitespace();
      if (this.index >= this.text.length) this.unclosed('Array', start);
      const next = this.text[this.index];
      this.index += 1;
      if (next === ']') return;
      if (next !== ',') {
        this.index -= 1;
        this.unexpected('was expecting comma to separate Array entries');
      }
    }
  }

  private string(): void {
    this.index += 1;
    while (this.index < this.text.length) {
      const char = this.text[this.index];
      if (char === '"') {
        this.index += 1;
        return;
      }
      if (char === '\\') {
        this.index += 2;
        continue;
      }
      if (char.charCodeAt(0) < 32) {
        this.unexpected('has to be escaped using backslash to be included in string value', 'Illegal unquoted character');
      }
      this.index += 1;
    }
    this.endOfInput('was expecting closing quote for a string value');
  }

  private number(): void {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(this.text.slice(this.index));
    if (!match || match[0] === '-') this.unrecognizedToken();
    this.index += (match as RegExpExecArray)[0].length;
  }

  private literal(): void {
    const token = this.tokenAt(this.index);
    if (token === 'true' || token === 'false' || token === 'null') {
      this.index += token.length;
      return;
    }
    this.unrecognizedToken();
  }

  /** A bare word where a value belongs: Jackson names the whole word and points just after it. */
  private unrecognizedToken(): never {
    const token = this.tokenAt(this.index);
    const { line, column } = positionOf(this.text, this.index + token.length);
    throw new SyntaxAt(`Unrecognized token '${token}': was expecting ${VALUE_EXPECTED}`, line, column);
  }

  private tokenAt(index: number): string {
    return /^[^\s,:[\]{}"]*/.exec(this.text.slice(index))?.[0] || this.text[index];
  }

  private unexpected(expectation: string, prefix = 'Unexpected character'): never {
    const char = this.text[this.index];
    const { line, column } = positionOf(this.text, this.index);
    throw new SyntaxAt(`${prefix} (${describeChar(char)}): ${expectation}`, line, column);
  }

  private unclosed(kind: 'Object' | 'Array', start: number): never {
    const startAt = positionOf(this.text, start);
    const { line, column } = positionOf(this.text, this.text.length);
    throw new SyntaxAt(
      `Unexpected end-of-input: expected close marker for ${kind} (start marker at${jacksonLocation(this.text, startAt.line, startAt.column).replace('\n at', '')})`,
      line,
      column,
    );
  }

  private endOfInput(expectation: string): never {
    const { line, column } = positionOf(this.text, this.text.length);
    throw new SyntaxAt(`Unexpected end-of-input: ${expectation}`, line, column);
  }

  private skipWhitespace(): void {
    while (this.index < this.text.length && /[ \t\r\n]/.test(this.text[this.index])) this.index += 1;
  }
}
