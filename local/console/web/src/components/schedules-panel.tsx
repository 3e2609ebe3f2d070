import { useEffect, useState } from 'preact/hooks';
import type { ScheduleOverview } from '../../../shared/api';
import { advanceClock, getJson } from '../api';
import { dateTimeOf, relative, shortArn } from '../format';
import { localNow, type LiveState } from '../live';

/** Every schedule with its next occurrence on the local clock, and a button that moves the clock to it. */
export function SchedulesPanel({ version, clock }: { version: number; clock: LiveState['clock'] }) {
  const [schedules, setSchedules] = useState<readonly ScheduleOverview[]>();
  const [error, setError] = useState<string>();
  const [seconds, setSeconds] = useState('3600');
  useEffect(() => {
    getJson<{ schedules: ScheduleOverview[] }>('schedules').then((r) => setSchedules(r.schedules), (e: Error) => setError(e.message));
  }, [version]);
  const now = localNow(clock);
  const advance = (by: number): void => {
    setError(undefined);
    advanceClock(by).catch((e: Error) => setError(e.message));
  };
  const fire = (schedule: ScheduleOverview): void => {
    if (schedule.nextFireAt) advance(Math.max(0, Math.ceil((Date.parse(schedule.nextFireAt) - now.getTime()) / 1000)));
  };

  return (
    <div class="panel-stack" data-testid="schedules">
      <section class="card">
        <div class="card-head">
          <h2>Local clock</h2>
        </div>
        <p class="muted">
          Schedules, retries, visibility timeouts and TTLs run on the runtime's clock. It follows real time; moving it forward fires whatever becomes due,
          in order (<code>POST /_local/clock/advance</code>).
        </p>
        <form
          class="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            const by = Number(seconds);
            if (Number.isFinite(by) && by >= 0) advance(by);
          }}
        >
          <label>
            Advance by
            <input type="number" min="0" step="1" value={seconds} onInput={(e) => setSeconds(e.currentTarget.value)} data-testid="advance-seconds" /> seconds
          </label>
          <button type="submit" class="primary" data-testid="advance-submit">
            Advance the clock
          </button>
        </form>
        {error ? <p class="error-text">{error}</p> : null}
      </section>
      <section class="card">
        <h2>
          Schedules <span class="muted">({schedules?.length ?? 0})</span>
        </h2>
        <table class="grid" data-testid="schedules-table">
          <thead>
            <tr>
              <th>Schedule</th>
              <th>Expression</th>
              <th>Next occurrence</th>
              <th>Last</th>
              <th>Target</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(schedules ?? []).map((s) => (
              <tr key={s.arn} data-testid="schedule-row" data-schedule={`${s.groupName}/${s.name}`}>
                <td>
                  <strong>{s.name}</strong>
                  <div class="muted small">
                    {s.groupName} · {s.fromStack ? 'from the stack' : 'created through the API'}
                    {s.state === 'DISABLED' ? ' · disabled' : ''}
                    {s.actionAfterCompletion === 'DELETE' ? ' · deleted after it runs' : ''}
                  </div>
                </td>
                <td class="mono small">
                  {s.expression}
                  {s.timezone !== 'UTC' ? <div class="muted">{s.timezone}</div> : null}
                </td>
                <td data-testid="schedule-next">
                  {s.nextFireAt ? (
                    <>
                      <div class="mono small">{dateTimeOf(s.nextFireAt)}</div>
                      <div class="muted small">{relative(s.nextFireAt, now)}</div>
                    </>
                  ) : (
                    <span class="muted">none</span>
                  )}
                </td>
                <td class="mono small">{s.lastFiredAt ? dateTimeOf(s.lastFiredAt) : '—'}</td>
                <td class="small">{shortArn(s.targetArn)}</td>
                <td>
                  {s.nextFireAt ? (
                    <button type="button" class="ghost small" onClick={() => fire(s)} data-testid="fire-now" title="Moves the local clock to this occurrence">
                      Advance to it
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
