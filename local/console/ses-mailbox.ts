/** The local SES's mailbox as the console sees it (the same messages `GET /_aws/ses` lists). */
import type { Mailbox as SesMailbox } from '../ses/mailbox';
import type { SentEmail } from '../ses/model';
import type { Mailbox } from './mailbox';
import type { MailMessage } from './shared/api';

const toMailMessage = (m: SentEmail): MailMessage => ({
  id: m.Id,
  timestamp: m.Timestamp,
  source: m.From || m.Source,
  to: [...(m.Destination.ToAddresses ?? []), ...(m.Destination.CcAddresses ?? []), ...(m.Destination.BccAddresses ?? [])],
  subject: m.Subject ?? '',
  ...(m.Body.text_part !== null ? { text: m.Body.text_part } : {}),
  ...(m.Body.html_part !== null ? { html: m.Body.html_part } : {}),
});

/** Adapts the local SES's mailbox; a clear from the console notifies the page like a new message does. */
export function sesMailbox(mailbox: SesMailbox): Mailbox {
  const clearListeners = new Set<() => void>();
  return {
    list: () => mailbox.list().map(toMailMessage),
    clear: () => {
      mailbox.clear();
      for (const listener of clearListeners) listener();
    },
    subscribe: (listener) => {
      const stop = mailbox.subscribe(() => listener());
      clearListeners.add(listener);
      return () => {
        stop();
        clearListeners.delete(listener);
      };
    },
  };
}
