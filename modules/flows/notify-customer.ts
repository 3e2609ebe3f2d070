import { TABLES } from '../../handlers/src/shared/tables';
import { defineFlow } from '../flow/flow-definition';

/**
 * notify-customer (made with `npm run new:handler`, then filled in): the monolith puts `Customer Notification`
 * (source `com.example.monolith`, the recipient in `resources`) on the bus; a rule invokes notify-customer, which
 * renders the notification type's template (text and HTML) and sends it with SES from the environment's sender
 * identity. The road gives it a dead-letter queue, the environment's retry policy, Lambda's asynchronous retries, a
 * log group and alarms.
 */
export const notifyCustomerFlow = defineFlow({
  name: 'notify-customer',
  description: 'Customer Notification events from the monolith sent as e-mail to the customer',
  contracts: ['customerNotification'],
  emailIdentities: { sender: ({ config }) => config.email.sender },
  tables: { notifications: TABLES.notifications },
  functions: {
    'notify-customer': {
      environment: ({ emailIdentities, tables }) => ({ SENDER_ADDRESS: emailIdentities.sender.identity, NOTIFICATIONS_TABLE: tables.notifications.name }),
      statements: ({ emailIdentities, tables }) => [
        {
          sid: 'SendFromTheSenderIdentity',
          actions: ['ses:SendEmail'],
          resources: [emailIdentities.sender.arn],
          condition: { StringEquals: { 'ses:FromAddress': emailIdentities.sender.identity } },
        },
        { sid: 'RememberSentNotifications', actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], resources: [tables.notifications.arn] },
      ],
    },
  },
  rules: {
    notify_customer: {
      description: 'Customer Notification events go to the notify-customer function (not replayed: e-mails reach customers)',
      events: ['customerNotification'],
      replayed: false,
      targets: [{ function: 'notify-customer' }],
    },
  },
  outputs: ({ emailIdentities }) => ({ notification_sender: emailIdentities.sender.identity }),
});
