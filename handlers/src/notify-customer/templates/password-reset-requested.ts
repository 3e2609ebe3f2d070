import { escapeHtml, htmlDocument, type NotificationTemplate } from './template';

const SUBJECT = 'Password reset requested for your Fakémon GO account';

/** `password-reset-requested`: someone asked to reset the account's password. */
export const passwordResetRequested: NotificationTemplate = {
  subject: () => SUBJECT,
  text: (d) =>
    [
      'Hello,',
      '',
      'Someone asked to reset the password of your Fakémon GO account.',
      '',
      `  IP address: ${d['ip-address']}`,
      `  Location:   ${d.location}`,
      '',
      'If this was not you, ignore this message: your password stays as it is.',
      '',
      '— The Fakémon GO team',
    ].join('\n'),
  html: (d) =>
    htmlDocument(
      SUBJECT,
      [
        '<p>Hello,</p>',
        '<p>Someone asked to reset the password of your Fakémon GO account.</p>',
        '<table>',
        `<tr><th align="left">IP address</th><td>${escapeHtml(d['ip-address'])}</td></tr>`,
        `<tr><th align="left">Location</th><td>${escapeHtml(d.location)}</td></tr>`,
        '</table>',
        '<p>If this was not you, ignore this message: your password stays as it is.</p>',
        '<p>— The Fakémon GO team</p>',
      ].join('\n'),
    ),
};
