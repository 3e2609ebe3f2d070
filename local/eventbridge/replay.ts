import type { EventEnvelope } from './envelope';

export type ReplayState = 'STARTING' | 'RUNNING' | 'CANCELLING' | 'COMPLETED' | 'CANCELLED' | 'FAILED';

export interface Replay {
  readonly name: string;
  readonly arn: string;
  readonly description?: string;
  readonly eventSourceArn: string;
  readonly destination: { readonly Arn: string; readonly FilterArns?: string[] };
  readonly eventStartTime: Date;
  readonly eventEndTime: Date;
  state: ReplayState;
  /** Set only where AWS sets one (a failed replay); completed and cancelled replays have none. */
  stateReason?: string;
  readonly replayStartTime: Date;
  replayEndTime?: Date;
  eventLastReplayedTime?: Date;
}

export interface ReplayRun {
  readonly replay: Replay;
  readonly events: EventEnvelope[];
  /** Sends one replayed event (with `replay-name`) to the destination bus's selected rules. */
  readonly send: (event: EventEnvelope) => void;
  readonly now: () => Date;
  readonly onDone?: () => void;
}

/**
 * Runs a replay: STARTING, then RUNNING while events are sent oldest first (a few per turn of the
 * event loop), then COMPLETED, or CANCELLED when cancelled on the way.
 */
export function runReplay(run: ReplayRun): void {
  const { replay } = run;
  let index = 0;
  const step = (): void => {
    if (replay.state === 'CANCELLING') {
      replay.state = 'CANCELLED';
      replay.replayEndTime = run.now();
      run.onDone?.();
      return;
    }
    if (replay.state === 'STARTING') replay.state = 'RUNNING';
    const batchEnd = Math.min(run.events.length, index + 10);
    for (; index < batchEnd; index += 1) {
      const event = run.events[index];
      run.send({ ...event, 'replay-name': replay.name });
      replay.eventLastReplayedTime = new Date(Date.parse(event.time));
    }
    if (index < run.events.length) {
      setImmediate(step);
      return;
    }
    replay.state = 'COMPLETED';
    replay.replayEndTime = run.now();
    run.onDone?.();
  };
  setImmediate(step);
}
