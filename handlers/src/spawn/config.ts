import { readConfig, type Env } from '../shared/config';

export interface SpawnConfig {
  readonly worldTable: string;
  readonly eventBusName: string;
  /** How long a spawned fakémon stays before it flees (world item TTL). @default 900 */
  readonly spawnTtlSeconds: number;
}

export function loadSpawnConfig(env: Env = process.env): SpawnConfig {
  return readConfig('spawn', env, (r) => ({
    worldTable: r.string('WORLD_TABLE'),
    eventBusName: r.string('EVENT_BUS_NAME'),
    spawnTtlSeconds: r.integer('SPAWN_TTL_SECONDS', { min: 1, default: 900 }),
  }));
}
