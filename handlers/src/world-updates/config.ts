import { readConfig, type Env } from '../shared/config';

export interface WorldUpdatesConfig {
  /** Who watches which cell (PK cell, SK connectionId). */
  readonly watchersTable: string;
  /** The WebSocket API's management endpoint, e.g. `https://abc.execute-api.eu-west-1.amazonaws.com/live`. */
  readonly websocketManagementEndpoint: string;
}

export function loadWorldUpdatesConfig(env: Env = process.env): WorldUpdatesConfig {
  return readConfig('world-updates', env, (r) => ({
    watchersTable: r.string('WATCHERS_TABLE'),
    websocketManagementEndpoint: r.url('WEBSOCKET_MANAGEMENT_ENDPOINT'),
  }));
}
