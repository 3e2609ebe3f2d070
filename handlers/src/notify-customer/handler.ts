import { isContractViolation } from '../events/contract-violation';
import { parseEvent } from '../events/envelope';
import type { LambdaContext } from '../shared/lambda';
import { lazy } from '../shared/lazy';
import { createLogger, type Logger } from '../shared/logger';
import { loadNotifyCustomerConfig, type NotifyCustomerConfig } from './config';
import { decide, type NotifyCustomerOutcome } from './domain';

export interface NotifyCustomerDeps {
  readonly config: NotifyCustomerConfig;
  readonly logger?: Logger;
}

/**
 * The notify-customer function: parses the `Customer Notification` event with its contract, decides with the pure domain
 * logic and logs the outcome. A contract violation is logged and thrown: after Lambda's retries the event lands in
 * the function's dead-letter queue, never silently dropped. Safe to run twice on the same event (EventBridge
 * delivers at least once).
 */
export function makeHandler(deps: NotifyCustomerDeps): (event: unknown, context?: LambdaContext) => Promise<NotifyCustomerOutcome> {
  const baseLogger = deps.logger ?? createLogger({ function: 'notify-customer', level: deps.config.logLevel });
  return async (event, context) => {
    let log = baseLogger.child(context?.awsRequestId ? { awsRequestId: context.awsRequestId } : {});
    try {
      const parsed = parseEvent('customerNotification', event);
      log = log.child({ eventId: parsed.id });
      const outcome = decide(parsed.detail);
      log.info('Customer Notification handled', { outcome });
      return outcome;
    } catch (error) {
      log.error(isContractViolation(error) ? 'event rejected: contract violation' : 'Customer Notification failed', { error });
      throw error;
    }
  };
}

const wired = lazy(() => makeHandler({ config: loadNotifyCustomerConfig() }));

/** The Lambda entry point (`index.handler`): `Customer Notification` events from the bus. */
export const handler = async (event: unknown, context?: LambdaContext): Promise<NotifyCustomerOutcome> => wired()(event, context);
