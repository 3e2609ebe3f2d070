import type { CustomerNotification } from '../../events/contracts/customer-notification';

/** One notification type's e-mail: a subject, a plain-text body and an HTML body. */
export interface NotificationTemplate {
  subject(detail: CustomerNotification): string;
  text(detail: CustomerNotification): string;
  /** Every value from the detail must go through {@link escapeHtml}. */
  html(detail: CustomerNotification): string;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML: the detail comes from another system, so nothing in it may become markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** The HTML around every notification's body. */
export function htmlDocument(title: string, body: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    `<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>`,
    '<body style="font-family: sans-serif; line-height: 1.5">',
    body,
    '<p style="color: #666; font-size: smaller">Fakémon GO · this message was sent because of activity on your account.</p>',
    '</body>',
    '</html>',
  ].join('\n');
}
