/**
 * The open WebSocket connections the local Management API (management-api.ts) acts on. The local
 * runtime's WebSocket server implements this with real sockets; tests use the in-memory version.
 */

export interface ConnectionInfo {
  readonly connectedAt: Date;
  readonly lastActiveAt: Date;
  readonly sourceIp?: string;
  readonly userAgent?: string;
}

/**
 * Implementations may answer synchronously or with a promise (e.g. after a socket's send callback);
 * a thrown error or rejected promise becomes a 500.
 */
export interface ConnectionRegistry {
  /** Sends `data` down the connection; false when the connection is unknown (→ 410 Gone). */
  post(connectionId: string, data: Buffer): boolean | Promise<boolean>;
  /** The connection's details, or undefined when unknown (→ 410 Gone). */
  get(connectionId: string): ConnectionInfo | undefined | Promise<ConnectionInfo | undefined>;
  /** Closes the connection; false when it was unknown (→ 410 Gone). */
  delete(connectionId: string): boolean | Promise<boolean>;
}

/** In-memory registry for tests: records every message each connection received. */
export class InMemoryConnectionRegistry implements ConnectionRegistry {
  private readonly open = new Map<string, ConnectionInfo>();
  private readonly received = new Map<string, Buffer[]>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** Opens a connection (as a client connecting through API Gateway would). */
  connect(connectionId: string, info: Partial<ConnectionInfo> = {}): void {
    const at = this.now();
    this.open.set(connectionId, { connectedAt: info.connectedAt ?? at, lastActiveAt: info.lastActiveAt ?? at, sourceIp: info.sourceIp ?? '127.0.0.1', ...(info.userAgent ? { userAgent: info.userAgent } : {}) });
    if (!this.received.has(connectionId)) this.received.set(connectionId, []);
  }

  /** The client went away (its record may still be in the connections table). */
  disconnect(connectionId: string): boolean {
    return this.open.delete(connectionId);
  }

  isOpen(connectionId: string): boolean {
    return this.open.has(connectionId);
  }

  openConnectionIds(): string[] {
    return [...this.open.keys()];
  }

  post(connectionId: string, data: Buffer): boolean {
    const info = this.open.get(connectionId);
    if (!info) return false;
    this.open.set(connectionId, { ...info, lastActiveAt: this.now() });
    this.received.get(connectionId)?.push(Buffer.from(data));
    return true;
  }

  get(connectionId: string): ConnectionInfo | undefined {
    return this.open.get(connectionId);
  }

  delete(connectionId: string): boolean {
    return this.open.delete(connectionId);
  }

  /** Messages a connection received (kept after it closes). */
  messages(connectionId: string): Buffer[] {
    return [...(this.received.get(connectionId) ?? [])];
  }

  /** Messages a connection received, parsed as JSON. */
  json<T = Record<string, unknown>>(connectionId: string): T[] {
    return this.messages(connectionId).map((m) => JSON.parse(m.toString('utf8')) as T);
  }

  clearMessages(): void {
    for (const list of this.received.values()) list.length = 0;
  }
}
