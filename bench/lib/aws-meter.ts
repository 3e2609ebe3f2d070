/**
 * A meter on the local runtime: counts, per resource role, what a deployed stack would be billed and
 * throttled for, while the stack runs unchanged. It observes; it never alters a request or a response.
 *
 * - Lambda: invocations and billed milliseconds per function from the runtime's `REPORT` lines (the
 *   function log hook of `startLocalStack`), and every log line as a CloudWatch Logs event of the function.
 * - DynamoDB: every data-plane request through the endpoint, turned into read/write request units by
 *   AWS's rules (`bench/capacity/dynamodb-units.ts`). Sizes are those of the stored items: the meter reads
 *   the item before a write and after an update, and re-reads a Query/Scan page without its projection
 *   and filter (DynamoDB bills the items it reads, not what it returns). Those reads go straight to the
 *   local DynamoDB and are not counted. Under concurrency a size can be off by a racing write; the
 *   capacity stage measures one capture at a time.
 * - EventBridge: PutEvents requests, entries and billed 64 KB chunks through the endpoint; rule target
 *   deliveries (the invocations quota) from the emulator's counters.
 * - CloudWatch Logs written by EventBridge targets (the debug log), SQS messages sent: the emulators' counters.
 *
 * REST requests and WebSocket messages happen outside the AWS endpoint; the stage counts them on the
 * client side and adds them with {@link AwsMeter.count}.
 */
import type { LocalAws, LocalRequest, LocalResponse, LocalServiceRoute, LocalTableConfig } from '../../local/aws';
import { dynamoDbRoute, pruneExpressionAttributes } from '../../local/dynamodb';
import { eventBridgeRoute } from '../../local/eventbridge';
import {
  failedConditionUnits,
  indexWriteUnits,
  itemSize,
  itemWriteUnits,
  readUnits,
  writeUnits,
  type IndexLayout,
  type Item,
} from '../capacity/dynamodb-units';
import { billedEvents, type PutEventsEntry } from '../capacity/metering';
import type { Usage } from '../capacity/usage';

type Json = Record<string, unknown>;

/** DynamoDB operations that change no data (not metered, not reported as unmetered). */
const CONTROL_PLANE = new Set(['CreateTable', 'DeleteTable', 'DescribeTable', 'ListTables', 'UpdateTable', 'UpdateTimeToLive', 'DescribeTimeToLive', 'TagResource', 'ListTagsOfResource']);

const REPORT_LINE = /^REPORT RequestId: \S+\tDuration: [\d.]+ ms\tBilled Duration: (\d+) ms/;

export interface AwsMeterOptions {
  /** Dropped from function, table and log group names to get their role, e.g. `fakemon-dev-`. */
  readonly namePrefix: string;
}

export class AwsMeter {
  private readonly counts: Record<string, number> = {};
  private aws: LocalAws | undefined;
  private readonly tables = new Map<string, LocalTableConfig>();
  /** Errors of the meter itself (a request it could not size); the stage reports them. */
  readonly errors: string[] = [];

  constructor(private readonly options: AwsMeterOptions) {}

  /** Pass as `functionLogs` to `startLocalStack`: every function log line goes through here. */
  readonly functionLog = (functionName: string, line: string): void => {
    const fn = this.role(functionName);
    this.count(`lambda.${fn}.logEvents`, 1);
    this.count(`lambda.${fn}.logBytes`, Buffer.byteLength(line, 'utf8'));
    const report = REPORT_LINE.exec(line);
    if (report) {
      this.count(`lambda.${fn}.invocations`, 1);
      this.count(`lambda.${fn}.billedMs`, Number(report[1]));
    }
  };

  /** Mounts the metering routes for DynamoDB and EventBridge on the running endpoint. */
  attach(aws: LocalAws, tables: readonly LocalTableConfig[]): void {
    this.aws = aws;
    for (const table of tables) this.tables.set(table.name, table);
    const dynamodb = dynamoDbRoute(aws.services.dynamodb);
    aws.registerService({ ...dynamodb, handle: (request) => this.meterDynamoDb(dynamodb, request) });
    const events = eventBridgeRoute(aws.services.events);
    aws.registerService({ ...events, handle: (request) => this.meterEventBridge(events, request) });
  }

  /** Adds to a usage key (for what happens outside the AWS endpoint). */
  count(key: string, amount: number): void {
    this.counts[key] = (this.counts[key] ?? 0) + amount;
  }

