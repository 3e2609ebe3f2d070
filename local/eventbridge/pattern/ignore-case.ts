/**
 * Case-insensitive comparison as event-ruler (EventBridge's matcher) defines it: each UTF-16 code
 * unit `c` of the pattern matches exactly `c.toLowerCase()` or `c.toUpperCase()` in the event
 * string (Java's Locale.ROOT mappings, which JavaScript's default mappings equal for single code
 * units). This is a per-character rule, not full Unicode case folding: a pattern "ß" matches
 * "ß" or "SS" (its upper case), and the Kelvin sign "K" does not match a pattern "k" (whose
 * variants are "k" and "K").
 *
 * Used by `equals-ignore-case`, `prefix`/`suffix` with `equals-ignore-case`, and
 * `anything-but: {equals-ignore-case}`. Only JSON strings ever match.
 */

export type IgnoreCaseMode = 'equals' | 'prefix' | 'suffix';

function variants(c: string): string[] {
  const lower = c.toLowerCase();
  const upper = c.toUpperCase();
  return lower === upper ? [lower] : [lower, upper];
}

function escapeUnit(unit: string): string {
  return '\\u' + unit.charCodeAt(0).toString(16).padStart(4, '0');
}

function escapeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += escapeUnit(s[i]);
  return out;
}

/** Builds a RegExp implementing the per-code-unit rule (no `i` flag, no `u` flag on purpose). */
export function ignoreCaseRegExp(pattern: string, mode: IgnoreCaseMode): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const options = variants(pattern[i]);
    if (options.length === 1) source += escapeString(options[0]);
    else if (options[0].length === 1 && options[1].length === 1) source += `[${escapeString(options[0])}${escapeString(options[1])}]`;
    else source += `(?:${options.map(escapeString).join('|')})`;
  }
  if (mode === 'equals') source = `^${source}$`;
  else if (mode === 'prefix') source = `^${source}`;
  else source = `${source}$`;
  return new RegExp(source);
}

/**
 * Reference implementation (uncompiled path): does `value` match `pattern` under the
 * per-code-unit rule? `mode` says whether the whole value, a prefix or a suffix must match.
 */
export function ignoreCaseMatches(pattern: string, value: string, mode: IgnoreCaseMode): boolean {
  // Can the pattern units [p..] be matched starting at value offset v, ending exactly at `end`
  // (or anywhere when end === -1)?
  const go = (p: number, v: number, end: number): boolean => {
    if (p === pattern.length) return end === -1 || v === end;
    for (const option of variants(pattern[p])) {
      if (value.startsWith(option, v) && go(p + 1, v + option.length, end)) return true;
    }
    return false;
  };
  if (mode === 'equals') return go(0, 0, value.length);
  if (mode === 'prefix') return go(0, 0, -1);
  for (let start = value.length; start >= 0; start--) {
    if (go(0, start, value.length)) return true;
  }
  return false;
}
