import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { createDynamoDbClient } from '../adapters/dynamodb';
import { createSesClient, sesEmailSender, type EmailSender } from '../adapters/email-sender';
import { SentNotifications } from '../adapters/sent-notifications';
import { isContractViolation } from '../events/contract-violation';
import { parseEvent } from '../events/envelope';
import { systemClock, type Clock } from '../shared/clock';
import type { LambdaContext } from '../shared/lambda';
import { lazy } from '../shared/lazy';
import { createLogger, type Logger } from '../shared/logger';
import { loadNotifyCustomerConfig, type NotifyCustomerConfig } from './config';
import { renderNotification, sentRecordExpiry } from './domain';

export interface NotifyCustomerDeps {
  readonly config: NotifyCustomerConfig;
  readonly ses: SESv2Client;
  readonly dynamodb: DynamoDBClient;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/** What happened to one event's e-mail. */
export interface NotifyCustomerResult {
  /** `sent`, or `already_sent` for a redelivered event whose e-mail went out before. */
  readonly action: 'sent' | 'already_sent';
  readonly notification: string;
  readonly messageId: string;
}

export function makeHandler(deps: NotifyCustomerDeps): (event: unknown, context?: LambdaContext) => Promise<NotifyCustomerResult> {
  return makeHandlerWith({ ...deps, sender: sesEmailSender(deps.ses), sent: new SentNotifications(deps.dynamodb, deps.config.notificationsTable) });
}

/**
 * Same as {@link makeHandler} with the e-mail I/O injected. The `Customer Notification` event is parsed with its
 * contract — an unknown notification type or a recipient that is not exactly one e-mail address is a contract
 * violation, thrown after logging (nothing is sent; after Lambda's retries the event is in the function's DLQ) —
 * then rendered with its type's template and sent from the environment's sender identity. A redelivered event
 * whose e-mail was sent sends nothing (the sent record is written after SES accepted the e-mail; a crash between
 * the two can still send twice, which at-least-once delivery allows).
 */
export function makeHandlerWith(
  deps: Omit<NotifyCustomerDeps, 'ses' | 'dynamodb'> & { readonly sender: EmailSender; readonly sent: SentNotifications },
): (event: unknown, context?: LambdaContext) => Promise<NotifyCustomerResult> {
  const clock = deps.clock ?? systemClock;
  const baseLogger = deps.logger ?? createLogger({ function: 'notify-customer' });
  const { config, sender, sent } = deps;
  return async (event, context) => {
    let log = baseLogger.child(context?.awsRequestId ? { awsRequestId: context.awsRequestId } : {});
    try {
      const parsed = parseEvent('customerNotification', event);
      const [recipient] = parsed.resources as readonly string[];
      const { notification } = parsed.detail;
      log = log.child({ eventId: parsed.id, correlationId: parsed.id, notification });
      const previous = await sent.find(parsed.id);
      if (previous) {
        log.info('notification already sent', { messageId: previous.messageId });
        return { action: 'already_sent', notification, messageId: previous.messageId };
      }
      const email = renderNotification(parsed.detail, recipient);
      const messageId = await sender.send({ ...email, from: config.senderAddress });
      await sent.record({ eventId: parsed.id, messageId, recipient, notification }, sentRecordExpiry(clock(), config.sentRecordTtlSeconds));
      log.info('notification sent', { messageId });
      return { action: 'sent', notification, messageId };
    } catch (error) {
      log.error(isContractViolation(error) ? 'event rejected: contract violation' : 'notification failed', { error });
      throw error;
    }
  };
}

const wired = lazy(() => makeHandler({ config: loadNotifyCustomerConfig(), ses: createSesClient(), dynamodb: createDynamoDbClient() }));

/** The Lambda entry point (`index.handler`): `Customer Notification` events from the bus. */
export const handler = async (event: unknown, context?: LambdaContext): Promise<NotifyCustomerResult> => wired()(event, context);
