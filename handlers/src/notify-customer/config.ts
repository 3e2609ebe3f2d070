import { readConfig, type Env } from '../shared/config';

/** The settings of notify-customer, read once from its environment (set by modules/flows/notify-customer.ts). */
export interface NotifyCustomerConfig {
  /** The address e-mails are sent from: the environment's SES identity (`SENDER_ADDRESS`). */
  readonly senderAddress: string;
  /** The table of sent notifications, by event id (`NOTIFICATIONS_TABLE`). */
  readonly notificationsTable: string;
  /**
   * Seconds a sent notification is remembered (`SENT_RECORD_TTL_SECONDS`): longer than any redelivery, retry or
   * redrive of the event. @default 604800 (7 days)
   */
  readonly sentRecordTtlSeconds: number;
}

export function loadNotifyCustomerConfig(env: Env = process.env): NotifyCustomerConfig {
  return readConfig('notify-customer', env, (r) => ({
    senderAddress: r.email('SENDER_ADDRESS'),
    notificationsTable: r.string('NOTIFICATIONS_TABLE'),
    sentRecordTtlSeconds: r.integer('SENT_RECORD_TTL_SECONDS', { min: 3600, default: 604_800 }),
  }));
}
