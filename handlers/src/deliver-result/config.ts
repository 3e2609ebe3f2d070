import { readConfig, type Env } from '../shared/config';

export interface DeliverResultConfig {
  readonly connectionsTable: string;
  /** GSI of the connections table: PK player, SK connectionId (KEYS_ONLY). */
  readonly connectionsByPlayerIndex: string;
  /** The WebSocket API's management endpoint, e.g. `https://abc.execute-api.eu-west-1.amazonaws.com/live`. */
  readonly websocketManagementEndpoint: string;
}

export function loadDeliverResultConfig(env: Env = process.env): DeliverResultConfig {
  return readConfig('deliver-result', env, (r) => ({
    connectionsTable: r.string('CONNECTIONS_TABLE'),
    connectionsByPlayerIndex: r.string('CONNECTIONS_BY_PLAYER_INDEX'),
    websocketManagementEndpoint: r.url('WEBSOCKET_MANAGEMENT_ENDPOINT'),
  }));
}
