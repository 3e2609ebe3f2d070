/**
 * What notify-customer decides for one `Customer Notification` event, free of I/O: the handler parses the event, calls
 * this, and performs what it returns. Replace the summary with the flow's logic and keep it pure.
 */
import type { CustomerNotification } from '../events/contracts/customer-notification';

/** The outcome of one event. */
export interface NotifyCustomerOutcome {
  readonly detailType: 'Customer Notification';
  /** The detail's fields as `name=value`, in the contract's order. */
  readonly summary: string;
}

/** Decides what to do with the detail of one event. */
export function decide(detail: CustomerNotification): NotifyCustomerOutcome {
  const summary = Object.entries(detail)
    .map(([field, value]) => `${field}=${Array.isArray(value) ? value.join(',') : String(value)}`)
    .join(' ');
  return { detailType: 'Customer Notification', summary };
}
