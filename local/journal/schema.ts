/**
 * The data dir's database schema, in one place. `SCHEMA_VERSION` is stored in SQLite's `user_version`;
 * a data dir written with another version is refused rather than misread (see `database.ts`).
 */
export const SCHEMA_VERSION = 1;

export const SCHEMA_V1 = `
  -- Small runtime state: the local clock's offset.
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

  -- Acknowledged work not finished yet (write-ahead journal): deliveries, invocations.
  CREATE TABLE journal (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, body TEXT NOT NULL);
  CREATE INDEX journal_by_kind ON journal (kind, id);

  -- SQS: queue attributes and state, and every message until it is deleted (position keeps send order).
  CREATE TABLE sqs_queues (name TEXT PRIMARY KEY, body TEXT NOT NULL);
  CREATE TABLE sqs_messages (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    queue TEXT NOT NULL,
    message_id TEXT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (queue, message_id)
  );

  -- EventBridge Scheduler: groups and schedules created through the API.
  CREATE TABLE scheduler_groups (name TEXT PRIMARY KEY, body TEXT NOT NULL);
  CREATE TABLE scheduler_schedules (group_name TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (group_name, name));
`;
