import * as fs from 'node:fs';
import * as path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { SCHEMA_V1, SCHEMA_VERSION } from './schema';

/** The database file inside a data dir. */
export const DATABASE_FILE = 'runtime.sqlite';

/** What an older runtime kept as JSON snapshots, which this one no longer reads. */
const LEGACY_SNAPSHOT_DIRS = ['sqs', 'scheduler'];

/** How long to wait for another runtime to release the data dir before refusing it. */
const LOCK_WAIT_MS = 2000;

/** A data dir this runtime cannot use; the message says why and what to do. */
export class DataDirError extends Error {
  override readonly name = 'DataDirError';
}

/**
 * The data dir's SQLite database (better-sqlite3): one connection, held exclusively by this runtime.
 *
 * The database is in WAL mode with `synchronous = NORMAL`: a write is in the operating system's hands
 * when the call returns, so it survives the runtime's process being killed (kill -9, a crash, the OOM
 * killer); a power cut or a kernel crash may lose the last transactions but never corrupts the file
 * (https://www.sqlite.org/pragma.html#pragma_synchronous). A transaction cut short by a crash (a torn
 * write at the end of the WAL) fails its checksum and is ignored when the database is opened again
 * (https://www.sqlite.org/wal.html).
 */
export class RuntimeDatabase {
  private constructor(
    /** Path of the database file. */
    readonly file: string,
    readonly connection: BetterSqlite3.Database,
  ) {}

  /** Opens (or creates) `<dataDir>/runtime.sqlite`; throws {@link DataDirError} for a data dir it must not use. */
  static open(dataDir: string): RuntimeDatabase {
    const file = path.join(dataDir, DATABASE_FILE);
    if (!fs.existsSync(file)) refuseLegacyDataDir(dataDir);
    fs.mkdirSync(dataDir, { recursive: true });
    const Driver = loadDriver();
    const connection = new Driver(file, { timeout: LOCK_WAIT_MS });
    try {
      // Exclusive locking: a second runtime on the same data dir is refused instead of interleaving writes
      // (and WAL then needs no shared-memory file).
      connection.pragma('locking_mode = EXCLUSIVE');
      connection.pragma('journal_mode = WAL');
      connection.pragma('synchronous = NORMAL');
      migrate(connection, dataDir);
    } catch (error) {
      connection.close();
      if ((error as { code?: string }).code === 'SQLITE_BUSY') {
        throw new DataDirError(`--data-dir ${dataDir} is in use by another local runtime; stop it first or use another data dir.`);
      }
      throw error;
    }
    return new RuntimeDatabase(file, connection);
  }

  /** False once closed. */
  get open(): boolean {
    return this.connection.open;
  }

  /**
   * A prepared write. Once the database is closed (the runtime stopping while work is still in flight) it
   * does nothing: work that is not marked done by then stays in the journal and is resumed at the next start.
   */
  writer<P extends unknown[]>(sql: string): (...params: P) => void {
    const statement = this.connection.prepare<P>(sql);
    return (...params: P) => {
      if (this.connection.open) statement.run(...params);
    };
  }

  /** Runs `fn` in one transaction (nested calls become savepoints). */
  transaction<R>(fn: () => R): R {
    return this.connection.open ? this.connection.transaction(fn)() : fn();
  }

  getMeta(key: string): string | undefined {
    const row = this.connection.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  setMeta(key: string, value: string): void {
    if (!this.connection.open) return;
    this.connection.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** Closes the connection (SQLite checkpoints the WAL into the database file). */
  close(): void {
    if (this.connection.open) this.connection.close();
  }
}

function refuseLegacyDataDir(dataDir: string): void {
  const legacy = LEGACY_SNAPSHOT_DIRS.filter((dir) => fs.existsSync(path.join(dataDir, dir)));
  if (legacy.length === 0) return;
  throw new DataDirError(
    `--data-dir ${dataDir} was written by an older local runtime: its ${legacy.map((dir) => `${dir}/`).join(' and ')} JSON snapshots are ` +
      `not read by this version. Use a new data dir, or delete ${legacy.map((dir) => path.join(dataDir, dir)).join(' and ')} ` +
      '(their queues, messages and schedules are lost; DynamoDB tables, archives and logs are kept).',
  );
}

function migrate(connection: BetterSqlite3.Database, dataDir: string): void {
  // BEGIN IMMEDIATE takes the write lock now, so a data dir in use is detected here.
  connection.exec('BEGIN IMMEDIATE');
  try {
    const version = connection.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new DataDirError(
        `--data-dir ${dataDir} was written by a newer local runtime (data format ${version}; this one reads ${SCHEMA_VERSION}). ` +
          'Run that version, or use another data dir.',
      );
    }
    if (version === 0) {
      connection.exec(SCHEMA_V1);
      connection.pragma(`user_version = ${SCHEMA_VERSION}`);
    }
    connection.exec('COMMIT');
  } catch (error) {
    if (connection.inTransaction) connection.exec('ROLLBACK');
    throw error;
  }
}

/** better-sqlite3 is loaded only when a data dir is used, so an in-memory runtime never needs the native module. */
function loadDriver(): typeof BetterSqlite3 {
  try {
    return require('better-sqlite3') as typeof BetterSqlite3;
  } catch (error) {
    throw new Error(
      `--data-dir needs the SQLite driver better-sqlite3, which could not be loaded (${(error as Error).message}). ` +
        'npm builds it on install; run `npm rebuild better-sqlite3` (without a prebuilt binary for this platform it compiles, ' +
        'which needs python3, make and a C++ compiler).',
    );
  }
}
