import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LocalRuleConfig } from '../aws/model';
import type { ApiTarget } from './rule-api';

/** A rule created through the API, as kept across restarts. */
export interface StoredRule {
  readonly busName: string;
  readonly rule: LocalRuleConfig;
  readonly roleArn?: string;
  /** Targets as PutTargets received them, by id (what ListTargetsByRule echoes). */
  readonly listedTargets: Record<string, ApiTarget>;
}

/**
 * Keeps the rules created through the API in `<dataDir>/events/rules.json` (the synthesized stack's rules
 * come from the stack on every start, like an apply, so changes made to them through the API are not kept).
 */
export class RuleStore {
  private readonly file: string;

  constructor(dataDir: string) {
    const dir = path.join(dataDir, 'events');
    fs.mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, 'rules.json');
  }

  load(): StoredRule[] {
    if (!fs.existsSync(this.file)) return [];
    try {
      return JSON.parse(fs.readFileSync(this.file, 'utf8')) as StoredRule[];
    } catch (error) {
      throw new Error(`${this.file} is not valid JSON (${(error as Error).message}); remove it to start without the rules created through the API`);
    }
  }

  save(rules: readonly StoredRule[]): void {
    const temp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(rules));
    fs.renameSync(temp, this.file);
  }
}
