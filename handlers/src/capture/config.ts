import { readConfig, type Env } from '../shared/config';

export interface CaptureConfig {
  readonly worldTable: string;
  readonly collectionsTable: string;
  readonly attemptsTable: string;
  readonly eventBusName: string;
  /** Probability in [0, 1] that a fakémon dodges an attempt. @default 0.1 */
  readonly dodgeProbability: number;
  /** How long attempt records are kept for idempotency. @default 604800 (7 days) */
  readonly attemptTtlSeconds: number;
}

export function loadCaptureConfig(env: Env = process.env): CaptureConfig {
  return readConfig('capture', env, (r) => ({
    worldTable: r.string('WORLD_TABLE'),
    collectionsTable: r.string('COLLECTIONS_TABLE'),
    attemptsTable: r.string('ATTEMPTS_TABLE'),
    eventBusName: r.string('EVENT_BUS_NAME'),
    dodgeProbability: r.number('DODGE_PROBABILITY', { min: 0, max: 1, default: 0.1 }),
    attemptTtlSeconds: r.integer('ATTEMPT_TTL_SECONDS', { min: 60, default: 604800 }),
  }));
}
