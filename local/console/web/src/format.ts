/** Display helpers. */

/** `12:04:05` of an ISO time (the local clock's time zone: UTC, as AWS prints times). */
export const timeOf = (iso: string | undefined): string => (iso ? iso.slice(11, 19) : '');

/** `2024-05-14 12:04:05 UTC`. */
export const dateTimeOf = (iso: string | undefined): string => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : '');

/** `in 23 h 59 min`, `5 s ago`. */
export function relative(iso: string | undefined, now: Date): string {
  if (!iso) return '';
  const ms = Date.parse(iso) - now.getTime();
  const text = duration(Math.abs(ms));
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}

export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h${m % 60 ? ` ${m % 60} min` : ''}`;
  return `${Math.floor(h / 24)} d${h % 24 ? ` ${h % 24} h` : ''}`;
}

/** `+1 d 2 h` of a clock offset. */
export const offsetOf = (ms: number): string => (Math.abs(ms) < 1000 ? 'real time' : `${ms > 0 ? '+' : '−'}${duration(Math.abs(ms))}`);

/** The last part of an ARN or name (`fakemon-dev-capture` of a function ARN). */
export const shortArn = (arn: string): string => arn.split(/[:/]/).pop() ?? arn;

/** A name without the stack's prefix. */
export const withoutPrefix = (name: string, stackName: string): string => (name.startsWith(`${stackName}-`) ? name.slice(stackName.length + 1) : name);

export const json = (value: unknown): string => JSON.stringify(value, null, 2);
