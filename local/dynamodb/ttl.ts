import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CancelTimer, Clock } from '../clock';
import { DynamoCallError, type DynamoClient } from './client';

const FIVE_YEARS_SECONDS = 5 * 365 * 86_400;

/**
 * Time to Live: per-table TTL attribute settings, and a sweeper that deletes items whose TTL
 * (a Number, epoch seconds) is in the past of the local clock. As in DynamoDB, items whose TTL is
 * more than five years in the past are left alone, and non-Number TTL values are ignored.
 */
export class TtlManager {
  private readonly settings = new Map<string, string>();
  private timer: CancelTimer | undefined;
  private readonly file: string | undefined;
  private stopped = false;
  deletedItems = 0;

  constructor(
    private readonly client: DynamoClient,
    private readonly clock: Clock,
    private readonly intervalMs: number,
    /** Runs the sweep under the endpoint's lock, held exclusively. */
    private readonly exclusive: <T>(fn: () => Promise<T>) => Promise<T>,
    dataDir?: string,
  ) {
    if (dataDir) {
      this.file = path.join(dataDir, 'dynamodb-ttl.json');
      if (fs.existsSync(this.file)) {
        try {
          for (const [table, attribute] of Object.entries(JSON.parse(fs.readFileSync(this.file, 'utf8')) as Record<string, string>)) {
            this.settings.set(table, attribute);
          }
        } catch {
          // start without saved settings
        }
      }
    }
  }

  attributeOf(tableName: string): string | undefined {
    return this.settings.get(tableName);
  }

  set(tableName: string, attribute: string | undefined): void {
    if (attribute) this.settings.set(tableName, attribute);
    else this.settings.delete(tableName);
    if (!this.file) return;
    // Written before UpdateTimeToLive answers, and replaced whole (write, then rename) so a crash cannot tear it.
    const temp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(Object.fromEntries(this.settings), null, 1));
    fs.renameSync(temp, this.file);
  }

  start(): void {
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.();
    this.timer = undefined;
  }

  /** Deletes every expired item now; returns how many were deleted. */
  async sweep(): Promise<number> {
    let deleted = 0;
    const nowSeconds = Math.floor(this.clock.now().getTime() / 1000);
    for (const [tableName, attribute] of this.settings) {
      let startKey: Record<string, unknown> | undefined;
      do {
        let page: { Items?: Array<Record<string, unknown>>; LastEvaluatedKey?: Record<string, unknown> };
        try {
          page = await this.client.call('Scan', {
            TableName: tableName,
            FilterExpression: '#ttl < :now AND #ttl >= :oldest',
            ExpressionAttributeNames: { '#ttl': attribute },
            ExpressionAttributeValues: { ':now': { N: String(nowSeconds) }, ':oldest': { N: String(nowSeconds - FIVE_YEARS_SECONDS) } },
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          });
        } catch (error) {
          if (error instanceof DynamoCallError && error.type === 'ResourceNotFoundException') break;
          throw error;
        }
        const keyNames = await this.keyNames(tableName);
        for (const item of page.Items ?? []) {
          const key = Object.fromEntries(keyNames.map((name) => [name, item[name]]));
          try {
            await this.client.call('DeleteItem', {
              TableName: tableName,
              Key: key,
              ConditionExpression: '#ttl < :now',
              ExpressionAttributeNames: { '#ttl': attribute },
              ExpressionAttributeValues: { ':now': { N: String(nowSeconds) } },
            });
            deleted += 1;
          } catch (error) {
            if (!(error instanceof DynamoCallError && error.type === 'ConditionalCheckFailedException')) throw error;
          }
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }
    this.deletedItems += deleted;
    return deleted;
  }

  private async keyNames(tableName: string): Promise<string[]> {
    const description = await this.client.call<{ Table?: { KeySchema?: Array<{ AttributeName: string }> } }>('DescribeTable', { TableName: tableName });
    return (description.Table?.KeySchema ?? []).map((key) => key.AttributeName);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.clock.setTimer(new Date(this.clock.now().getTime() + this.intervalMs), () => {
      this.timer = undefined;
      void this.exclusive(() => this.sweep())
        .catch(() => undefined)
        .finally(() => this.schedule());
    });
  }
}
