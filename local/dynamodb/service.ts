import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as fs from 'node:fs';
import * as path from 'node:path';
import dynalite from 'dynalite';
import type { Clock } from '../clock';
import type { LocalAccount, LocalTableConfig } from '../aws/model';
import type { LocalRequest, LocalResponse } from '../aws/request';
import { DynamoCallError, DynamoClient } from './client';
import { SharedExclusiveLock } from './shared-exclusive-lock';
import { DynamoError, TransactionEmulator } from './transactions';
import { TtlManager } from './ttl';

export interface DynamoDbServiceOptions {
  readonly account: LocalAccount;
  readonly clock: Clock;
  /** Keep tables on disk under `<dataDir>/dynamodb/` (they survive restarts). In memory otherwise. */
  readonly dataDir?: string;
  readonly tables?: readonly LocalTableConfig[];
  /** How often the TTL sweeper runs, on the local clock. @default 30 */
  readonly ttlSweepIntervalSeconds?: number;
}

type Json = Record<string, unknown>;

/** Operations the local endpoint answers itself (dynalite lacks them). */
const EMULATED = new Set(['TransactWriteItems', 'TransactGetItems', 'UpdateTimeToLive', 'DescribeTimeToLive']);
/**
 * Operations that run alone: the emulated ones (a transaction's checks and writes must not interleave with other
 * writes) and table changes. Every other operation runs concurrently with the others, as in DynamoDB.
 */
const EXCLUSIVE = new Set([...EMULATED, 'CreateTable', 'DeleteTable', 'UpdateTable']);

/**
 * DynamoDB: dynalite in-process (LevelDB in memory or on disk) behind the local endpoint, plus
 * transactions, Time to Live settings and a TTL sweeper on the local clock.
 */
export class DynamoDbService {
  readonly client: DynamoClient;
  private readonly lock = new SharedExclusiveLock();
  private readonly emulator: TransactionEmulator;
  readonly ttl: TtlManager;

  private constructor(
    private readonly server: Server,
    /** dynalite's own endpoint (the local endpoint forwards to it). */
    readonly endpoint: string,
    options: DynamoDbServiceOptions,
  ) {
    this.client = new DynamoClient(endpoint, options.account.region);
    this.emulator = new TransactionEmulator(this.client, () => options.clock.now().getTime());
    this.ttl = new TtlManager(
      this.client,
      options.clock,
      (options.ttlSweepIntervalSeconds ?? 30) * 1000,
      (fn) => this.lock.exclusive(fn),
      options.dataDir,
    );
  }

  static async start(options: DynamoDbServiceOptions): Promise<DynamoDbService> {
    let storePath: string | undefined;
    if (options.dataDir) {
      storePath = path.join(options.dataDir, 'dynamodb');
      fs.mkdirSync(storePath, { recursive: true });
    }
    const server = dynalite({ path: storePath, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const service = new DynamoDbService(server, `http://127.0.0.1:${port}`, options);
    await service.createTables(options.tables ?? []);
    service.ttl.start();
    return service;
  }

  /** Creates the tables that do not exist yet and applies their TTL settings. */
  async createTables(tables: readonly LocalTableConfig[]): Promise<void> {
    const existing = new Set<string>();
    let start: string | undefined;
    do {
      const page = await this.client.call<{ TableNames?: string[]; LastEvaluatedTableName?: string }>('ListTables', start ? { ExclusiveStartTableName: start } : {});
      for (const name of page.TableNames ?? []) existing.add(name);
      start = page.LastEvaluatedTableName;
    } while (start);
    for (const table of tables) {
      if (!existing.has(table.name)) {
        await this.client.call('CreateTable', createTableInput(table));
        await this.waitUntilActive(table.name);
      }
      if (table.ttlAttribute) this.ttl.set(table.name, table.ttlAttribute);
    }
  }

  /** TransactWriteItems requests received so far (for tests). */
  get transactions(): number {
    return this.emulator.writeRequests;
  }

  /**
   * Test hook: cancels the next `count` valid TransactWriteItems requests with a
   * TransactionCanceledException whose first reason has `code` (the others `None`); nothing is
   * written. Replaces any earlier setting.
   */
  failNextTransactions(count: number, code = 'TransactionConflict'): void {
    this.emulator.failNext(count, code);
  }

  /** Deletes expired items now (tests; the sweeper also runs on its own). */
  sweepTtl(): Promise<number> {
    return this.lock.exclusive(() => this.ttl.sweep());
  }

  /** Handles a DynamoDB request from the local endpoint: forwarded to dynalite, or emulated. */
  async handle(request: LocalRequest): Promise<LocalResponse> {
    const operation = (request.target ?? '').split('.').pop() ?? '';
    const run = EXCLUSIVE.has(operation) ? this.lock.exclusive.bind(this.lock) : this.lock.shared.bind(this.lock);
    return run(async () => {
      if (!EMULATED.has(operation)) {
        const response = await this.client.send(request.body, request.headers);
        if (operation === 'DeleteTable' || operation === 'CreateTable') {
          try {
            this.emulator.forgetTable(String((JSON.parse(request.body.toString('utf8')) as Json).TableName));
          } catch {
            // not our concern
          }
        }
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined && name !== 'connection' && name !== 'keep-alive' && name !== 'transfer-encoding') headers[name] = String(value);
        }
        return { status: response.status, headers, body: response.body };
      }
      try {
        const input = parseBody(request.body);
        const output = await this.emulate(operation, input);
        return json(request, 200, output);
      } catch (error) {
        if (error instanceof DynamoError) return json(request, error.status, error.toBody());
        if (error instanceof DynamoCallError) return json(request, error.status, error.body);
        throw error;
      }
    });
  }

