/** The current time; injected so tests can freeze it. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** Whole seconds since the epoch (DynamoDB TTL format). */
export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/** ISO-8601 UTC string of an epoch-seconds value. */
export function isoFromEpochSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
