import type { NotificationType } from '../../events/contracts/customer-notification';
import { passwordResetRequested } from './password-reset-requested';
import type { NotificationTemplate } from './template';
import { unrecognizedLogin } from './unrecognized-login';

export { escapeHtml, type NotificationTemplate } from './template';

/** One template per notification type of the contract: a type without a template does not compile. */
export const TEMPLATES: { readonly [T in NotificationType]: NotificationTemplate } = {
  'unrecognized-login': unrecognizedLogin,
  'password-reset-requested': passwordResetRequested,
};
