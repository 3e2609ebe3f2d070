import { jacksonLocation, jacksonSyntaxError, positionOf } from '../../aws/jackson-errors';
import { invalid } from './errors';
import { isJsonObject } from './json-text';
import { parsePatternValue } from './parse';
import type { ParsedPattern } from './types';

/**
 * Parses and validates a pattern given as a JSON string or as an already-parsed value.
 * Throws InvalidEventPatternError (code InvalidEventPatternException) when it is malformed.
 * Text that is not JSON, or JSON that is not an object, is reported as AWS reports it: Jackson's message and
 * source location.
 */
export function parseEventPattern(pattern: unknown): ParsedPattern {
  if (typeof pattern === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(pattern);
    } catch (error) {
      const syntax = jacksonSyntaxError(pattern);
      if (syntax) invalid(syntax.message, jacksonLocation(pattern, syntax.line, syntax.column));
      invalid(error instanceof Error ? error.message : String(error));
    }
    if (!isJsonObject(parsed)) {
      const at = positionOf(pattern, endOfFirstToken(pattern));
      invalid('Filter is not an object', jacksonLocation(pattern, at.line, at.column));
    }
    return parsePatternValue(parsed);
  }
  return parsePatternValue(pattern);
}

/** Where the parser stands after reading the first token of valid JSON text (just past "[" for an array). */
function endOfFirstToken(text: string): number {
  const start = text.length - text.trimStart().length;
  if (text[start] === '[') return start + 1;
  const token = /^("(?:[^"\\]|\\.)*"|[^\s,\]}]+)/.exec(text.slice(start));
  return start + (token ? token[0].length : 1);
}

/** Throws InvalidEventPatternError if the pattern (object or JSON string) is not a valid EventBridge pattern. */
export function validateEventPattern(pattern: unknown): void {
  parseEventPattern(pattern);
}
