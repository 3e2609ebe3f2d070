import { CronSyntaxError, nextCronOccurrence, parseCron, type CronExpression } from './cron';
import { fromWallTime } from './timezone';

export type ParsedScheduleExpression =
  | { readonly kind: 'at'; readonly at: Date }
  | { readonly kind: 'rate'; readonly periodMs: number }
  | { readonly kind: 'cron'; readonly cron: CronExpression };

export class ScheduleExpressionError extends Error {}

const RATE_UNITS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/**
 * Parses `at(yyyy-mm-ddThh:mm:ss)`, `rate(value unit)` (unit minute(s), hour(s), day(s); singular
 * only for 1) and `cron(...)` (see cron.ts). `at` and `cron` are read in `timeZone`.
 */
export function parseScheduleExpression(expression: string, timeZone = 'UTC'): ParsedScheduleExpression {
  const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(expression);
  if (at) {
    const [year, month, day, hour, minute, second] = at.slice(1).map(Number);
    const probe = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
    if (
      probe.getUTCFullYear() !== year ||
      probe.getUTCMonth() !== month - 1 ||
      probe.getUTCDate() !== day ||
      probe.getUTCHours() !== hour ||
      probe.getUTCMinutes() !== minute ||
      probe.getUTCSeconds() !== second
    ) {
      throw new ScheduleExpressionError(`Invalid Schedule Expression ${expression}.`);
    }
    return { kind: 'at', at: fromWallTime({ year, month, day, hour, minute, second }, timeZone) };
  }
  const rate = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    const unit = rate[2];
    const plural = unit.endsWith('s');
    if (value < 1 || (value === 1 && plural) || (value > 1 && !plural)) {
      throw new ScheduleExpressionError(`Invalid Schedule Expression ${expression}.`);
    }
    return { kind: 'rate', periodMs: value * RATE_UNITS[plural ? unit.slice(0, -1) : unit] };
  }
  const cron = /^cron\((.+)\)$/.exec(expression);
  if (cron) {
    try {
      return { kind: 'cron', cron: parseCron(cron[1]) };
    } catch (error) {
      if (error instanceof CronSyntaxError) throw new ScheduleExpressionError(`Invalid Schedule Expression ${expression}.`);
      throw error;
    }
  }
  throw new ScheduleExpressionError(`Invalid Schedule Expression ${expression}.`);
}

/**
 * The next invocation time strictly after `after`, or undefined when there is none.
 * Rate schedules run every period from `anchor` (StartDate, else creation), first at anchor + period.
 */
export function nextOccurrence(
  parsed: ParsedScheduleExpression,
  after: Date,
  anchor: Date,
  timeZone: string,
  window: { start?: Date; end?: Date } = {},
): Date | undefined {
  let next: Date | undefined;
  switch (parsed.kind) {
    case 'at':
      return parsed.at.getTime() > after.getTime() ? parsed.at : undefined;
    case 'rate': {
      const elapsed = after.getTime() - anchor.getTime();
      const periods = elapsed < 0 ? 1 : Math.floor(elapsed / parsed.periodMs) + 1;
      next = new Date(anchor.getTime() + periods * parsed.periodMs);
      break;
    }
    case 'cron': {
      const from = window.start && window.start.getTime() > after.getTime() ? new Date(window.start.getTime() - 1) : after;
      next = nextCronOccurrence(parsed.cron, from, timeZone);
      break;
    }
  }
  if (next && window.end && next.getTime() > window.end.getTime()) return undefined;
  return next;
}
