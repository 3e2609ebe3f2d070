import type { RuntimeDatabase } from '../journal';
import type { ScheduleGroupRecord, ScheduleRecord } from './model';

/**
 * Groups and schedules created through the API, in the data dir's database: each change is written
 * before the API answers (a created schedule survives a crash right after CreateSchedule's 200).
 */
export class SchedulerStore {
  private readonly saveGroupRow: (name: string, body: string) => void;
  private readonly removeGroupRow: (name: string) => void;
  private readonly removeGroupSchedules: (groupName: string) => void;
  private readonly saveScheduleRow: (groupName: string, name: string, body: string) => void;
  private readonly removeScheduleRow: (groupName: string, name: string) => void;

  constructor(private readonly database: RuntimeDatabase) {
    this.saveGroupRow = database.writer('INSERT INTO scheduler_groups (name, body) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET body = excluded.body');
    this.removeGroupRow = database.writer('DELETE FROM scheduler_groups WHERE name = ?');
    this.removeGroupSchedules = database.writer('DELETE FROM scheduler_schedules WHERE group_name = ?');
    this.saveScheduleRow = database.writer(
      'INSERT INTO scheduler_schedules (group_name, name, body) VALUES (?, ?, ?) ON CONFLICT (group_name, name) DO UPDATE SET body = excluded.body',
    );
    this.removeScheduleRow = database.writer('DELETE FROM scheduler_schedules WHERE group_name = ? AND name = ?');
  }

  load(): { groups: ScheduleGroupRecord[]; schedules: ScheduleRecord[] } {
    const rows = (sql: string): Array<{ body: string }> => this.database.connection.prepare(sql).all() as Array<{ body: string }>;
    return {
      groups: rows('SELECT body FROM scheduler_groups ORDER BY name').map((row) => JSON.parse(row.body) as ScheduleGroupRecord),
      schedules: rows('SELECT body FROM scheduler_schedules ORDER BY group_name, name').map((row) => JSON.parse(row.body) as ScheduleRecord),
    };
  }

  saveGroup(group: ScheduleGroupRecord): void {
    this.saveGroupRow(group.name, JSON.stringify(group));
  }

  /** Removes a group and its schedules. */
  removeGroup(name: string): void {
    this.database.transaction(() => {
      this.removeGroupSchedules(name);
      this.removeGroupRow(name);
    });
  }

  saveSchedule(schedule: ScheduleRecord): void {
    this.saveScheduleRow(schedule.groupName, schedule.name, JSON.stringify(schedule));
  }

  removeSchedule(groupName: string, name: string): void {
    this.removeScheduleRow(groupName, name);
  }
}
