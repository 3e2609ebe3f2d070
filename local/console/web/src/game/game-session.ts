/**
 * One signed-in player's game, over the public APIs only, as a mobile client plays it: the WebSocket API with the
 * ID token (`?token=`), `{"action":"watch"}` for the neighbourhood, and `POST <rest>/captures` with the token and
 * an `Idempotency-Key` for each capture. Keeps a log of every WebSocket message, both ways.
 */
import type { PlayerMessage } from '../../../../../handlers/src/events/socket-messages';
import type { PlayerSession } from './cognito';
import { applyMessage, EMPTY_WORLD, updateAttempt, type WorldState } from './world';

/** A position in degrees. */
export interface Position {
  readonly lat: number;
  readonly lng: number;
}

/** One line of the WebSocket log. */
export interface LogLine {
  readonly seq: number;
  /** Browser clock, ISO 8601. */
  readonly at: string;
  /** `in`: received, `out`: sent, `info`: the socket opened or closed. */
  readonly direction: 'in' | 'out' | 'info';
  readonly text: string;
}

export interface SessionState {
  readonly connection: 'connecting' | 'open' | 'closed';
  readonly closeReason?: string;
  readonly position?: Position;
  readonly world: WorldState;
  /** Newest first. */
  readonly log: readonly LogLine[];
}

/** How many log lines the page keeps. */
export const LOG_LIMIT = 300;

export class GameSession {
  state: SessionState = { connection: 'connecting', world: EMPTY_WORLD, log: [] };
  private readonly listeners = new Set<(state: SessionState) => void>();
  private socket?: WebSocket;
  private seq = 0;

  constructor(
    readonly player: PlayerSession,
    private readonly endpoints: { readonly restUrl: string; readonly webSocketUrl: string },
  ) {}

  subscribe(listener: (state: SessionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Opens the WebSocket; when it opens, watches the position already chosen. */
  connect(): void {
    const socket = new WebSocket(`${this.endpoints.webSocketUrl}?token=${encodeURIComponent(this.player.idToken)}`);
    this.socket = socket;
    this.set({ connection: 'connecting', closeReason: undefined });
    socket.onopen = () => {
      this.log('info', `connected as ${this.player.name}`);
      this.set({ connection: 'open' });
      if (this.state.position) this.sendWatch(this.state.position);
    };
    socket.onmessage = (event) => {
      const text = String(event.data);
      this.log('in', text);
      try {
        this.set({ world: applyMessage(this.state.world, JSON.parse(text) as PlayerMessage) });
      } catch {
        // Logged as received; a message that is not JSON changes nothing.
      }
    };
    socket.onclose = (event) => {
      const reason = `closed (${event.code}${event.reason ? ` ${event.reason}` : ''})`;
      this.log('info', reason);
      this.set({ connection: 'closed', closeReason: reason });
    };
  }

  /** Moves the player: the neighbourhood watched from now on is the one around `position`. */
  moveTo(position: Position): void {
    this.set({ position, world: { ...this.state.world, fakemon: new Map(), watching: undefined } });
    if (this.socket?.readyState === WebSocket.OPEN) this.sendWatch(position);
  }

  /** Attempts a capture: `POST /captures` with the player's token and a fresh Idempotency-Key (the attempt id). */
  async capture(fakemon: string): Promise<void> {
    const attemptId = crypto.randomUUID();
    this.set({ world: updateAttempt(this.state.world, { attemptId, fakemon, status: 'sending' }) });
    try {
      const response = await fetch(`${this.endpoints.restUrl}/captures`, {
        method: 'POST',
        headers: { authorization: this.player.idToken, 'content-type': 'application/json', 'idempotency-key': attemptId },
        body: JSON.stringify({ fakemon }),
      });
      const text = await response.text();
      if (response.status === 202) {
        this.set({ world: updateAttempt(this.state.world, { attemptId, fakemon, status: 'accepted' }) });
      } else {
        const message = (() => {
          try {
            return String((JSON.parse(text) as { message?: unknown }).message ?? text);
          } catch {
            return text;
          }
        })();
        this.set({ world: updateAttempt(this.state.world, { attemptId, fakemon, status: 'refused', error: `${response.status} ${message}` }) });
      }
    } catch (error) {
      this.set({ world: updateAttempt(this.state.world, { attemptId, fakemon, status: 'refused', error: (error as Error).message }) });
    }
  }

  close(): void {
    this.socket?.close(1000, 'signed out');
    this.listeners.clear();
  }

  private sendWatch(position: Position): void {
    const text = JSON.stringify({ action: 'watch', lat: position.lat, lng: position.lng });
    this.socket?.send(text);
    this.log('out', text);
  }

  private log(direction: LogLine['direction'], text: string): void {
    this.seq += 1;
    const line: LogLine = { seq: this.seq, at: new Date().toISOString(), direction, text };
    this.set({ log: [line, ...this.state.log].slice(0, LOG_LIMIT) });
  }

  private set(change: Partial<SessionState>): void {
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) listener(this.state);
  }
}
