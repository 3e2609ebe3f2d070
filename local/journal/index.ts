export { DATABASE_FILE, DataDirError, RuntimeDatabase } from './database';
export { MemoryJournal, SqliteJournal, type JournalKind, type JournalRecord, type WorkJournal } from './journal';
export { SCHEMA_VERSION } from './schema';
