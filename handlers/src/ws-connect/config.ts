import { readConfig, type Env } from '../shared/config';

export interface WsConnectConfig {
  readonly connectionsTable: string;
  /** Who watches which cell: a connection's watcher entries go with it on `$disconnect`. */
  readonly watchersTable: string;
  /** How long a connection record lives without being refreshed (API Gateway closes connections after 2 h). @default 7200 */
  readonly connectionTtlSeconds: number;
}

export function loadWsConnectConfig(env: Env = process.env): WsConnectConfig {
  return readConfig('ws-connect', env, (r) => ({
    connectionsTable: r.string('CONNECTIONS_TABLE'),
    watchersTable: r.string('WATCHERS_TABLE'),
    connectionTtlSeconds: r.integer('CONNECTION_TTL_SECONDS', { min: 60, default: 7200 }),
  }));
}
