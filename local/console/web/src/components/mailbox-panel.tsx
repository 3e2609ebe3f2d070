import { useEffect, useState } from 'preact/hooks';
import type { MailboxView } from '../../../shared/api';
import { deleteJson, getJson } from '../api';
import { dateTimeOf } from '../format';

/** The e-mails the local SES accepted, newest first; an empty state when this runtime has no local SES. */
export function MailboxPanel({ version }: { version: number }) {
  const [mailbox, setMailbox] = useState<MailboxView>();
  const [error, setError] = useState<string>();
  const load = (): void => {
    getJson<MailboxView>('mailbox').then(setMailbox, (e: Error) => setError(e.message));
  };
  useEffect(load, [version]);

  if (error) return <p class="error-text">{error}</p>;
  if (!mailbox) return <p class="muted">Loading…</p>;
  if (!mailbox.available) {
    return (
      <section class="card empty-state" data-testid="mailbox-unavailable">
        <h2>No mailbox</h2>
        <p class="muted">
          This runtime has no local SES, so no e-mail is captured. When it has one, every e-mail sent through SES shows up here as it is sent (the same
          messages as <code>GET /_aws/ses</code>).
        </p>
      </section>
    );
  }
  const messages = [...mailbox.messages].reverse();
  return (
    <section class="card" data-testid="mailbox">
      <div class="card-head">
        <h2>
          Mailbox <span class="muted">({messages.length})</span>
        </h2>
        <button type="button" class="ghost small" disabled={messages.length === 0} onClick={() => void deleteJson('mailbox').then(load)} data-testid="mailbox-clear">
          Clear
        </button>
      </div>
      {messages.length === 0 ? <p class="empty">No e-mail yet.</p> : null}
      {messages.map((m) => (
        <article key={m.id} class="mail" data-testid="mail">
          <header>
            <strong>{m.subject}</strong>
            <span class="muted small">{dateTimeOf(m.timestamp)}</span>
          </header>
          <p class="small muted">
            from {m.source} to {m.to.join(', ')}
          </p>
          {m.text ? <pre class="mail-body">{m.text}</pre> : m.html ? <iframe class="mail-html" sandbox="" srcdoc={m.html} title={m.subject} /> : null}
        </article>
      ))}
    </section>
  );
}
