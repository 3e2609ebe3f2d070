/**
 * The console's view of the local SES mailbox (`/_aws/ses`). The console depends only on this interface; the
 * runtime passes the local SES's implementation when it has one, and the page shows an empty state otherwise.
 */
import type { MailMessage } from './shared/api';

export interface Mailbox {
  /** The e-mails SES accepted, oldest first. */
  list(): Promise<readonly MailMessage[]> | readonly MailMessage[];
  /** Forgets every e-mail. */
  clear(): Promise<void> | void;
  /** Calls `listener` after each e-mail SES accepts (or after a clear); returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}
