import type { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConnectionsStore } from '../adapters/connections-store';
import { createDynamoDbClient } from '../adapters/dynamodb';
import { createManagementApiClient, managementApiPoster } from '../adapters/management-api';
import { isContractViolation } from '../events/contract-violation';
import { parseAnyEvent } from '../events/envelope';
import { settleWithConcurrency } from '../shared/concurrency';
import type { LambdaContext } from '../shared/lambda';
import { lazy } from '../shared/lazy';
import { createLogger, type Logger } from '../shared/logger';
import { loadNotifyConfig, type NotifyConfig } from './config';
import { NOTIFY_EVENTS, encodeMessage, planNotifications, staleCutoff, type PlayerMessage } from './domain';
import { systemClock, type Clock } from '../shared/clock';

export interface NotifyDeps {
  readonly dynamodb: DynamoDBClient;
  readonly managementApi: ApiGatewayManagementApiClient;
  readonly config: NotifyConfig;
  readonly logger?: Logger;
  /** @default system clock */
  readonly clock?: Clock;
  /** Posts in flight at once. @default 25 */
  readonly concurrency?: number;
  /** Connections read per Scan page for broadcasts. @default 500 */
  readonly scanPageSize?: number;
}

export interface DeliveryReport {
  readonly sent: number;
  /** Connections that answered 410 Gone (their records were deleted unless still connecting). */
  readonly gone: number;
  readonly failed: number;
}

/** Some posts failed for another reason than Gone; thrown after every post was attempted. */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    readonly report: DeliveryReport,
    readonly failures: readonly { connectionId: string; error: unknown }[],
  ) {
    super(`${report.failed} of ${report.sent + report.gone + report.failed} WebSocket posts failed`);
  }
}

export function makeHandler(deps: NotifyDeps): (event: unknown, context?: LambdaContext) => Promise<DeliveryReport> {
  const baseLogger = deps.logger ?? createLogger({ function: 'notify' });
  const store = new ConnectionsStore(deps.dynamodb, deps.config.connectionsTable, deps.config.connectionsByPlayerIndex);
  const poster = managementApiPoster(deps.managementApi);
  const concurrency = deps.concurrency ?? 25;
  const clock = deps.clock ?? systemClock;

  return async (event, context) => {
    let log = baseLogger.child(context?.awsRequestId ? { awsRequestId: context.awsRequestId } : {});
    try {
      const parsed = parseAnyEvent(NOTIFY_EVENTS, event);
      const detail = parsed.event.detail as { attemptId?: string; fakemon: string };
      log = log.child({
        eventId: parsed.event.id,
        correlationId: detail.attemptId ?? parsed.event.id,
        detailType: parsed.event['detail-type'],
        fakemon: detail.fakemon,
        ...(detail.attemptId ? { attemptId: detail.attemptId } : {}),
      });
      const plan = planNotifications(parsed);
      let sent = 0;
      let gone = 0;
      const failures: { connectionId: string; error: unknown }[] = [];

      const deliver = async (connectionIds: readonly string[], message: PlayerMessage): Promise<void> => {
        const data = encodeMessage(message);
        const results = await settleWithConcurrency(connectionIds, concurrency, (id) => poster.post(id, data));
        await Promise.all(
          results.map(async (result, i) => {
            const connectionId = connectionIds[i] as string;
            if (result.status === 'rejected') {
              failures.push({ connectionId, error: result.reason });
              log.warn('post to connection failed', { connectionId, error: result.reason });
            } else if (result.value === 'gone') {
              gone++;
              try {
                const removed = await store.deleteIfConnectedBefore(connectionId, staleCutoff(clock()));
                log.info(removed ? 'stale connection removed' : 'connection still connecting: record kept', { connectionId });
              } catch (error) {
                // Not worth a retry of the whole notification: the record's TTL removes it anyway.
                log.warn('could not remove stale connection', { connectionId, error });
              }
            } else {
              sent++;
            }
          }),
        );
      };

      if (plan.toPlayer) {
        const ids = await store.connectionIdsOf(plan.toPlayer.player);
        await deliver(ids, plan.toPlayer.message);
      }
      if (plan.broadcast) {
        for await (const page of store.allConnectionIds(deps.scanPageSize)) await deliver(page, plan.broadcast);
      }
      const report: DeliveryReport = { sent, gone, failed: failures.length };
      if (failures.length > 0) throw new DeliveryError(report, failures);
      log.info('notified', { ...report });
      return report;
    } catch (error) {
      log.error(isContractViolation(error) ? 'event rejected: contract violation' : 'notification failed', { error });
      throw error;
    }
  };
}

const wired = lazy(() => {
  const config = loadNotifyConfig();
  return makeHandler({
    dynamodb: createDynamoDbClient(),
    managementApi: createManagementApiClient(config.websocketManagementEndpoint),
    config,
  });
});

/** The Lambda entry point (`index.handler`): capture results and world changes → WebSocket pushes. */
export const handler = async (event: unknown, context?: LambdaContext): Promise<DeliveryReport> => wired()(event, context);
