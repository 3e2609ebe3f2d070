import { readConfig, type Env } from '../shared/config';
import { parsePlayArea, type PlayArea } from '../shared/play-area';

export interface SpawnConfig {
  readonly worldTable: string;
  readonly eventBusName: string;
  /** How long a spawned fakémon stays before it flees (world item TTL). @default 900 */
  readonly spawnTtlSeconds: number;
  /** Where fakémon spawn (`PLAY_AREA` = `south,west,north,east`). */
  readonly playArea: PlayArea;
  /** H3 resolution of the world's cells (`CELL_RESOLUTION`). */
  readonly cellResolution: number;
}

export function loadSpawnConfig(env: Env = process.env): SpawnConfig {
  return readConfig('spawn', env, (r) => ({
    worldTable: r.string('WORLD_TABLE'),
    eventBusName: r.string('EVENT_BUS_NAME'),
    spawnTtlSeconds: r.integer('SPAWN_TTL_SECONDS', { min: 1, default: 900 }),
    playArea: r.parse('PLAY_AREA', parsePlayArea),
    cellResolution: r.integer('CELL_RESOLUTION', { min: 0, max: 15 }),
  }));
}
