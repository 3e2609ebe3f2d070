import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SentEmail } from './model';

/** Which messages to list or delete: by message id and/or by sender address (LocalStack's `id` and `email`). */
export interface MailboxFilter {
  readonly id?: string;
  /** The sender's address (`Source`), compared exactly as LocalStack does. */
  readonly email?: string;
}

export type MailboxListener = (message: SentEmail) => void;

/**
 * Every message the local SES accepted, in sending order: the API behind `GET/DELETE /_aws/ses` and what the
 * console shows (list, clear, subscribe). With a data directory the messages are kept in
 * `<dataDir>/ses/messages.jsonl` (one JSON message per line, rewritten when messages are deleted).
 */
export class Mailbox {
  private readonly messages: SentEmail[] = [];
  private readonly listeners = new Set<MailboxListener>();
  private readonly file: string | undefined;

  constructor(dataDir?: string) {
    if (!dataDir) return;
    this.file = path.join(dataDir, 'ses', 'messages.jsonl');
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    if (fs.existsSync(this.file)) {
      for (const line of fs.readFileSync(this.file, 'utf8').split('\n')) {
        if (line.trim()) this.messages.push(JSON.parse(line) as SentEmail);
      }
    }
  }

  add(message: SentEmail): void {
    this.messages.push(message);
    if (this.file) fs.appendFileSync(this.file, `${JSON.stringify(message)}\n`);
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch {
        // A failing observer must not fail the send.
      }
    }
  }

  /** Messages matching every given filter, oldest first. */
  list(filter: MailboxFilter = {}): SentEmail[] {
    return this.messages.filter((m) => matches(m, filter));
  }

  get size(): number {
    return this.messages.length;
  }

  /** Deletes the matching messages (all of them without a filter); returns how many went. */
  clear(filter: MailboxFilter = {}): number {
    const keep = this.messages.filter((m) => !matches(m, filter));
    const removed = this.messages.length - keep.length;
    this.messages.splice(0, this.messages.length, ...keep);
    if (this.file && removed > 0) fs.writeFileSync(this.file, keep.map((m) => `${JSON.stringify(m)}\n`).join(''));
    return removed;
  }

  /** Calls `listener` with each message sent from now on; returns the function that stops it. */
  subscribe(listener: MailboxListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}

function matches(message: SentEmail, filter: MailboxFilter): boolean {
  return (!filter.id || message.Id === filter.id) && (!filter.email || message.Source === filter.email);
}
