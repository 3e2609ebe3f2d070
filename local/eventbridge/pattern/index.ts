/**
 * The Amazon EventBridge event-pattern language: validation and matching.
 *
 * Sources: the EventBridge user guide ("Event patterns", "Comparison operators", "Arrays in event
 * patterns", "Matching null values and empty strings"), event-ruler (github.com/aws/event-ruler,
 * the open-source matcher EventBridge runs; error reasons come from its JsonRuleCompiler), and
 * LocalStack's TestEventPattern cases recorded against AWS.
 *
 *   validateEventPattern(pattern)           throws InvalidEventPatternError when malformed
 *   compileEventPattern(pattern)(event)     fast matcher; compile once, call many times
 *   matchesEventPattern(pattern, event)     convenience one-shot match
 */
import { compileParsedPattern, type EventMatcher } from './compile';
import { referenceMatch } from './reference';
import { parseEventPattern } from './validate';

export { InvalidEventPatternError, INVALID_PATTERN_PREFIX } from './errors';
export { parseEventPattern, validateEventPattern } from './validate';
export type { EventMatcher } from './compile';
export type { ParsedPattern, SubRule, ValuePattern } from './types';

/**
 * Validates the pattern (a parsed JSON object or a JSON string) and compiles it into a matcher.
 * Throws InvalidEventPatternError when the pattern is malformed.
 */
export function compileEventPattern(pattern: unknown): EventMatcher {
  return compileParsedPattern(parseEventPattern(pattern));
}

/** Compiled matchers of recently used JSON-string patterns (strings are immutable, so safe to cache). */
const stringCache = new Map<string, EventMatcher>();
const STRING_CACHE_SIZE = 256;

/**
 * Does the event match the pattern? Validates the pattern (throwing InvalidEventPatternError).
 * JSON-string patterns are compiled once and cached; for object patterns in a hot loop, use
 * compileEventPattern and keep the matcher.
 */
export function matchesEventPattern(pattern: unknown, event: object): boolean {
  if (typeof pattern !== 'string') return compileEventPattern(pattern)(event);
  let matcher = stringCache.get(pattern);
  if (matcher === undefined) {
    matcher = compileEventPattern(pattern);
    if (stringCache.size >= STRING_CACHE_SIZE) stringCache.delete(stringCache.keys().next().value as string);
    stringCache.set(pattern, matcher);
  }
  return matcher(event);
}

/**
 * The uncompiled reference matcher (slow, straightforward; see reference.ts). Meant for tests and
 * debugging: it must always agree with compileEventPattern.
 */
export function referenceMatchEventPattern(pattern: unknown, event: object): boolean {
  return referenceMatch(parseEventPattern(pattern), event);
}
