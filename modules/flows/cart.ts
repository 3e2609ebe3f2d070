import { apiBodies } from '../../handlers/src/events/api-bodies';
import { CART_ID_PATTERN } from '../../handlers/src/events/primitives';
import { TABLES } from '../../handlers/src/shared/tables';
import { defineFlow } from '../flow/flow-definition';

const CART_ID = { cartId: CART_ID_PATTERN };

/**
 * The shopping-cart reminder: `POST /carts/{cartId}/items` and `/checkout` put events straight on the bus; the
 * cart-reminder function keeps one one-time EventBridge Scheduler schedule per cart (created or moved later on
 * `cart.item_added`, deleted on `cart.checked_out`, which it remembers per cart with a TTL so that an item event
 * delivered after its cart's checkout creates nothing); when it fires, Scheduler puts `cart.reminder_due` on the bus,
 * and a rule sends it to the `cart-reminders` queue the e-mail service reads.
 */
export const cartFlow = defineFlow({
  name: 'cart',
  description: 'One pending reminder per cart, cancelled by checkout, delivered to the e-mail service inbox',
  contracts: ['cartItemAdded', 'cartCheckedOut', 'cartReminderDue'],
  tables: { checkouts: TABLES.checkouts },
  queues: {
    'reminders-dlq': { name: 'cart-reminders-dlq', kind: 'dead-letter' },
    reminders: { name: 'cart-reminders', kind: 'inbox', visibilityTimeoutSeconds: 60, redrive: { deadLetterQueue: 'reminders-dlq', maxReceiveCount: 5 } },
    'schedule-dlq': { name: 'cart-reminder-schedules-dlq', kind: 'dead-letter' },
  },
  scheduleGroups: {
    cart_reminders: { name: 'cart-reminders', runtimeSchedules: { schedulerRoleName: 'cart-reminder-scheduler', deadLetterQueue: 'schedule-dlq' } },
  },
  functions: {
    'cart-reminder': {
      reservesConcurrency: true,
      environment: ({ config, bus, queues, scheduleGroups, tables }) => ({
        SCHEDULE_GROUP_NAME: scheduleGroups.cart_reminders.name,
        REMINDER_DELAY_SECONDS: String(config.cart.reminderDelaySeconds),
        EVENT_BUS_ARN: bus.arn,
        SCHEDULER_ROLE_ARN: String(scheduleGroups.cart_reminders.schedulerRoleArn),
        SCHEDULE_DLQ_ARN: queues['schedule-dlq'].arn,
        SCHEDULE_MAX_RETRY_ATTEMPTS: String(config.retryPolicy.maximumRetryAttempts),
        SCHEDULE_MAX_EVENT_AGE_SECONDS: String(config.retryPolicy.maximumEventAgeSeconds),
        CHECKOUTS_TABLE: tables.checkouts.name,
      }),
      statements: ({ scheduleGroups, tables }) => [
        { sid: 'RememberCheckouts', actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], resources: [tables.checkouts.arn] },
        {
          sid: 'ManageCartReminderSchedules',
          actions: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:GetSchedule', 'scheduler:DeleteSchedule'],
          resources: [scheduleGroups.cart_reminders.scheduleArns],
        },
        {
          sid: 'PassSchedulerRole',
          actions: ['iam:PassRole'],
          resources: [String(scheduleGroups.cart_reminders.schedulerRoleArn)],
          condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
        },
      ],
    },
  },
  rules: {
    cart_activity: {
      description: 'Cart activity keeps one reminder schedule per cart (not replayed: reminders reach customers)',
      events: ['cartItemAdded', 'cartCheckedOut'],
      replayed: false,
      targets: [{ function: 'cart-reminder' }],
    },
    cart_reminder_due: {
      description: 'Due reminders go to the e-mail service inbox (not replayed: e-mails are not idempotent)',
      events: ['cartReminderDue'],
      replayed: false,
      targets: [{ queue: 'reminders', name: 'cart-reminders' }],
    },
  },
  routes: [
    {
      path: 'carts/{cartId}/items',
      event: 'cartItemAdded',
      body: apiBodies.cartItem,
      pathParameters: CART_ID,
      callerField: 'user',
      acceptedBody: '{"message":"message received","eventId":"$eventId"}',
    },
    {
      path: 'carts/{cartId}/checkout',
      event: 'cartCheckedOut',
      body: apiBodies.checkout,
      pathParameters: CART_ID,
      callerField: 'user',
      acceptedBody: '{"message":"message received","eventId":"$eventId"}',
    },
  ],
  outputs: ({ queues, scheduleGroups }) => ({
    cart_reminders_queue_url: queues.reminders.url,
    cart_reminder_schedule_group: scheduleGroups.cart_reminders.name,
  }),
});
