import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ScheduleGroupRecord, ScheduleRecord } from './model';

interface SchedulerState {
  readonly groups: ScheduleGroupRecord[];
  readonly schedules: ScheduleRecord[];
}

/** Persists groups and schedules created through the API to `<dataDir>/scheduler/state.json`. */
export class SchedulerStore {
  private readonly file: string;
  private pending: NodeJS.Immediate | undefined;
  private latest: (() => SchedulerState) | undefined;

  constructor(dataDir: string) {
    const dir = path.join(dataDir, 'scheduler');
    fs.mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, 'state.json');
  }

  load(): SchedulerState {
    if (!fs.existsSync(this.file)) return { groups: [], schedules: [] };
    try {
      return JSON.parse(fs.readFileSync(this.file, 'utf8')) as SchedulerState;
    } catch {
      return { groups: [], schedules: [] };
    }
  }

  save(state: () => SchedulerState): void {
    this.latest = state;
    if (!this.pending) {
      this.pending = setImmediate(() => {
        this.pending = undefined;
        this.flush();
      });
    }
  }

  flush(): void {
    if (this.pending) {
      clearImmediate(this.pending);
      this.pending = undefined;
    }
    if (!this.latest) return;
    const temp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(this.latest(), null, 1));
    fs.renameSync(temp, this.file);
    this.latest = undefined;
  }
}
