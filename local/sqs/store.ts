import * as fs from 'node:fs';
import * as path from 'node:path';
import type { QueueSnapshot } from './queue';

/** Write-through persistence: one JSON file per queue under `<dataDir>/sqs/`. */
export class QueueStore {
  private readonly dir: string;
  private readonly dirty = new Map<string, () => QueueSnapshot>();
  private flushScheduled: NodeJS.Immediate | undefined;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'sqs');
    fs.mkdirSync(this.dir, { recursive: true });
  }

  load(name: string): QueueSnapshot | undefined {
    const file = this.fileOf(name);
    if (!fs.existsSync(file)) return undefined;
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as QueueSnapshot;
    } catch {
      return undefined;
    }
  }

  /** Names of every persisted queue. */
  list(): string[] {
    return fs
      .readdirSync(this.dir)
      .filter((file) => file.endsWith('.json'))
      .map((file) => decodeURIComponent(file.slice(0, -'.json'.length)));
  }

  /** Marks a queue dirty; it is written at the end of the current turn of the event loop. */
  save(name: string, snapshot: () => QueueSnapshot): void {
    this.dirty.set(name, snapshot);
    if (!this.flushScheduled) {
      this.flushScheduled = setImmediate(() => {
        this.flushScheduled = undefined;
        this.flush();
      });
    }
  }

  remove(name: string): void {
    this.dirty.delete(name);
    fs.rmSync(this.fileOf(name), { force: true });
  }

  flush(): void {
    if (this.flushScheduled) {
      clearImmediate(this.flushScheduled);
      this.flushScheduled = undefined;
    }
    for (const [name, snapshot] of this.dirty) {
      const file = this.fileOf(name);
      const temp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temp, JSON.stringify(snapshot()));
      fs.renameSync(temp, file);
    }
    this.dirty.clear();
  }

  private fileOf(name: string): string {
    return path.join(this.dir, `${encodeURIComponent(name)}.json`);
  }
}
