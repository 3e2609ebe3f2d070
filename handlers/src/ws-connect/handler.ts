import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConnectionsStore } from '../adapters/connections-store';
import { createDynamoDbClient } from '../adapters/dynamodb';
import { WatchersStore } from '../adapters/watchers-store';
import { isContractViolation, parseWith } from '../events/contract-violation';
import { webSocketEvent } from '../events/invocations';
import { systemClock, type Clock } from '../shared/clock';
import type { LambdaContext } from '../shared/lambda';
import { lazy } from '../shared/lazy';
import { createLogger, type Logger } from '../shared/logger';
import { loadWsConnectConfig, type WsConnectConfig } from './config';
import { connectionRecord, decideConnection } from './domain';

export interface WsConnectDeps {
  readonly dynamodb: DynamoDBClient;
  readonly config: WsConnectConfig;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/** API Gateway WebSocket integration response: non-2xx on `$connect` refuses the connection. */
export interface WebSocketResponse {
  readonly statusCode: number;
  readonly body?: string;
}

export function makeHandler(deps: WsConnectDeps): (event: unknown, context?: LambdaContext) => Promise<WebSocketResponse> {
  const clock = deps.clock ?? systemClock;
  const baseLogger = deps.logger ?? createLogger({ function: 'ws-connect' });
  const store = new ConnectionsStore(deps.dynamodb, deps.config.connectionsTable);
  const watchers = new WatchersStore(deps.dynamodb, deps.config.watchersTable);

  return async (event, context) => {
    let log = baseLogger.child(context?.awsRequestId ? { awsRequestId: context.awsRequestId } : {});
    try {
      const parsed = parseWith('webSocketEvent', webSocketEvent, event);
      const { connectionId, routeKey } = parsed.requestContext;
      log = log.child({ connectionId, correlationId: connectionId, routeKey });
      const action = decideConnection(parsed);
      switch (action.kind) {
        case 'reject':
          log.warn('connection refused', { reason: action.message });
          return { statusCode: action.statusCode, body: JSON.stringify({ message: action.message }) };
        case 'connect':
          await store.put(connectionRecord(action.connectionId, action.player, clock(), deps.config.connectionTtlSeconds));
          log.info('connected', { player: action.player });
          return { statusCode: 200 };
        case 'disconnect': {
          const cells = await store.delete(action.connectionId);
          await watchers.write([], cells.map((cell) => ({ cell, connectionId: action.connectionId })));
          log.info('disconnected', { watchedCells: cells.length });
          return { statusCode: 200 };
        }
      }
    } catch (error) {
      log.error(isContractViolation(error) ? 'not a WebSocket route event' : 'connection handling failed', { error });
      throw error;
    }
  };
}

const wired = lazy(() => makeHandler({ dynamodb: createDynamoDbClient(), config: loadWsConnectConfig() }));

/** The Lambda entry point (`index.handler`): API Gateway WebSocket `$connect` / `$disconnect` (which also withdraws its watcher entries). */
export const handler = async (event: unknown, context?: LambdaContext): Promise<WebSocketResponse> => wired()(event, context);
