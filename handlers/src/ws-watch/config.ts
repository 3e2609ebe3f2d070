import { readConfig, type Env } from '../shared/config';

export interface WsWatchConfig {
  readonly connectionsTable: string;
  /** Who watches which cell (PK cell, SK connectionId). */
  readonly watchersTable: string;
  /** H3 resolution of the world's cells (`CELL_RESOLUTION`): the same as spawn's. */
  readonly cellResolution: number;
}

export function loadWsWatchConfig(env: Env = process.env): WsWatchConfig {
  return readConfig('ws-watch', env, (r) => ({
    connectionsTable: r.string('CONNECTIONS_TABLE'),
    watchersTable: r.string('WATCHERS_TABLE'),
    cellResolution: r.integer('CELL_RESOLUTION', { min: 0, max: 15 }),
  }));
}