  /** Everything counted so far, plus the emulators' own counters. */
  usage(): Usage {
    const aws = this.requireAws();
    const logs: Record<string, number> = {};
    for (const group of aws.services.logs.logGroups()) {
      const entries = aws.services.logs.read(group);
      const name = this.role(group.replace(/^\/aws\/events\//, ''));
      logs[`logs.${name}.events`] = entries.length;
      logs[`logs.${name}.bytes`] = entries.reduce((sum, e) => sum + Buffer.byteLength(e.message, 'utf8'), 0);
    }
    return {
      ...this.counts,
      ...logs,
      'events.invocations': aws.services.events.counters.invocations,
      'sqs.sent': aws.services.sqs.counters.sent,
    };
  }

  private role(name: string): string {
    return name.startsWith(this.options.namePrefix) ? name.slice(this.options.namePrefix.length) : name;
  }

  private requireAws(): LocalAws {
    if (!this.aws) throw new Error('AwsMeter.attach() was not called');
    return this.aws;
  }

  // -------------------------------------------------------------------------------------------
  // EventBridge

  private async meterEventBridge(route: LocalServiceRoute, request: LocalRequest): Promise<LocalResponse> {
    const response = await route.handle(request);
    if (request.target?.endsWith('.PutEvents') && response.status === 200) {
      try {
        const entries = ((JSON.parse(request.body.toString('utf8')) as Json).Entries ?? []) as PutEventsEntry[];
        const results = ((JSON.parse(String(response.body ?? '{}')) as Json).Entries ?? []) as Json[];
        const accepted = entries.filter((_, i) => results[i]?.EventId !== undefined);
        this.count('events.putRequests', 1);
        this.count('events.putEntries', accepted.length);
        this.count('events.billedEvents', accepted.reduce((sum, e) => sum + billedEvents(e), 0));
      } catch (error) {
        this.errors.push(`PutEvents not metered: ${String(error)}`);
      }
    }
    return response;
  }

  // -------------------------------------------------------------------------------------------
  // DynamoDB

  private async meterDynamoDb(route: LocalServiceRoute, request: LocalRequest): Promise<LocalResponse> {
    const operation = (request.target ?? '').split('.').pop() ?? '';
    if (CONTROL_PLANE.has(operation)) return route.handle(request);
    let input: Json;
    try {
      input = JSON.parse(request.body.toString('utf8')) as Json;
    } catch {
      return route.handle(request);
    }
    this.count(`dynamodb.op.${operation}`, 1);
    let before: Array<Item | undefined> = [];
    try {
      before = await this.imagesBefore(operation, input);
    } catch (error) {
      this.errors.push(`${operation}: could not read the item before the write: ${String(error)}`);
    }
    const response = await route.handle(request);
    try {
      await this.account(operation, input, response, before);
    } catch (error) {
      this.errors.push(`${operation} not metered: ${String(error)}`);
    }
    return response;
  }

  /** The stored items a write replaces (one per written item), read before the request runs. */
  private async imagesBefore(operation: string, input: Json): Promise<Array<Item | undefined>> {
    switch (operation) {
      case 'PutItem':
        return [await this.read(String(input.TableName), this.keyOf(String(input.TableName), input.Item as Item))];
      case 'UpdateItem':
      case 'DeleteItem':
        return [await this.read(String(input.TableName), input.Key as Item)];
      case 'BatchWriteItem':
        return Promise.all(this.batchWrites(input).map(({ table, key }) => this.read(table, key)));
      case 'TransactWriteItems':
        return Promise.all(
          (input.TransactItems as Json[]).map((entry) => {
            const [, op] = Object.entries(entry)[0] as [string, Json];
            const table = String(op.TableName);
            return this.read(table, op.Key ? (op.Key as Item) : this.keyOf(table, op.Item as Item));
          }),
        );
      default:
        return [];
    }
  }

  private async account(operation: string, input: Json, response: LocalResponse, before: Array<Item | undefined>): Promise<void> {
    const ok = response.status === 200;
    const error = ok ? '' : String((JSON.parse(String(response.body ?? '{}')) as Json).__type ?? '').split('#').pop();
    const table = String(input.TableName ?? '');
    switch (operation) {
      case 'GetItem': {
        if (!ok) return;
        const projected = input.ProjectionExpression !== undefined || input.AttributesToGet !== undefined;
        const returned = (JSON.parse(String(response.body)) as Json).Item as Item | undefined;
        const item = projected ? await this.read(table, input.Key as Item) : returned;
        this.call(table, 'rru', readUnits(item ? itemSize(item) : 0, input.ConsistentRead === true ? 'strong' : 'eventual'));
        return;
      }
      case 'Query':
      case 'Scan': {
        if (!ok) return;
        const items = await this.itemsRead(operation, input);
        const name = input.IndexName ? `${table}/${String(input.IndexName)}` : table;
        this.call(name, 'rru', readUnits(items.reduce((sum, i) => sum + itemSize(i), 0), input.ConsistentRead === true ? 'strong' : 'eventual'));
        return;
      }
      case 'PutItem':
      case 'UpdateItem':
      case 'DeleteItem': {
        const [old] = before;
        if (!ok) {
          if (error === 'ConditionalCheckFailedException') this.call(table, 'wru', failedConditionUnits(old));
          return;
        }
        const after = operation === 'PutItem' ? (input.Item as Item) : operation === 'UpdateItem' ? await this.read(table, input.Key as Item) : undefined;
        this.call(table, 'wru', itemWriteUnits(old, after));
        this.indexWrites(table, old, after);
        return;
      }
      case 'BatchWriteItem': {
        // Each put or delete is charged as the single-item write it is (the local endpoint leaves nothing unprocessed).
        if (!ok) return;
        for (const [i, { table: name, put }] of this.batchWrites(input).entries()) {
          const old = before[i];
          this.count(`dynamodb.${this.role(name)}.wru`, itemWriteUnits(old, put));
          this.indexWrites(name, old, put);
        }
        return;
      }
      case 'TransactWriteItems': {
        const entries = input.TransactItems as Json[];
        for (const [i, entry] of entries.entries()) {
          const [kind, op] = Object.entries(entry)[0] as [string, Json];
          const name = String(op.TableName);
          const old = before[i];
          if (kind === 'ConditionCheck') {
            this.count('dynamodb.unmetered.ConditionCheck', 1);
            continue;
          }
          if (!ok) {
            // Prepare and commit are charged as if the transaction had committed: an upper bound.
            this.count(`dynamodb.${this.role(name)}.wru`, writeUnits(Math.max(old ? itemSize(old) : 0, kind === 'Put' ? itemSize(op.Item as Item) : 0), true));
            continue;
          }
          const after = kind === 'Put' ? (op.Item as Item) : kind === 'Update' ? await this.read(name, op.Key as Item) : undefined;
          this.count(`dynamodb.${this.role(name)}.wru`, itemWriteUnits(old, after, true));
          this.indexWrites(name, old, after);
        }
        return;
      }
      default:
        this.count(`dynamodb.unmetered.${operation}`, 1);
    }
  }

  /** The writes of a BatchWriteItem request, in order: table, key, and the item put (none for a delete). */
  private batchWrites(input: Json): Array<{ table: string; key: Item; put?: Item }> {
    return Object.entries((input.RequestItems ?? {}) as Record<string, Json[]>).flatMap(([table, requests]) =>
      requests.map((request) => {
        const put = (request.PutRequest as Json | undefined)?.Item as Item | undefined;
        const key = put ? this.keyOf(table, put) : ((request.DeleteRequest as Json).Key as Item);
        return put ? { table, key, put } : { table, key };
      }),
    );
  }

  private call(tableOrIndex: string, unit: 'rru' | 'wru', units: number): void {
    const [table, index] = tableOrIndex.split('/') as [string, string | undefined];
    const name = index ? `${this.role(table)}/${index}` : this.role(table);
    this.count(`dynamodb.${name}.${unit}`, units);
  }

  private indexWrites(table: string, before: Item | undefined, after: Item | undefined): void {
    const config = this.tables.get(table);
    if (!config) return;
    const keys = [config.hashKey, ...(config.rangeKey ? [config.rangeKey] : [])];
    for (const index of config.globalSecondaryIndexes) {
      const units = indexWriteUnits(before, after, keys, index as IndexLayout);
      if (units > 0) this.count(`dynamodb.${this.role(table)}/${index.name}.wru`, units);
    }
  }

  /** The items a Query or Scan page read: the same page without projection or filter. */
  private async itemsRead(operation: string, input: Json): Promise<Item[]> {
    const { ProjectionExpression: _p, AttributesToGet: _a, Select: _s, FilterExpression: _f, QueryFilter: _q, ScanFilter: _sf, ConditionalOperator: _c, ...rest } = input;
    void [_p, _a, _s, _f, _q, _sf, _c];
    const unfiltered = pruneExpressionAttributes(rest, ['KeyConditionExpression']);
    const page = await this.requireAws().services.dynamodb.client.call<{ Items?: Item[] }>(operation, unfiltered);
    return page.Items ?? [];
  }

  private async read(table: string, key: Item): Promise<Item | undefined> {
    const result = await this.requireAws().services.dynamodb.client.call<{ Item?: Item }>('GetItem', { TableName: table, Key: key, ConsistentRead: true });
    return result.Item;
  }

  private keyOf(table: string, item: Item): Item {
    const config = this.tables.get(table);
    if (!config) throw new Error(`unknown table ${table}`);
    const key: Record<string, Item[string]> = {};
    for (const name of [config.hashKey, config.rangeKey]) {
      if (name && item[name] !== undefined) key[name] = item[name] as Item[string];
    }
    return key;
  }
}
