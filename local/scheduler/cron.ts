import { fromWallTime, toWallTime, type WallTime } from './timezone';

/**
 * AWS cron expressions: `cron(minutes hours day-of-month month day-of-week year)`.
 *
 * Supported: `,` `-` `*` `/` in every field, month names JAN-DEC, day names SUN-SAT (1 = Sunday),
 * `?` in day-of-month or day-of-week (exactly one of them must be `?`), `L` (last day of month, or
 * with a weekday `6L` = last Friday), `LW`, `nW` (weekday nearest to day n) and `d#n` (n-th weekday d).
 */
export interface CronExpression {
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly years: ReadonlySet<number>;
  readonly matchesDay: (year: number, month: number, day: number) => boolean;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MAX_YEAR = 2199;

export class CronSyntaxError extends Error {}

function fail(field: string, text: string): never {
  throw new CronSyntaxError(`invalid ${field} field "${text}"`);
}

function parseValue(text: string, names: string[] | undefined, offset: number, field: string): number {
  const upper = text.toUpperCase();
  if (names) {
    const index = names.indexOf(upper);
    if (index >= 0) return index + offset;
  }
  if (!/^\d+$/.test(text)) fail(field, text);
  return Number(text);
}

/** Parses a list field (`,`, `-`, `*`, `/`) into the set of allowed values. */
function parseSet(text: string, min: number, max: number, field: string, names?: string[], nameOffset = min): Set<number> {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    if (!item) fail(field, text);
    const [rangePart, stepPart, extra] = item.split('/');
    if (extra !== undefined) fail(field, text);
    const step = stepPart === undefined ? 1 : Number(stepPart);
    if (!Number.isInteger(step) || step < 1) fail(field, text);
    let start: number;
    let end: number;
    if (rangePart === '*') {
      start = min;
      end = max;
    } else if (rangePart.includes('-')) {
      const [a, b] = rangePart.split('-');
      start = parseValue(a, names, nameOffset, field);
      end = parseValue(b, names, nameOffset, field);
    } else {
      start = parseValue(rangePart, names, nameOffset, field);
      end = stepPart === undefined ? start : max;
    }
    if (start < min || end > max || start > end) fail(field, text);
    for (let value = start; value <= end; value += step) values.add(value);
  }
  return values;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function weekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1; // 1 = Sunday
}

function nearestWeekday(year: number, month: number, target: number): number {
  const last = daysInMonth(year, month);
  const day = Math.min(target, last);
  const dow = weekday(year, month, day);
  if (dow >= 2 && dow <= 6) return day;
  if (dow === 7) return day > 1 ? day - 1 : day + 2; // Saturday → Friday (or Monday on the 1st)
  return day < last ? day + 1 : day - 2; // Sunday → Monday (or Friday at month end)
}

function parseDayOfMonth(text: string): ((y: number, m: number, d: number) => boolean) | undefined {
  if (text === '?') return undefined;
  const upper = text.toUpperCase();
  if (upper === 'L') return (y, m, d) => d === daysInMonth(y, m);
  if (upper === 'LW') return (y, m, d) => d === nearestWeekday(y, m, daysInMonth(y, m));
  const nearest = /^(\d{1,2})W$/.exec(upper);
  if (nearest) {
    const target = Number(nearest[1]);
    if (target < 1 || target > 31) fail('day-of-month', text);
    return (y, m, d) => d === nearestWeekday(y, m, target);
  }
  const days = parseSet(text, 1, 31, 'day-of-month');
  return (_y, _m, d) => days.has(d);
}

