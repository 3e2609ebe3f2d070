/**
 * The local runtime's notion of "now".
 *
 * Every emulator reads time from a {@link Clock} and schedules future work (visibility timeouts,
 * retries, one-time schedules, TTL sweeps) with {@link Clock.setTimer}, so that a test can move time
 * forward with {@link ControllableClock.advance} and see due work happen immediately and in order.
 */
export type CancelTimer = () => void;

export interface Clock {
  /** The current local time. */
  now(): Date;
  /** Runs `fn` once the clock reaches `at` (immediately, asynchronously, if `at` is not in the future). */
  setTimer(at: Date, fn: () => void): CancelTimer;
}

export interface ControllableClockOptions {
  /** Initial time. @default the real current time */
  readonly start?: Date;
  /**
   * When true, time only moves through {@link ControllableClock.advance} / {@link ControllableClock.set}.
   * When false, the clock follows real time plus the offset accumulated by `advance`/`set`.
   * @default false
   */
  readonly frozen?: boolean;
}

interface PendingTimer {
  readonly id: number;
  readonly at: number;
  readonly fn: () => void;
}

/**
 * A clock that follows real time by default and can be moved forward (or set) by tests or by the
 * `/_local/clock/advance` control API. Due timers fire in order of their due time (then creation order).
 */
export class ControllableClock implements Clock {
  private offsetMs: number;
  private frozenAt: number | undefined;
  private readonly timers = new Map<number, PendingTimer>();
  private nextId = 1;
  private realTimer: NodeJS.Timeout | undefined;
  private realTimerAt = Infinity;
  private firing = false;
  private stopped = false;
  private readonly changeListeners = new Set<(now: Date) => void>();

  constructor(options: ControllableClockOptions = {}) {
    const start = options.start ? options.start.getTime() : Date.now();
    this.offsetMs = start - Date.now();
    this.frozenAt = options.frozen ? start : undefined;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
    return this.frozenAt ?? Date.now() + this.offsetMs;
  }

  /** Difference between this clock and the machine's real clock, in milliseconds. */
  offsetFromRealTime(): number {
    return this.nowMs() - Date.now();
  }

  get isFrozen(): boolean {
    return this.frozenAt !== undefined;
  }

  setTimer(at: Date, fn: () => void): CancelTimer {
    if (this.stopped) return () => undefined;
    const id = this.nextId++;
    this.timers.set(id, { id, at: at.getTime(), fn });
    this.schedule();
    return () => {
      if (this.timers.delete(id)) this.schedule();
    };
  }

  /** Moves the clock forward by `ms` and fires every timer that became due, in order. */
  advance(ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`cannot advance the clock by ${ms} ms`);
    return this.set(new Date(this.nowMs() + ms));
  }

  /** Calls `listener` each time the clock is moved by {@link advance} or {@link set}; returns the unsubscribe function. */
  onChange(listener: (now: Date) => void): () => void {
    this.changeListeners.add(listener);
    return () => {
      this.changeListeners.delete(listener);
    };
  }

  /** Sets the clock to `date` (forwards or backwards) and fires every timer that is due. */
  set(date: Date): Date {
    const target = date.getTime();
    if (Number.isNaN(target)) throw new RangeError('invalid date');
    if (this.frozenAt !== undefined) this.frozenAt = target;
    else this.offsetMs = target - Date.now();
    for (const listener of this.changeListeners) listener(this.now());
    this.fireDue();
    this.schedule();
    return this.now();
  }

  /** Number of timers not fired yet. */
  pendingTimers(): number {
    return this.timers.size;
  }

  /** Cancels every timer; the clock keeps telling time but schedules nothing any more. */
  stop(): void {
    this.stopped = true;
    this.timers.clear();
    this.clearRealTimer();
  }

  private fireDue(): void {
    if (this.firing) return;
    this.firing = true;
    try {
      for (;;) {
        const now = this.nowMs();
        let next: PendingTimer | undefined;
        for (const timer of this.timers.values()) {
          if (timer.at <= now && (!next || timer.at < next.at || (timer.at === next.at && timer.id < next.id))) next = timer;
        }
        if (!next) break;
        this.timers.delete(next.id);
        try {
          next.fn();
        } catch (error) {
          // A failing timer callback must not stop the others.
          process.emitWarning(`local clock timer failed: ${(error as Error)?.stack ?? String(error)}`);
        }
      }
    } finally {
      this.firing = false;
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    let earliest = Infinity;
    for (const timer of this.timers.values()) earliest = Math.min(earliest, timer.at);
    if (earliest === Infinity) {
      this.clearRealTimer();
      return;
    }
    if (this.realTimer && earliest === this.realTimerAt) return;
    this.clearRealTimer();
    // A frozen clock only moves through advance()/set(), which fire due timers themselves; still,
    // timers already due fire on the next turn of the event loop.
    const delay = this.frozenAt !== undefined ? (earliest <= this.nowMs() ? 0 : undefined) : Math.max(0, earliest - this.nowMs());
    if (delay === undefined) return;
    this.realTimerAt = earliest;
    this.realTimer = setTimeout(() => {
      this.realTimer = undefined;
      this.realTimerAt = Infinity;
      this.fireDue();
      this.schedule();
    }, Math.min(delay, 2 ** 31 - 1));
    this.realTimer.unref();
  }

  private clearRealTimer(): void {
    if (this.realTimer) clearTimeout(this.realTimer);
    this.realTimer = undefined;
    this.realTimerAt = Infinity;
  }
}

/** Scales nominal AWS delays (backoff, Lambda async retry delays) for fast tests. */
export function scaledDelayMs(nominalSeconds: number, timeScale: number): number {
  return Math.max(0, Math.round(nominalSeconds * 1000 * timeScale));
}
