import { defineFlow } from '../flow/flow-definition';

/**
 * notify-customer: `Customer Notification` events from `com.example.monolith` go to the notify-customer function. The road gives it a
 * dead-letter queue, the environment's retry policy, Lambda's asynchronous retries, a log group and alarms.
 */
export const notifyCustomerFlow = defineFlow({
  name: 'notify-customer',
  description: 'Customer Notification events from com.example.monolith handled by the notify-customer function',
  contracts: ['customerNotification'],
  functions: {
    // Add environment variables and exactly the IAM statements the function needs, e.g.
    // statements: ({ tables }) => [{ sid: 'ReadThings', actions: ['dynamodb:GetItem'], resources: [tables.things.arn] }],
    'notify-customer': {},
  },
  rules: {
    notify_customer: {
      description: 'Customer Notification events go to the notify-customer function (not replayed: say replayed: true once the function is idempotent)',
      events: ['customerNotification'],
      replayed: false,
      targets: [{ function: 'notify-customer' }],
    },
  },
});
