import { invalid } from './errors';
import { parsePatternValue } from './parse';
import type { ParsedPattern } from './types';

/**
 * Parses and validates a pattern given as a JSON string or as an already-parsed value.
 * Throws InvalidEventPatternError (code InvalidEventPatternException) when it is malformed.
 *
 * For bad JSON AWS reports Jackson's parser message; we report JavaScript's (the wording differs).
 */
export function parseEventPattern(pattern: unknown): ParsedPattern {
  if (typeof pattern === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(pattern);
    } catch (error) {
      invalid(error instanceof Error ? error.message : String(error));
    }
    return parsePatternValue(parsed);
  }
  return parsePatternValue(pattern);
}

/** Throws InvalidEventPatternError if the pattern (object or JSON string) is not a valid EventBridge pattern. */
export function validateEventPattern(pattern: unknown): void {
  parseEventPattern(pattern);
}
