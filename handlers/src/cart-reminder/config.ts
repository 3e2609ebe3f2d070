import { readConfig, type Env } from '../shared/config';

export interface CartReminderConfig {
  /** The schedule group holding one reminder schedule per cart. */
  readonly scheduleGroupName: string;
  /** Reminder delay after the item was added (from the event time). @default 86400 */
  readonly reminderDelaySeconds: number;
  /** The bus the schedule puts `cart.reminder_due` on. */
  readonly eventBusArn: string;
  /** Role EventBridge Scheduler assumes (events:PutEvents on the bus, sqs:SendMessage on the DLQ). */
  readonly schedulerRoleArn: string;
  /** Dead-letter queue of the schedules. */
  readonly scheduleDlqArn: string;
  /** 0–185. @default 185 */
  readonly scheduleMaxRetryAttempts: number;
  /** 60–86400. @default 86400 */
  readonly scheduleMaxEventAgeSeconds: number;
  /** The table of the carts' latest checkouts. */
  readonly checkoutsTable: string;
}

export function loadCartReminderConfig(env: Env = process.env): CartReminderConfig {
  return readConfig('cart-reminder', env, (r) => ({
    scheduleGroupName: r.string('SCHEDULE_GROUP_NAME'),
    reminderDelaySeconds: r.integer('REMINDER_DELAY_SECONDS', { min: 60, default: 86400 }),
    eventBusArn: r.arn('EVENT_BUS_ARN'),
    schedulerRoleArn: r.arn('SCHEDULER_ROLE_ARN'),
    scheduleDlqArn: r.arn('SCHEDULE_DLQ_ARN'),
    scheduleMaxRetryAttempts: r.integer('SCHEDULE_MAX_RETRY_ATTEMPTS', { min: 0, max: 185, default: 185 }),
    scheduleMaxEventAgeSeconds: r.integer('SCHEDULE_MAX_EVENT_AGE_SECONDS', { min: 60, max: 86400, default: 86400 }),
    checkoutsTable: r.string('CHECKOUTS_TABLE'),
  }));
}
