import { escapeHtml, htmlDocument, type NotificationTemplate } from './template';

const SUBJECT = 'New sign-in to your Fakémon GO account';

/** `unrecognized-login`: someone signed in from a device or place the account has not seen before. */
export const unrecognizedLogin: NotificationTemplate = {
  subject: () => SUBJECT,
  text: (d) =>
    [
      'Hello,',
      '',
      'Your Fakémon GO account was just signed in to from a device we do not recognize.',
      '',
      `  IP address: ${d['ip-address']}`,
      `  Location:   ${d.location}`,
      '',
      'If this was you, there is nothing to do. If it was not, change your password now and sign out of every device.',
      '',
      '— The Fakémon GO team',
    ].join('\n'),
  html: (d) =>
    htmlDocument(
      SUBJECT,
      [
        '<p>Hello,</p>',
        '<p>Your Fakémon GO account was just signed in to from a device we do not recognize.</p>',
        '<table>',
        `<tr><th align="left">IP address</th><td>${escapeHtml(d['ip-address'])}</td></tr>`,
        `<tr><th align="left">Location</th><td>${escapeHtml(d.location)}</td></tr>`,
        '</table>',
        '<p>If this was you, there is nothing to do. If it was not, <strong>change your password now</strong> and sign out of every device.</p>',
        '<p>— The Fakémon GO team</p>',
      ].join('\n'),
    ),
};
