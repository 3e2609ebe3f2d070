/** Wall-clock fields in a time zone (month 1-12). */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time of an instant in a time zone. */
export function toWallTime(instant: Date, timeZone: string): WallTime {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') {
    return {
      year: instant.getUTCFullYear(),
      month: instant.getUTCMonth() + 1,
      day: instant.getUTCDate(),
      hour: instant.getUTCHours(),
      minute: instant.getUTCMinutes(),
      second: instant.getUTCSeconds(),
    };
  }
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour % 24, minute: parts.minute, second: parts.second };
}

function wallAsUtc(wall: WallTime): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
}

/**
 * The instant at which a zone's clocks show `wall`. A wall time skipped by a DST change maps to the
 * instant just after the gap; an ambiguous one (clocks set back) to its first occurrence.
 */
export function fromWallTime(wall: WallTime, timeZone: string): Date {
  const utcGuess = wallAsUtc(wall);
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return new Date(utcGuess);
  const offsetAt = (instant: number): number => wallAsUtc(toWallTime(new Date(instant), timeZone)) - instant;
  let instant = utcGuess - offsetAt(utcGuess);
  const second = utcGuess - offsetAt(instant);
  if (second !== instant) {
    // Different offsets before/after a transition: prefer the earlier valid instant.
    instant = Math.min(instant, second);
    if (wallAsUtc(toWallTime(new Date(instant), timeZone)) !== utcGuess) instant = Math.max(utcGuess - offsetAt(utcGuess), second);
  }
  return new Date(instant);
}
