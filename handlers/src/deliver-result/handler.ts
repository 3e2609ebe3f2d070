import type { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConnectionsStore } from '../adapters/connections-store';
import { createDynamoDbClient } from '../adapters/dynamodb';
import { createManagementApiClient, managementApiPoster } from '../adapters/management-api';
import { isContractViolation } from '../events/contract-violation';
import { parseAnyEvent } from '../events/envelope';
import { encodeMessage } from '../events/socket-messages';
import { systemClock, type Clock } from '../shared/clock';
import type { LambdaContext } from '../shared/lambda';
import { lazy } from '../shared/lazy';
import { createLogger, type Logger } from '../shared/logger';
import { Pusher, type DeliveryReport } from '../shared/push';
import { loadDeliverResultConfig, type DeliverResultConfig } from './config';
import { RESULT_EVENTS, resultMessage, staleCutoff } from './domain';

export { DeliveryError, type DeliveryReport } from '../shared/push';

export interface DeliverResultDeps {
  readonly dynamodb: DynamoDBClient;
  readonly managementApi: ApiGatewayManagementApiClient;
  readonly config: DeliverResultConfig;
  readonly logger?: Logger;
  /** @default system clock */
  readonly clock?: Clock;
  /** Posts in flight at once. @default 10 */
  readonly concurrency?: number;
}

export function makeHandler(deps: DeliverResultDeps): (event: unknown, context?: LambdaContext) => Promise<DeliveryReport> {
  const baseLogger = deps.logger ?? createLogger({ function: 'deliver-result' });
  const store = new ConnectionsStore(deps.dynamodb, deps.config.connectionsTable, deps.config.connectionsByPlayerIndex);
  const poster = managementApiPoster(deps.managementApi);
  const clock = deps.clock ?? systemClock;

  return async (event, context) => {
    let log = baseLogger.child(context?.awsRequestId ? { awsRequestId: context.awsRequestId } : {});
    try {
      const parsed = parseAnyEvent(RESULT_EVENTS, event);
      const { attemptId, fakemon } = parsed.event.detail;
      log = log.child({ eventId: parsed.event.id, correlationId: attemptId, attemptId, detailType: parsed.event['detail-type'], fakemon });
      const { player, message } = resultMessage(parsed);
      const pusher = new Pusher(
        poster,
        deps.concurrency ?? 10,
        async (connectionId) => {
          try {
            const removed = await store.deleteIfConnectedBefore(connectionId, staleCutoff(clock()));
            log.info(removed ? 'stale connection removed' : 'connection still connecting: record kept', { connectionId });
          } catch (error) {
            // Not worth a retry of the whole delivery: the record's TTL removes it anyway.
            log.warn('could not remove stale connection', { connectionId, error });
          }
        },
        (connectionId, error) => log.warn('post to connection failed', { connectionId, error }),
      );
      await pusher.push(await store.connectionIdsOf(player), encodeMessage(message));
      const report = pusher.report();
      log.info('result delivered', { player, ...report });
      return report;
    } catch (error) {
      log.error(isContractViolation(error) ? 'event rejected: contract violation' : 'result delivery failed', { error });
      throw error;
    }
  };
}

const wired = lazy(() => {
  const config = loadDeliverResultConfig();
  return makeHandler({
    dynamodb: createDynamoDbClient(),
    managementApi: createManagementApiClient(config.websocketManagementEndpoint),
    config,
  });
});

/** The Lambda entry point (`index.handler`): a player's capture result → its WebSocket connections. */
export const handler = async (event: unknown, context?: LambdaContext): Promise<DeliveryReport> => wired()(event, context);
