import type { Statement } from 'better-sqlite3';
import type { RuntimeDatabase } from './database';

/** The kinds of acknowledged work the runtime journals, one per emulator that owns it. */
export type JournalKind = 'events.delivery' | 'lambda.async' | 'scheduler.invocation';

/** A journaled piece of work: its id and the state its owner needs to resume it. */
export interface JournalRecord<T> {
  readonly id: number;
  readonly body: T;
}

/**
 * The write-ahead journal of acknowledged work. An emulator appends a record before it acknowledges the
 * work (PutEvents answering, an asynchronous Invoke answering 202, a schedule coming due), updates it as the
 * work progresses (a retry and its back-off), completes it once the work is handed on (delivered, sent to a
 * dead-letter queue, or dropped as AWS drops it), and on start resumes what is still pending. Resuming
 * may repeat work that was done but not yet completed when the process died: at least once, as on AWS.
 */
export interface WorkJournal {
  /** True when records survive the process (a data dir); false when the runtime is in memory. */
  readonly durable: boolean;
  /** Records work; durable when it returns. Returns the record's id. */
  append(kind: JournalKind, body: unknown): number;
  /** Replaces a record's state (e.g. the attempts made and when the next one is due). */
  update(id: number, body: unknown): void;
  /** The work is done: forget it. Completing an unknown id does nothing. */
  complete(id: number): void;
  /** Records of `kind` still pending, oldest first. */
  pending<T>(kind: JournalKind): Array<JournalRecord<T>>;
  /** Runs `fn` in one transaction: everything it journals is written together or not at all. */
  transaction<R>(fn: () => R): R;
}

/** The journal of a runtime without a data dir: ids only, nothing is kept. */
export class MemoryJournal implements WorkJournal {
  readonly durable = false;
  private lastId = 0;

  append(_kind: JournalKind, _body: unknown): number {
    this.lastId += 1;
    return this.lastId;
  }

  update(_id: number, _body: unknown): void {}

  complete(_id: number): void {}

  pending<T>(_kind: JournalKind): Array<JournalRecord<T>> {
    return [];
  }

  transaction<R>(fn: () => R): R {
    return fn();
  }
}

/** The journal in the data dir's database (table `journal`). */
export class SqliteJournal implements WorkJournal {
  readonly durable = true;
  private readonly insert: Statement<[string, string]>;
  private readonly replace: (body: string, id: number) => void;
  private readonly remove: (id: number) => void;
  private readonly byKind: Statement<[string]>;

  constructor(private readonly database: RuntimeDatabase) {
    const db = database.connection;
    // An append after close throws (no work can be acknowledged then); updates and completions are dropped.
    this.insert = db.prepare('INSERT INTO journal (kind, body) VALUES (?, ?)');
    this.replace = database.writer('UPDATE journal SET body = ? WHERE id = ?');
    this.remove = database.writer('DELETE FROM journal WHERE id = ?');
    this.byKind = db.prepare('SELECT id, body FROM journal WHERE kind = ? ORDER BY id');
  }

  append(kind: JournalKind, body: unknown): number {
    return Number(this.insert.run(kind, JSON.stringify(body)).lastInsertRowid);
  }

  update(id: number, body: unknown): void {
    this.replace(JSON.stringify(body), id);
  }

  complete(id: number): void {
    this.remove(id);
  }

  pending<T>(kind: JournalKind): Array<JournalRecord<T>> {
    return (this.byKind.all(kind) as Array<{ id: number; body: string }>).map((row) => ({ id: row.id, body: JSON.parse(row.body) as T }));
  }

  transaction<R>(fn: () => R): R {
    return this.database.transaction(fn);
  }
}
