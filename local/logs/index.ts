import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArn } from '../aws/arn';

export interface LogEntry {
  readonly timestamp: number;
  readonly message: string;
}

/**
 * Local CloudWatch Logs: every log group is a file `<logsDir>/<name>.log` with one message per line
 * (leading slashes of the log group name dropped, the other slashes replaced by `_`). Without a
 * directory, messages are only kept in memory.
 */
export class LocalLogs {
  private readonly memory = new Map<string, LogEntry[]>();

  constructor(readonly logsDir?: string, private readonly now: () => Date = () => new Date()) {
    if (logsDir) fs.mkdirSync(logsDir, { recursive: true });
  }

  /** The log group name of `arn:aws:logs:region:account:log-group:NAME[:*]` (or the name itself). */
  static logGroupName(arnOrName: string): string {
    if (!arnOrName.startsWith('arn:')) return arnOrName;
    const parsed = parseArn(arnOrName);
    const match = parsed ? /^log-group:(.+?)(?::\*)?$/.exec(parsed.resource) : null;
    if (!match) throw new Error(`not a log group ARN: ${arnOrName}`);
    return match[1];
  }

  static fileName(logGroupName: string): string {
    return `${logGroupName.replace(/^\/+/, '').replace(/[/\\]/g, '_').replace(/[^A-Za-z0-9_.#-]/g, '_')}.log`;
  }

  /** Path of a log group's file (undefined when logs are kept in memory only). */
  filePath(arnOrName: string): string | undefined {
    return this.logsDir ? path.join(this.logsDir, LocalLogs.fileName(LocalLogs.logGroupName(arnOrName))) : undefined;
  }

  /** Appends one message (newlines inside it are escaped so the file stays one message per line). */
  append(arnOrName: string, message: string): void {
    const name = LocalLogs.logGroupName(arnOrName);
    const line = message.replace(/\r?\n/g, '\\n');
    const entries = this.memory.get(name) ?? [];
    entries.push({ timestamp: this.now().getTime(), message: line });
    this.memory.set(name, entries);
    const file = this.filePath(name);
    if (file) fs.appendFileSync(file, `${line}\n`);
  }

  /** Messages appended to a log group since this process started. */
  read(arnOrName: string): LogEntry[] {
    return [...(this.memory.get(LocalLogs.logGroupName(arnOrName)) ?? [])];
  }

  logGroups(): string[] {
    return [...this.memory.keys()].sort();
  }
}
