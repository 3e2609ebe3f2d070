/**
 * What notify-customer sends for one `Customer Notification`, free of I/O: the recipient from the event's resources
 * (the contract admits exactly one address) and the e-mail rendered from the notification type's template.
 */
import type { CustomerNotification } from '../events/contracts/customer-notification';
import { TEMPLATES } from './templates';

/** An e-mail ready to send. */
export interface RenderedEmail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Renders the notification for `recipient` with its type's template. */
export function renderNotification(detail: CustomerNotification, recipient: string): RenderedEmail {
  const template = TEMPLATES[detail.notification];
  return { to: recipient, subject: template.subject(detail), text: template.text(detail), html: template.html(detail) };
}

/** When the record that an event's e-mail was sent may go (its TTL). */
export function sentRecordExpiry(sentAt: Date, ttlSeconds: number): Date {
  return new Date(sentAt.getTime() + ttlSeconds * 1000);
}