function parseDayOfWeek(text: string): ((y: number, m: number, d: number) => boolean) | undefined {
  if (text === '?') return undefined;
  const upper = text.toUpperCase();
  if (upper === 'L') return (y, m, d) => weekday(y, m, d) === 7;
  const last = /^([A-Z]{3}|[1-7])L$/.exec(upper);
  if (last) {
    const dow = parseValue(last[1], WEEKDAYS, 1, 'day-of-week');
    return (y, m, d) => weekday(y, m, d) === dow && d + 7 > daysInMonth(y, m);
  }
  const nth = /^([A-Z]{3}|[1-7])#([1-5])$/.exec(upper);
  if (nth) {
    const dow = parseValue(nth[1], WEEKDAYS, 1, 'day-of-week');
    const n = Number(nth[2]);
    return (y, m, d) => weekday(y, m, d) === dow && Math.ceil(d / 7) === n;
  }
  const days = parseSet(text, 1, 7, 'day-of-week', WEEKDAYS, 1);
  return (y, m, d) => days.has(weekday(y, m, d));
}

export function parseCron(fields: string): CronExpression {
  const parts = fields.trim().split(/\s+/);
  if (parts.length !== 6) throw new CronSyntaxError('a cron expression has six fields: minutes hours day-of-month month day-of-week year');
  const [minuteText, hourText, domText, monthText, dowText, yearText] = parts;
  if ((domText === '?') === (dowText === '?')) {
    throw new CronSyntaxError('exactly one of day-of-month and day-of-week must be "?"');
  }
  const dom = parseDayOfMonth(domText);
  const dow = parseDayOfWeek(dowText);
  const dayMatcher = (dom ?? dow) as (y: number, m: number, d: number) => boolean;
  return {
    minutes: parseSet(minuteText, 0, 59, 'minutes'),
    hours: parseSet(hourText, 0, 23, 'hours'),
    months: parseSet(monthText, 1, 12, 'month', MONTHS, 1),
    years: parseSet(yearText, 1970, MAX_YEAR, 'year'),
    matchesDay: (y, m, d) => d <= daysInMonth(y, m) && dayMatcher(y, m, d),
  };
}

/** The first minute strictly after `after` whose wall-clock time in `timeZone` matches. */
export function nextCronOccurrence(cron: CronExpression, after: Date, timeZone: string): Date | undefined {
  let searchFrom = after;
  for (let guard = 0; guard < 4; guard += 1) {
    const wall = nextMatchingWall(cron, toWallTime(new Date(searchFrom.getTime()), timeZone));
    if (!wall) return undefined;
    const instant = fromWallTime(wall, timeZone);
    if (instant.getTime() > after.getTime()) return instant;
    // A DST fold mapped the wall time before `after`: search on from the following minute.
    searchFrom = new Date(Math.max(instant.getTime(), searchFrom.getTime()) + 60_000);
  }
  return undefined;
}

function nextMatchingWall(cron: CronExpression, from: WallTime): WallTime | undefined {
  // Start at the next whole minute.
  const cursor = new Date(Date.UTC(from.year, from.month - 1, from.day, from.hour, from.minute + 1, 0));
  for (let i = 0; i < 200_000; i += 1) {
    const year = cursor.getUTCFullYear();
    const month = cursor.getUTCMonth() + 1;
    const day = cursor.getUTCDate();
    if (year > MAX_YEAR) return undefined;
    if (!cron.years.has(year)) {
      cursor.setUTCFullYear(year + 1, 0, 1);
      cursor.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!cron.months.has(month)) {
      cursor.setUTCMonth(month, 1);
      cursor.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!cron.matchesDay(year, month, day)) {
      cursor.setUTCDate(day + 1);
      cursor.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!cron.hours.has(cursor.getUTCHours())) {
      cursor.setUTCHours(cursor.getUTCHours() + 1, 0, 0, 0);
      continue;
    }
    if (!cron.minutes.has(cursor.getUTCMinutes())) {
      cursor.setUTCMinutes(cursor.getUTCMinutes() + 1, 0, 0);
      continue;
    }
    return { year, month, day, hour: cursor.getUTCHours(), minute: cursor.getUTCMinutes(), second: 0 };
  }
  return undefined;
}
