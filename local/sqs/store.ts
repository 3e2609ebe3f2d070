import type { RuntimeDatabase } from '../journal';
import type { LocalQueue, QueueChangeListener, QueueSnapshot, StoredMessage } from './queue';

/** A queue's state without its messages (the `sqs_queues` row). */
type QueueState = Omit<QueueSnapshot, 'messages'>;

/**
 * Queues and messages in the data dir's database, written through as they change: a message is stored
 * before SendMessage answers and removed when DeleteMessage answers; receive counts and visibility are
 * kept too, so a restart neither loses a message nor resets its way to the dead-letter queue.
 */
export class QueueStore {
  /** Pass to each {@link LocalQueue}: persists its changes. */
  readonly listener: QueueChangeListener;
  private readonly saveQueueRow: (name: string, body: string) => void;
  private readonly saveMessageRow: (queue: string, messageId: string, body: string) => void;
  private readonly removeMessageRow: (queue: string, messageId: string) => void;
  private readonly removeQueueRows: (name: string) => void;
  private readonly removeQueueMessages: (name: string) => void;

  constructor(private readonly database: RuntimeDatabase) {
    this.saveQueueRow = database.writer('INSERT INTO sqs_queues (name, body) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET body = excluded.body');
    this.saveMessageRow = database.writer(
      'INSERT INTO sqs_messages (queue, message_id, body) VALUES (?, ?, ?) ON CONFLICT (queue, message_id) DO UPDATE SET body = excluded.body',
    );
    this.removeMessageRow = database.writer('DELETE FROM sqs_messages WHERE queue = ? AND message_id = ?');
    this.removeQueueRows = database.writer('DELETE FROM sqs_queues WHERE name = ?');
    this.removeQueueMessages = database.writer('DELETE FROM sqs_messages WHERE queue = ?');
    this.listener = {
      messageSaved: (queue, message) => this.saveMessageRow(queue.name, message.messageId, JSON.stringify(message)),
      messagesRemoved: (queue, messageIds) => {
        this.database.transaction(() => {
          for (const id of messageIds) this.removeMessageRow(queue.name, id);
        });
      },
      queueChanged: (queue) => this.saveQueue(queue),
    };
  }

  saveQueue(queue: LocalQueue): void {
    const { messages: _messages, ...state } = queue.snapshot();
    void _messages;
    this.saveQueueRow(queue.name, JSON.stringify(state satisfies QueueState));
  }

  /** A queue's saved state and messages (in the order they were sent), or undefined if it was never saved. */
  load(name: string): QueueSnapshot | undefined {
    const db = this.database.connection;
    const row = db.prepare('SELECT body FROM sqs_queues WHERE name = ?').get(name) as { body: string } | undefined;
    if (!row) return undefined;
    const messages = (db.prepare('SELECT body FROM sqs_messages WHERE queue = ? ORDER BY position').all(name) as Array<{ body: string }>).map(
      (message) => JSON.parse(message.body) as StoredMessage,
    );
    return { ...(JSON.parse(row.body) as QueueState), messages };
  }

  /** Names of every saved queue. */
  list(): string[] {
    return (this.database.connection.prepare('SELECT name FROM sqs_queues ORDER BY name').all() as Array<{ name: string }>).map((row) => row.name);
  }

  remove(name: string): void {
    this.database.transaction(() => {
      this.removeQueueMessages(name);
      this.removeQueueRows(name);
    });
  }
}
