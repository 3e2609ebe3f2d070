import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE, DataDirError, MemoryJournal, RuntimeDatabase, SCHEMA_VERSION, SqliteJournal } from '../../../../local/journal';
import { crashImage, tempDir } from '../support';

const opened: RuntimeDatabase[] = [];
function open(dataDir: string): { database: RuntimeDatabase; journal: SqliteJournal } {
  const database = RuntimeDatabase.open(dataDir);
  opened.push(database);
  return { database, journal: new SqliteJournal(database) };
}
afterEach(() => {
  for (const database of opened.splice(0)) database.close();
});

describe('the write-ahead journal (SQLite in the data dir)', () => {
  it('has a record on disk as soon as append returns, before anything is acknowledged', () => {
    const dataDir = tempDir();
    const { journal } = open(dataDir);
    const id = journal.append('events.delivery', { event: 'e-1', attempts: 0 });

    // A copy of the files now is what a kill -9 right after the append would leave.
    const { journal: recovered } = open(crashImage(dataDir));
    expect(recovered.pending('events.delivery')).toEqual([{ id, body: { event: 'e-1', attempts: 0 } }]);
  });

  it('keeps the latest state of a record, forgets it once complete, and lists pending work per kind, oldest first', () => {
    const dataDir = tempDir();
    const { journal } = open(dataDir);
    const first = journal.append('lambda.async', { requestId: 'a', attempts: 0 });
    const second = journal.append('lambda.async', { requestId: 'b', attempts: 0 });
    const other = journal.append('scheduler.invocation', { executionId: 'x' });
    journal.update(first, { requestId: 'a', attempts: 1, readyAt: 60_000 });
    journal.complete(second);
    journal.complete(9_999);

    const { journal: recovered } = open(crashImage(dataDir));
    expect(recovered.pending('lambda.async')).toEqual([{ id: first, body: { requestId: 'a', attempts: 1, readyAt: 60_000 } }]);
    expect(recovered.pending('scheduler.invocation')).toEqual([{ id: other, body: { executionId: 'x' } }]);
    expect(recovered.pending('events.delivery')).toEqual([]);
  });

  it('writes a transaction whole or not at all', () => {
    const dataDir = tempDir();
    const { journal } = open(dataDir);
    expect(() =>
      journal.transaction(() => {
        journal.append('events.delivery', { n: 1 });
        journal.append('events.delivery', { n: 2 });
        throw new Error('cut short');
      }),
    ).toThrow('cut short');
    journal.transaction(() => {
      journal.append('events.delivery', { n: 3 });
      journal.append('events.delivery', { n: 4 });
    });
    expect(journal.pending('events.delivery').map((record) => record.body)).toEqual([{ n: 3 }, { n: 4 }]);
  });

  it('ignores a torn last record after a crash and keeps every record before it', () => {
    const dataDir = tempDir();
    const { journal } = open(dataDir);
    for (const n of [1, 2, 3]) journal.append('events.delivery', { n });
    const image = crashImage(dataDir);
    // The process died while the last transaction was being written: its last WAL frame is incomplete.
    const wal = path.join(image, `${DATABASE_FILE}-wal`);
    fs.truncateSync(wal, fs.statSync(wal).size - 512);

    const { journal: recovered } = open(image);
    expect(recovered.pending('events.delivery').map((record) => record.body)).toEqual([{ n: 1 }, { n: 2 }]);
    // ...and goes on working.
    recovered.append('events.delivery', { n: 4 });
    expect(recovered.pending('events.delivery')).toHaveLength(3);
  });

  it('drops updates and completions once the database is closed, so that unfinished work is resumed at the next start', () => {
    const dataDir = tempDir();
    const { database, journal } = open(dataDir);
    const id = journal.append('lambda.async', { attempts: 0 });
    database.close();
    journal.update(id, { attempts: 5 });
    journal.complete(id);
    expect(() => journal.append('lambda.async', {})).toThrow();
    expect(open(dataDir).journal.pending('lambda.async')).toEqual([{ id, body: { attempts: 0 } }]);
  });

  it('refuses a data dir in use by another runtime', () => {
    const dataDir = tempDir();
    open(dataDir);
    expect(() => RuntimeDatabase.open(dataDir)).toThrow(new DataDirError(`--data-dir ${dataDir} is in use by another local runtime; stop it first or use another data dir.`));
  });

  it('refuses a data dir an older runtime wrote (JSON snapshots), naming what to delete', () => {
    const dataDir = tempDir();
    fs.mkdirSync(path.join(dataDir, 'sqs'));
    fs.writeFileSync(path.join(dataDir, 'sqs', 'queue.json'), '{}');
    expect(() => RuntimeDatabase.open(dataDir)).toThrow(DataDirError);
    expect(() => RuntimeDatabase.open(dataDir)).toThrow(
      `--data-dir ${dataDir} was written by an older local runtime: its sqs/ JSON snapshots are not read by this version. ` +
        `Use a new data dir, or delete ${path.join(dataDir, 'sqs')} (their queues, messages and schedules are lost; DynamoDB tables, archives and logs are kept).`,
    );
    expect(fs.existsSync(path.join(dataDir, DATABASE_FILE))).toBe(false);
  });

  it('refuses a data dir a newer runtime wrote', () => {
    const dataDir = tempDir();
    const newer = new Database(path.join(dataDir, DATABASE_FILE));
    newer.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    newer.close();
    expect(() => RuntimeDatabase.open(dataDir)).toThrow(
      `--data-dir ${dataDir} was written by a newer local runtime (data format ${SCHEMA_VERSION + 1}; this one reads ${SCHEMA_VERSION}). Run that version, or use another data dir.`,
    );
  });

  it('keeps nothing without a data dir', () => {
    const journal = new MemoryJournal();
    expect(journal.durable).toBe(false);
    const id = journal.append('events.delivery', { n: 1 });
    expect(journal.append('events.delivery', { n: 2 })).toBe(id + 1);
    expect(journal.pending('events.delivery')).toEqual([]);
  });
});
