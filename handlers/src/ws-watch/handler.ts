import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConnectionsStore } from '../adapters/connections-store';
import { createDynamoDbClient } from '../adapters/dynamodb';
import { WatchersStore } from '../adapters/watchers-store';
import { isContractViolation, parseWith } from '../events/contract-violation';
import { webSocketMessageEvent } from '../events/invocations';
import type { WatchAnswer } from '../events/socket-messages';
import { cellOf, neighbourhoodOf } from '../shared/cells';
import { systemClock, type Clock } from '../shared/clock';
import type { LambdaContext } from '../shared/lambda';
import { lazy } from '../shared/lazy';
import { createLogger, type Logger } from '../shared/logger';
import { loadWsWatchConfig, type WsWatchConfig } from './config';
import { planWatch, readWatchRequest, strayCells } from './domain';

export interface WsWatchDeps {
  readonly dynamodb: DynamoDBClient;
  readonly config: WsWatchConfig;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/** The route's integration response: with the route's `$default` route response, API Gateway sends `body` to the client. */
export interface WatchResponse {
  readonly statusCode: number;
  readonly body: string;
}

const answer = (statusCode: number, message: WatchAnswer): WatchResponse => ({ statusCode, body: JSON.stringify(message) });

export function makeHandler(deps: WsWatchDeps): (event: unknown, context?: LambdaContext) => Promise<WatchResponse> {
  const clock = deps.clock ?? systemClock;
  const baseLogger = deps.logger ?? createLogger({ function: 'ws-watch' });
  const connections = new ConnectionsStore(deps.dynamodb, deps.config.connectionsTable);
  const watchers = new WatchersStore(deps.dynamodb, deps.config.watchersTable);

  return async (event, context) => {
    let log = baseLogger.child(context?.awsRequestId ? { awsRequestId: context.awsRequestId } : {});
    try {
      const parsed = parseWith('webSocketMessageEvent', webSocketMessageEvent, event);
      const { connectionId } = parsed.requestContext;
      log = log.child({ connectionId, correlationId: connectionId });
      const request = readWatchRequest(parsed);
      if (request.kind === 'reject') {
        log.warn('watch refused', { reason: request.message });
        return answer(request.statusCode, { type: 'error', action: 'watch', message: request.message });
      }
      const cell = cellOf(request.position, deps.config.cellResolution);
      const cells = neighbourhoodOf(cell);
      const registered = await connections.watch(connectionId, request.player, cells, clock().toISOString());
      if (!registered) {
        log.warn('watch refused: no such connection', { player: request.player });
        return answer(410, { type: 'error', action: 'watch', message: 'this connection is not registered: reconnect' });
      }
      const plan = planWatch(registered.previous, cells);
      await watchers.write(
        plan.put.map((c) => ({ cell: c, connectionId, player: request.player, expiresAt: registered.expiresAt })),
        plan.remove.map((c) => ({ cell: c, connectionId })),
      );
      const stray = strayCells(plan.put, await connections.watchedCells(connectionId));
      if (stray.length > 0) {
        await watchers.write([], stray.map((c) => ({ cell: c, connectionId })));
        log.info('a newer watch or a disconnect replaced this one: its entries were withdrawn', { stray: stray.length });
      }
      log.info('watching', { player: request.player, cell, removed: plan.remove.length });
      return answer(200, { type: 'watching', cell, cells });
    } catch (error) {
      log.error(isContractViolation(error) ? 'not a WebSocket message event' : 'watch failed', { error });
      throw error;
    }
  };
}

const wired = lazy(() => makeHandler({ dynamodb: createDynamoDbClient(), config: loadWsWatchConfig() }));

/** The Lambda entry point (`index.handler`): the WebSocket API's `watch` route. */
export const handler = async (event: unknown, context?: LambdaContext): Promise<WatchResponse> => wired()(event, context);
