import { accountActivityTemplate } from './template';

/** `password-reset-requested`: someone asked to reset the account's password. */
export const passwordResetRequested = accountActivityTemplate({
  subject: 'Password reset requested for your Fakémon GO account',
  happened: 'Someone asked to reset the password of your Fakémon GO account.',
  advice: 'If this was not you, ignore this message: your password stays as it is.',
});
