import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { DeadLetterMessage, DeadLetterQueueView, RedriveResult } from '../../../shared/api';
import { getJson, postJson } from '../api';
import { dateTimeOf, shortArn, withoutPrefix } from '../format';

function sourceText(message: DeadLetterMessage, stackName: string): string {
  const s = message.source;
  switch (s.kind) {
    case 'rule':
      return `rule ${shortArn(s.ruleArn)}${s.targetArn ? ` → ${withoutPrefix(shortArn(s.targetArn), stackName)}` : ''}`;
    case 'function':
      return `function ${withoutPrefix(shortArn(s.functionArn), stackName)}${s.condition ? ` (${s.condition})` : ''}`;
    case 'schedule':
      return `schedule ${s.scheduleArn.split('/').slice(-2).join('/')}`;
    case 'queue':
      return `queue ${withoutPrefix(shortArn(s.sourceQueueArn), stackName)} (too many receives)`;
    default:
      return 'unknown';
  }
}

/** A message body, indented when it is JSON. */
function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** The stack's dead-letter queues, their messages with the error attributes, and a redrive button for each. */
export function DeadLettersPanel({ version, onOpenEvent, stackName }: { version: number; onOpenEvent: (key: string) => void; stackName: string }) {
  const [queues, setQueues] = useState<readonly DeadLetterQueueView[]>();
  const [error, setError] = useState<string>();
  const [results, setResults] = useState<Record<string, RedriveResult | { error: string } | 'running'>>({});
  const load = (): void => {
    getJson<DeadLetterQueueView[]>('dead-letter-queues').then(setQueues, (e: Error) => setError(e.message));
  };
  useEffect(load, [version]);

  const redrive = async (queue: DeadLetterQueueView): Promise<void> => {
    setResults((r) => ({ ...r, [queue.name]: 'running' }));
    try {
      const result = await postJson<RedriveResult>(`dead-letter-queues/${encodeURIComponent(queue.name)}/redrive`);
      setResults((r) => ({ ...r, [queue.name]: result }));
    } catch (e) {
      setResults((r) => ({ ...r, [queue.name]: { error: (e as Error).message } }));
    }
    load();
  };

  if (error) return <p class="error-text">{error}</p>;
  if (!queues) return <p class="muted">Loading…</p>;
  const full = queues.filter((q) => q.messages.length > 0 || results[q.name]);
  const empty = queues.filter((q) => !full.includes(q));

  return (
    <div class="panel-stack" data-testid="dead-letters">
      <section class="card intro">
        <h2>Dead-letter queues</h2>
        <p class="muted">
          Messages are read in place (not received): their receive counts do not change. <strong>Redrive</strong> runs the code of{' '}
          <code>npm run redrive</code>: each event goes back on its bus and its message is deleted only once the bus accepted it.
        </p>
        {empty.length > 0 ? (
          <p class="small muted" data-testid="empty-queues">
            Empty: {empty.map((q) => withoutPrefix(q.name, stackName)).join(', ')}
          </p>
        ) : null}
      </section>
      {full.map((queue) => {
        const result = results[queue.name];
        return (
          <section key={queue.name} class="card" data-testid="dead-letter-queue" data-queue={queue.name}>
            <div class="card-head">
              <h2>
                {withoutPrefix(queue.name, stackName)} <span class={queue.messages.length > 0 ? 'count danger' : 'count'}>{queue.messages.length}</span>
              </h2>
              <span class="muted small">redrives to {queue.busName}</span>
              <button type="button" class="primary" disabled={queue.messages.length === 0 || result === 'running'} onClick={() => void redrive(queue)} data-testid="redrive">
                {result === 'running' ? 'Redriving…' : 'Redrive'}
              </button>
            </div>
            {result && result !== 'running' ? (
              'error' in result ? (
                <p class="error-text small">{result.error}</p>
              ) : (
                <p class={result.leftBehind > 0 ? 'warn-text small' : 'ok-text small'} data-testid="redrive-result">
                  {result.read} read, {result.redriven} redriven, {result.leftBehind} left in the queue
                  {result.returned > 0 ? ` (${result.returned} failed again and came back)` : ''}
                </p>
              )
            ) : null}
            {queue.messages.length > 0 ? (
              <table class="grid" data-testid="dead-letter-messages">
                <thead>
                  <tr>
                    <th>Sent</th>
                    <th>Error</th>
                    <th>From</th>
                    <th>Event</th>
                  </tr>
                </thead>
                <tbody>
                  {queue.messages.map((message) => (
                    <tr key={message.messageId} data-testid="dead-letter-message" data-message-id={message.messageId}>
                      <td class="mono small nowrap">{dateTimeOf(message.sentAt)}</td>
                      <td>
                        <strong class="danger-text" data-testid="error-code">
                          {message.errors.ERROR_CODE ?? message.errors.CONDITION ?? '—'}
                        </strong>
                        <div class="small wrap">{message.errors.ERROR_MESSAGE}</div>
                        <details>
                          <summary class="small">attributes and body</summary>
                          <dl class="attributes" data-testid="message-attributes">
                            {Object.entries({ ...message.attributes, ...message.errors }).map(([k, v]) => (
                              <Fragment key={k}>
                                <dt>{k}</dt>
                                <dd>{v}</dd>
                              </Fragment>
                            ))}
                          </dl>
                          <pre class="json small">{pretty(message.body)}</pre>
                        </details>
                      </td>
                      <td class="small">{sourceText(message, stackName)}</td>
                      <td class="small">
                        {message.detailType ?? ''}
                        {message.eventId ? (
                          <div>
                            <button type="button" class="link mono tiny" onClick={() => onOpenEvent(message.eventId as string)}>
                              {message.eventId}
                            </button>
                          </div>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p class="muted small">The queue is empty.</p>
            )}
          </section>
        );
      })}
      {full.length === 0 ? <p class="empty card">Every dead-letter queue is empty.</p> : null}
    </div>
  );
}
