import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LocalArchiveConfig } from '../aws/model';
import { compileEventPattern } from './pattern';
import type { EventEnvelope } from './envelope';

export interface ArchivedEvent {
  readonly event: EventEnvelope;
  /** When the bus received it (epoch ms). */
  readonly receivedAt: number;
  readonly size: number;
}

/** One archive: the events of its bus that match its pattern, kept for `retentionDays` (0 = forever). */
export class EventArchive {
  readonly events: ArchivedEvent[] = [];
  readonly creationTime: Date;
  private sizeBytes = 0;
  private readonly matches: (event: object) => boolean;
  private readonly file: string | undefined;

  constructor(
    readonly config: LocalArchiveConfig,
    readonly eventSourceArn: string,
    private readonly now: () => Date,
    dataDir?: string,
  ) {
    this.creationTime = now();
    this.matches = config.eventPattern ? compileEventPattern(config.eventPattern) : () => true;
    if (dataDir) {
      const dir = path.join(dataDir, 'events', 'archives');
      fs.mkdirSync(dir, { recursive: true });
      this.file = path.join(dir, `${encodeURIComponent(config.name)}.jsonl`);
      this.load();
    }
  }

  get arn(): string {
    return this.config.arn;
  }

  get eventCount(): number {
    this.prune();
    return this.events.length;
  }

  get size(): number {
    this.prune();
    return this.sizeBytes;
  }

  /** Stores the event if it matches the archive's pattern; returns whether it was stored. */
  offer(event: EventEnvelope, sizeBytes: number): boolean {
    if (!this.matches(event)) return false;
    const archived: ArchivedEvent = { event, receivedAt: this.now().getTime(), size: sizeBytes };
    this.events.push(archived);
    this.sizeBytes += archived.size;
    if (this.file) fs.appendFileSync(this.file, `${JSON.stringify(archived)}\n`);
    this.prune();
    return true;
  }

  /** Archived events whose `time` lies in [start, end], oldest first. */
  eventsBetween(start: Date, end: Date): EventEnvelope[] {
    this.prune();
    return this.events
      .map((archived) => archived.event)
      .filter((event) => {
        const time = Date.parse(event.time);
        return time >= Math.floor(start.getTime() / 1000) * 1000 && time <= end.getTime();
      })
      .sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  }

  private prune(): void {
    if (!this.config.retentionDays) return;
    const cutoff = this.now().getTime() - this.config.retentionDays * 86_400_000;
    let removed = 0;
    while (this.events.length > 0 && this.events[0].receivedAt < cutoff) {
      this.sizeBytes -= this.events[0].size;
      this.events.shift();
      removed += 1;
    }
    if (removed > 0 && this.file) {
      // Replaced whole (write, then rename), so a crash leaves the old file or the new one, never half of one.
      const temp = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(temp, this.events.map((archived) => JSON.stringify(archived)).join('\n') + (this.events.length ? '\n' : ''));
      fs.renameSync(temp, this.file);
    }
  }

  private load(): void {
    if (!this.file || !fs.existsSync(this.file)) return;
    for (const line of fs.readFileSync(this.file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const archived = JSON.parse(line) as ArchivedEvent;
        this.events.push(archived);
        this.sizeBytes += archived.size;
      } catch {
        // a torn last line after a crash
      }
    }
  }
}
