import { Fragment } from 'preact';
import { useEffect } from 'preact/hooks';
import type { ArchitectureGraph } from '../../../../architecture/model';
import type { EventRecord, TargetDelivery } from '../../../shared/api';
import { dateTimeOf, json, timeOf, withoutPrefix } from '../format';
import { nameOfArn } from '../names';
import { StatusChip } from './status-chip';

/** An event, every rule that matched it, every delivery attempt with its result, the invocations and dead letters. */
export function EventDetail({ record, eventKey, stackName, graph, onClose }: { record?: EventRecord; eventKey: string; stackName: string; graph?: ArchitectureGraph; onClose: () => void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') onClose();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [onClose]);
  const short = (arn: string): string => nameOfArn(graph, arn);

  return (
    <div class="backdrop" onClick={onClose}>
      <div class="dialog" role="dialog" aria-modal="true" aria-label="Event" data-testid="event-detail" onClick={(e) => e.stopPropagation()}>
        <header class="dialog-head">
          <div>
            <h2>{record ? record.event['detail-type'] : 'Event'}</h2>
            {record ? (
              <p class="muted">
                {record.event.source} · on <strong>{record.busName}</strong> · received {dateTimeOf(record.receivedAt)}
                {record.event['replay-name'] ? ` · replay ${record.event['replay-name']}` : ''}
              </p>
            ) : null}
            <p class="mono small" data-testid="detail-event-id">
              {record?.event.id ?? eventKey}
            </p>
          </div>
          <div class="dialog-actions">
            {record ? <StatusChip status={record.status} /> : null}
            <button type="button" class="ghost" onClick={onClose} data-testid="close-detail" aria-label="Close">
              ✕
            </button>
          </div>
        </header>
        {!record ? (
          <p class="empty">This event is not in the log (yet, or any more: the log keeps the most recent events).</p>
        ) : (
          <div class="dialog-body">
            <section>
              <h3>Deliveries</h3>
              {record.matches.length === 0 ? <p class="muted">No rule of {record.busName} matched this event.</p> : null}
              {record.matches.map((match, i) => (
                <div key={`${match.ruleArn}-${i}`} class="match" data-testid="detail-match" data-rule={match.ruleName}>
                  <div class="match-rule">
                    rule <strong>{match.ruleName}</strong>
                  </div>
                  {match.targets.map((target) => (
                    <TargetLine key={target.targetArn} target={target} short={short} />
                  ))}
                </div>
              ))}
            </section>
            {record.invocations.length > 0 ? (
              <section>
                <h3>Function invocations</h3>
                <table class="grid compact" data-testid="detail-invocations">
                  <thead>
                    <tr>
                      <th>Function</th>
                      <th>Attempt</th>
                      <th>Started</th>
                      <th>Result</th>
                      <th class="num">Duration</th>
                    </tr>
                  </thead>
                  <tbody>
                    {record.invocations.map((inv) => (
                      <tr key={`${inv.requestId}-${inv.attempt}`} data-testid="detail-invocation" data-function={inv.functionName} data-ok={String(inv.ok)}>
                        <td>
                          <strong>{withoutPrefix(inv.functionName, stackName)}</strong>
                          <div class="mono tiny muted">{inv.requestId}</div>
                        </td>
                        <td>#{inv.attempt}</td>
                        <td class="mono">{timeOf(inv.startedAt)}</td>
                        <td>
                          {inv.ok === undefined ? <span class="chip chip-in-flight">running</span> : inv.ok ? <span class="chip chip-delivered">succeeded</span> : <span class="chip chip-dead-lettered">{inv.errorType ?? 'error'}</span>}
                          {inv.errorMessage ? <div class="error-text small">{inv.errorMessage}</div> : null}
                          {inv.logs && inv.logs.length > 0 ? (
                            <details>
                              <summary class="small">{inv.logs.length} log lines</summary>
                              <pre class="logs">{inv.logs.join('\n')}</pre>
                            </details>
                          ) : null}
                        </td>
                        <td class="num">{inv.durationMs === undefined ? '' : `${Math.round(inv.durationMs)} ms`}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            ) : null}
            {record.deadLetters.length > 0 ? (
              <section>
                <h3>Dead letters</h3>
                {record.deadLetters.map((letter) => (
                  <div key={letter.messageId} class="dead-letter" data-testid="detail-dead-letter">
                    <strong>{withoutPrefix(letter.queueName, stackName)}</strong> <span class="mono tiny muted">{letter.messageId}</span>
                    <dl class="attributes">
                      {Object.entries(letter.errors).map(([k, v]) => (
                        <Fragment key={k}>
                          <dt>{k}</dt>
                          <dd>{v}</dd>
                        </Fragment>
                      ))}
                    </dl>
                  </div>
                ))}
              </section>
            ) : null}
            <section>
              <h3>Event</h3>
              <pre class="json" data-testid="detail-json">
                {json(record.event)}
              </pre>
            </section>
          </div>
        )}
      </div>
    </div>
  );
}

function TargetLine({ target, short }: { target: TargetDelivery; short: (arn: string) => string }) {
  return (
    <div class="target" data-testid="detail-target" data-target={short(target.targetArn)} data-state={target.state}>
      <div class="target-head">
        → <strong>{short(target.targetArn)}</strong> <StatusChip status={target.state} />
        {target.state === 'retrying' && target.retryInMs !== undefined ? <span class="muted small"> next attempt in {Math.round(target.retryInMs)} ms (local time scale)</span> : null}
      </div>
      <ol class="attempts">
        {target.attempts.map((attempt) => (
          <li key={attempt.attempt} data-testid="detail-attempt" data-outcome={attempt.outcome}>
            <span class="mono">#{attempt.attempt}</span> <span class="mono muted">{timeOf(attempt.at)}</span>{' '}
            {attempt.outcome === 'delivered' ? <span class="ok-text">delivered</span> : <span class="danger-text">failed {attempt.errorCode}</span>}
            {attempt.errorMessage ? <div class="small muted wrap">{attempt.errorMessage}</div> : null}
          </li>
        ))}
      </ol>
      {target.failure ? (
        <p class="small danger-text" data-testid="detail-failure">
          {target.state === 'dead-lettered' ? `sent to ${short(target.failure.deadLetterArn ?? '')}` : 'dropped (no dead-letter queue, or it could not be written)'} after{' '}
          {target.failure.retryAttempts} retr{target.failure.retryAttempts === 1 ? 'y' : 'ies'}: {target.failure.errorCode}
          {target.failure.exhaustedRetryCondition ? ` (${target.failure.exhaustedRetryCondition})` : ''}
        </p>
      ) : null}
    </div>
  );
}