  async stop(): Promise<void> {
    this.ttl.stop();
    await this.lock.exclusive(async () => undefined);
    this.client.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      (this.server as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
    });
  }

  private async emulate(operation: string, input: Json): Promise<Json> {
    switch (operation) {
      case 'TransactWriteItems':
        return this.emulator.transactWriteItems(input);
      case 'TransactGetItems':
        return this.emulator.transactGetItems(input);
      case 'UpdateTimeToLive':
        return this.updateTimeToLive(input);
      case 'DescribeTimeToLive':
        return this.describeTimeToLive(input);
      default:
        throw new DynamoError('UnknownOperationException', `Unknown operation ${operation}`);
    }
  }

  private async updateTimeToLive(input: Json): Promise<Json> {
    const tableName = input.TableName;
    const specification = input.TimeToLiveSpecification as { Enabled?: unknown; AttributeName?: unknown } | undefined;
    if (typeof tableName !== 'string') throw new DynamoError('ValidationException', "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null");
    if (!specification || typeof specification.Enabled !== 'boolean' || typeof specification.AttributeName !== 'string' || !specification.AttributeName) {
      throw new DynamoError('ValidationException', "1 validation error detected: Value null at 'timeToLiveSpecification' failed to satisfy constraint: Member must not be null");
    }
    await this.requireTable(tableName);
    const current = this.ttl.attributeOf(tableName);
    if (specification.Enabled) {
      if (current) throw new DynamoError('ValidationException', 'TimeToLive is already enabled');
      this.ttl.set(tableName, specification.AttributeName);
    } else {
      if (!current) throw new DynamoError('ValidationException', 'TimeToLive is already disabled');
      this.ttl.set(tableName, undefined);
    }
    return { TimeToLiveSpecification: { Enabled: specification.Enabled, AttributeName: specification.AttributeName } };
  }

  private async describeTimeToLive(input: Json): Promise<Json> {
    const tableName = input.TableName;
    if (typeof tableName !== 'string') throw new DynamoError('ValidationException', "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null");
    await this.requireTable(tableName);
    const attribute = this.ttl.attributeOf(tableName);
    return { TimeToLiveDescription: attribute ? { TimeToLiveStatus: 'ENABLED', AttributeName: attribute } : { TimeToLiveStatus: 'DISABLED' } };
  }

  private async requireTable(tableName: string): Promise<void> {
    try {
      await this.client.call('DescribeTable', { TableName: tableName });
    } catch (error) {
      if (error instanceof DynamoCallError && error.type === 'ResourceNotFoundException') {
        throw new DynamoError('ResourceNotFoundException', 'Requested resource not found');
      }
      throw error;
    }
  }

  private async waitUntilActive(tableName: string): Promise<void> {
    for (let i = 0; i < 200; i += 1) {
      const description = await this.client.call<{ Table?: { TableStatus?: string } }>('DescribeTable', { TableName: tableName });
      if (description.Table?.TableStatus === 'ACTIVE') return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`table ${tableName} did not become ACTIVE`);
  }
}

function parseBody(body: Buffer): Json {
  try {
    const parsed = JSON.parse(body.toString('utf8') || '{}') as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Json;
  } catch {
    // fall through
  }
  throw new DynamoError('SerializationException', 'Start of structure or map found where not expected.');
}

function json(request: LocalRequest, status: number, body: Json): LocalResponse {
  return {
    status,
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': request.requestId },
    body: JSON.stringify(body),
  };
}

/** CreateTable input for a table configuration (on-demand capacity). */
export function createTableInput(table: LocalTableConfig): Json {
  const keySchema = (hash: string, range?: string): Json[] => [
    { AttributeName: hash, KeyType: 'HASH' },
    ...(range ? [{ AttributeName: range, KeyType: 'RANGE' }] : []),
  ];
  const projection = (index: { projectionType?: string; nonKeyAttributes?: string[] }): Json => ({
    ProjectionType: index.projectionType ?? 'ALL',
    ...(index.projectionType === 'INCLUDE' && index.nonKeyAttributes ? { NonKeyAttributes: index.nonKeyAttributes } : {}),
  });
  const input: Json = {
    TableName: table.name,
    AttributeDefinitions: table.attributes.map((attribute) => ({ AttributeName: attribute.name, AttributeType: attribute.type })),
    KeySchema: keySchema(table.hashKey, table.rangeKey),
    BillingMode: 'PAY_PER_REQUEST',
  };
  if (table.globalSecondaryIndexes.length > 0) {
    input.GlobalSecondaryIndexes = table.globalSecondaryIndexes.map((index) => ({
      IndexName: index.name,
      KeySchema: keySchema(index.hashKey, index.rangeKey),
      Projection: projection(index),
    }));
  }
  if (table.localSecondaryIndexes && table.localSecondaryIndexes.length > 0) {
    input.LocalSecondaryIndexes = table.localSecondaryIndexes.map((index) => ({
      IndexName: index.name,
      KeySchema: keySchema(table.hashKey, index.rangeKey),
      Projection: projection(index),
    }));
  }
  return input;
}
