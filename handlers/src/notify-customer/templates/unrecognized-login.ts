import { accountActivityTemplate } from './template';

/** `unrecognized-login`: someone signed in from a device or place the account has not seen before. */
export const unrecognizedLogin = accountActivityTemplate({
  subject: 'New sign-in to your Fakémon GO account',
  happened: 'Your Fakémon GO account was just signed in to from a device we do not recognize.',
  advice: 'If this was you, there is nothing to do. If it was not, change your password now and sign out of every device.',
  adviceHtml: 'If this was you, there is nothing to do. If it was not, <strong>change your password now</strong> and sign out of every device.',
});
