import { readConfig, type Env } from '../shared/config';

export interface NotifyConfig {
  readonly connectionsTable: string;
  /** GSI of the connections table: PK player, SK connectionId (KEYS_ONLY). */
  readonly connectionsByPlayerIndex: string;
  /** The WebSocket API's management endpoint, e.g. `https://abc.execute-api.eu-west-1.amazonaws.com/dev`. */
  readonly websocketManagementEndpoint: string;
}

export function loadNotifyConfig(env: Env = process.env): NotifyConfig {
  return readConfig('notify', env, (r) => ({
    connectionsTable: r.string('CONNECTIONS_TABLE'),
    connectionsByPlayerIndex: r.string('CONNECTIONS_BY_PLAYER_INDEX'),
    websocketManagementEndpoint: r.url('WEBSOCKET_MANAGEMENT_ENDPOINT'),
  }));
}
