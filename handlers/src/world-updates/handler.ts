import type { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoDbClient } from '../adapters/dynamodb';
import { createManagementApiClient, managementApiPoster } from '../adapters/management-api';
import { WatchersStore } from '../adapters/watchers-store';
import { isContractViolation } from '../events/contract-violation';
import { parseAnyEvent } from '../events/envelope';
import { encodeMessage } from '../events/socket-messages';
import type { LambdaContext } from '../shared/lambda';
import { lazy } from '../shared/lazy';
import { createLogger, type Logger } from '../shared/logger';
import { Pusher, type DeliveryReport } from '../shared/push';
import { loadWorldUpdatesConfig, type WorldUpdatesConfig } from './config';
import { WORLD_EVENTS, worldUpdate } from './domain';

export { DeliveryError, type DeliveryReport } from '../shared/push';

export interface WorldUpdatesDeps {
  readonly dynamodb: DynamoDBClient;
  readonly managementApi: ApiGatewayManagementApiClient;
  readonly config: WorldUpdatesConfig;
  readonly logger?: Logger;
  /** Posts in flight at once. @default 25 */
  readonly concurrency?: number;
  /** Watcher entries read per Query page. @default 500 */
  readonly pageSize?: number;
}

export function makeHandler(deps: WorldUpdatesDeps): (event: unknown, context?: LambdaContext) => Promise<DeliveryReport> {
  const baseLogger = deps.logger ?? createLogger({ function: 'world-updates' });
  const watchers = new WatchersStore(deps.dynamodb, deps.config.watchersTable);
  const poster = managementApiPoster(deps.managementApi);

  return async (event, context) => {
    let log = baseLogger.child(context?.awsRequestId ? { awsRequestId: context.awsRequestId } : {});
    try {
      const parsed = parseAnyEvent(WORLD_EVENTS, event);
      log = log.child({ eventId: parsed.event.id, correlationId: parsed.event.id, detailType: parsed.event['detail-type'], fakemon: parsed.event.detail.fakemon });
      const update = worldUpdate(parsed);
      if (!update) {
        log.info('nothing to tell: the fakémon has no cell');
        return { sent: 0, gone: 0, failed: 0 };
      }
      const { cell } = update;
      const pusher = new Pusher(
        poster,
        deps.concurrency ?? 25,
        async (connectionId) => {
          // A watcher entry is written only after $connect completed, so a 410 means the connection is gone for good.
          try {
            await watchers.remove(cell, connectionId);
          } catch (error) {
            log.warn('could not remove a gone watcher (its TTL will)', { cell, connectionId, error });
          }
        },
        (connectionId, error) => log.warn('post to connection failed', { connectionId, error }),
      );
      const data = encodeMessage(update.message);
      for await (const page of watchers.watchersOf(cell, deps.pageSize)) await pusher.push(page, data);
      const report = pusher.report();
      log.info('world updated', { cell, change: update.message.change, ...report });
      return report;
    } catch (error) {
      log.error(isContractViolation(error) ? 'event rejected: contract violation' : 'world update failed', { error });
      throw error;
    }
  };
}

const wired = lazy(() => {
  const config = loadWorldUpdatesConfig();
  return makeHandler({
    dynamodb: createDynamoDbClient(),
    managementApi: createManagementApiClient(config.websocketManagementEndpoint),
    config,
  });
});

/** The Lambda entry point (`index.handler`): a change of the world → the connections watching its neighbourhood. */
export const handler = async (event: unknown, context?: LambdaContext): Promise<DeliveryReport> => wired()(event, context);
