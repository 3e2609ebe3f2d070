/**
 * The page's live state: one EventSource on the console's stream (a snapshot, then a message per thing that
 * happens). Components subscribe to the state; the graph subscribes to the observations themselves.
 */
import { useEffect, useState } from 'preact/hooks';
import { CONSOLE_PATH, type ClockState, type ConsoleCounters, type DeadLetterMessage, type EventRecord, type Observed, type StreamMessage } from '../../shared/api';

export interface LiveState {
  readonly connected: boolean;
  /** Newest first. */
  readonly records: readonly EventRecord[];
  readonly counters?: ConsoleCounters;
  readonly clock?: ClockState & { readonly receivedAt: number };
  readonly eventLimit: number;
  /** Bumped when messages arrive in a dead-letter queue or the mailbox changes (panels reload then). */
  readonly deadLetterVersion: number;
  readonly schedulesVersion: number;
  readonly mailboxVersion: number;
}

export type ObservationListener = (observation: Observed, deadLetters: readonly DeadLetterMessage[]) => void;

class LiveConnection {
  state: LiveState = { connected: false, records: [], eventLimit: 0, deadLetterVersion: 0, schedulesVersion: 0, mailboxVersion: 0 };
  private readonly listeners = new Set<(state: LiveState) => void>();
  private readonly observers = new Set<ObservationListener>();
  private source?: EventSource;

  start(): void {
    if (this.source) return;
    const source = new EventSource(`${CONSOLE_PATH}/api/stream`);
    this.source = source;
    source.onopen = () => this.set({ connected: true });
    // EventSource reconnects by itself (the stream says after 1 s); the next snapshot replaces everything.
    source.onerror = () => this.set({ connected: false });
    source.onmessage = (message) => this.receive(JSON.parse(message.data as string) as StreamMessage);
  }

  subscribe(listener: (state: LiveState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  observe(listener: ObservationListener): () => void {
    this.observers.add(listener);
    return () => this.observers.delete(listener);
  }

  private receive(message: StreamMessage): void {
    if (message.kind === 'snapshot') {
      this.set({ connected: true, records: message.records, counters: message.counters, clock: { ...message.clock, receivedAt: Date.now() }, eventLimit: message.eventLimit });
      return;
    }
    if (message.kind === 'mailbox') {
      this.set({ mailboxVersion: this.state.mailboxVersion + 1 });
      return;
    }
    const { observation } = message;
    const patch: { -readonly [K in keyof LiveState]?: LiveState[K] } = {};
    if (message.records) patch.records = upsert(this.state.records, message.records, this.state.eventLimit);
    if (message.counters) patch.counters = message.counters;
    if (observation.type === 'clock.changed') patch.clock = { now: observation.now, offsetMs: observation.offsetMs, receivedAt: Date.now() };
    if (observation.type === 'schedules.changed') patch.schedulesVersion = this.state.schedulesVersion + 1;
    if (observation.type === 'queue.changed') patch.deadLetterVersion = this.state.deadLetterVersion + 1;
    this.set(patch);
    for (const observer of this.observers) observer(observation, message.deadLetters ?? []);
  }

  private set(patch: Partial<LiveState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener(this.state);
  }
}

/** Newest first; a changed record keeps its place, a new one goes on top; at most `limit`. */
function upsert(records: readonly EventRecord[], changed: readonly EventRecord[], limit: number): EventRecord[] {
  const next = [...records];
  for (const record of changed) {
    const index = next.findIndex((r) => r.key === record.key);
    if (index >= 0) next[index] = record;
    else next.unshift(record);
  }
  return limit > 0 ? next.slice(0, limit) : next;
}

export const live = new LiveConnection();

/** The live state, re-rendering the component on every change. */
export function useLive(): LiveState {
  const [state, setState] = useState(live.state);
  useEffect(() => {
    const stop = live.subscribe(setState);
    // The stream may have opened (or sent its snapshot) between the first render and this subscription.
    setState(live.state);
    return stop;
  }, []);
  return state;
}

/** The local clock's current time, estimated from the last clock message. */
export function localNow(clock: LiveState['clock']): Date {
  if (!clock) return new Date();
  return new Date(Date.parse(clock.now) + (Date.now() - clock.receivedAt));
}
