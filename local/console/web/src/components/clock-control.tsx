import { useEffect, useState } from 'preact/hooks';
import { advanceClock } from '../api';
import { dateTimeOf, offsetOf } from '../format';
import { localNow, type LiveState } from '../live';

const STEPS: ReadonlyArray<{ label: string; seconds: number }> = [
  { label: '+1 min', seconds: 60 },
  { label: '+1 h', seconds: 3600 },
  { label: '+1 day', seconds: 86_400 },
];

/** The local clock (it follows real time plus what was advanced) and buttons that move it forward. */
export function ClockControl({ clock }: { clock: LiveState['clock'] }) {
  // Re-renders once a second so the time shown moves on; nothing is fetched.
  const [, tick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, []);
  const [error, setError] = useState<string>();
  const advance = (seconds: number): void => {
    setError(undefined);
    advanceClock(seconds).catch((e: Error) => setError(e.message));
  };
  return (
    <div class="clock" data-testid="clock">
      <div class="clock-time">
        <span class="label">local clock</span>
        <strong data-testid="clock-now">{clock ? dateTimeOf(localNow(clock).toISOString()) : '—'}</strong>
        <span class="offset" data-testid="clock-offset">{clock ? offsetOf(clock.offsetMs) : ''}</span>
      </div>
      <div class="clock-buttons">
        {STEPS.map((step) => (
          <button key={step.label} type="button" class="ghost" data-testid={`advance-${step.seconds}`} onClick={() => advance(step.seconds)} title={`POST /_local/clock/advance {"seconds": ${step.seconds}}`}>
            {step.label}
          </button>
        ))}
      </div>
      {error ? <span class="error-text">{error}</span> : null}
    </div>
  );
}
