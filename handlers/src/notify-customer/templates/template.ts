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

/** What an account-activity notice says: what happened, and what to do about it (plain text and HTML). */
export interface AccountActivityNotice {
  readonly subject: string;
  /** One sentence: what happened on the account. */
  readonly happened: string;
  /** What the customer should do, as plain text. */
  readonly advice: string;
  /** The same advice as HTML (static markup: it holds nothing from the detail). @default the escaped `advice` */
  readonly adviceHtml?: string;
}

/** A notice of activity on the account: greeting, what happened, where it came from (IP address, location), advice. */
export function accountActivityTemplate(notice: AccountActivityNotice): NotificationTemplate {
  const { subject, happened, advice } = notice;
  return {
    subject: () => subject,
    text: (d) =>
      ['Hello,', '', happened, '', `  IP address: ${d['ip-address']}`, `  Location:   ${d.location}`, '', advice, '', '— The Fakémon GO team'].join('\n'),
    html: (d) =>
      htmlDocument(
        subject,
        [
          '<p>Hello,</p>',
          `<p>${escapeHtml(happened)}</p>`,
          '<table>',
          `<tr><th align="left">IP address</th><td>${escapeHtml(d['ip-address'])}</td></tr>`,
          `<tr><th align="left">Location</th><td>${escapeHtml(d.location)}</td></tr>`,
          '</table>',
          `<p>${notice.adviceHtml ?? escapeHtml(advice)}</p>`,
          '<p>— The Fakémon GO team</p>',
        ].join('\n'),
      ),
  };
}
