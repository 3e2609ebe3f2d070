import { MAX_OBSERVED_LOG_LINES, MAX_OBSERVED_TEXT, type Observation, type Observed } from './observations';

/** Receives every observation, synchronously, in order. */
export type ObservationListener = (observation: Observed) => void;

/** Options of {@link ObservationStream}. */
export interface ObservationStreamOptions {
  /** The local clock's "now". @default the machine's clock */
  readonly now?: () => Date;
  /** Called when a listener throws (the emulator that published carries on). @default a process warning */
  readonly onListenerError?: (error: unknown) => void;
}

/**
 * The runtime's one stream of observations. Emulators publish with a single call at the point where something
 * happens; listeners (the console) subscribe. Publishing costs next to nothing without listeners, and a failing
 * listener never disturbs the emulator that published.
 */
export class ObservationStream {
  private readonly listeners = new Set<ObservationListener>();
  private seq = 0;

  constructor(private readonly options: ObservationStreamOptions = {}) {}

  /** Starts listening; returns the function that stops it. */
  subscribe(listener: ObservationListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  publish(observation: Observation): void {
    if (this.listeners.size === 0) return;
    this.seq += 1;
    const observed = { ...observation, seq: this.seq, at: (this.options.now?.() ?? new Date()).toISOString() } as Observed;
    for (const listener of [...this.listeners]) {
      try {
        listener(observed);
      } catch (error) {
        (this.options.onListenerError ?? ((e: unknown) => process.emitWarning(`observation listener failed: ${(e as Error)?.stack ?? String(e)}`)))(error);
      }
    }
  }
}

/** A text cut to {@link MAX_OBSERVED_TEXT} characters. */
export function observedText(text: string): string {
  return text.length > MAX_OBSERVED_TEXT ? `${text.slice(0, MAX_OBSERVED_TEXT)}…` : text;
}

/** The last {@link MAX_OBSERVED_LOG_LINES} lines. */
export function observedLogLines(lines: readonly string[]): string[] {
  return lines.slice(-MAX_OBSERVED_LOG_LINES).map((line) => (line.length > 2000 ? `${line.slice(0, 2000)}…` : line));
}
