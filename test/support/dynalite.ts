/**
 * A real DynamoDB wire API for tests: the local runtime's DynamoDB service (dynalite in memory plus
 * its TransactWriteItems / TransactGetItems / Time to Live emulation, local/dynamodb/) mounted alone
 * on a local endpoint. There is one transaction engine, the runtime's; this file only starts it.
 *
 * The service runs on a frozen local clock, so its TTL sweeper never deletes anything during a test.
 * `createTables()` creates the tables of handlers/src/shared/tables.ts; `createTable()` one more.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { randomBytes } from 'node:crypto';
import { TABLES, type TableLayout } from '../../handlers/src/shared/tables';
import type { LocalTableConfig } from '../../local/aws/model';
import { LocalAwsServer } from '../../local/aws/server';
import { ControllableClock } from '../../local/clock';
import { DynamoDbService, dynamoDbRoute, createTableInput as localCreateTableInput } from '../../local/dynamodb';
import { TEST_REGION, localClientConfig } from './aws';

export interface DynaliteServer {
  /** Endpoint with TransactWriteItems support: give it to the SDK clients under test. */
  readonly endpoint: string;
  /** A client for that endpoint (test credentials). */
  readonly client: DynamoDBClient;
  /** Cancels the next `count` transactions with `code` on their first item (e.g. TransactionConflict). */
  failNextTransactions(count: number, code?: string): void;
  /** TransactWriteItems calls received so far. */
  readonly transactions: number;
  /** The local runtime's DynamoDB service behind the endpoint. */
  readonly service: DynamoDbService;
  close(): Promise<void>;
}

/** Starts the local DynamoDB service on 127.0.0.1 (random port). */
export async function startDynalite(): Promise<DynaliteServer> {
  const clock = new ControllableClock({ frozen: true });
  const service = await DynamoDbService.start({ account: { accountId: '000000000000', region: TEST_REGION }, clock });
  const server = new LocalAwsServer({
    port: 0,
    onInternalError: (error, request) => {
      process.stderr.write(`[test dynamodb] ${request.target ?? ''} failed: ${(error as Error)?.stack ?? String(error)}\n`);
    },
  });
  server.registerService(dynamoDbRoute(service));
  const endpoint = await server.listen();
  const client = new DynamoDBClient(localClientConfig(endpoint));

  return {
    endpoint,
    client,
    service,
    failNextTransactions: (count, code) => service.failNextTransactions(count, code),
    get transactions() {
      return service.transactions;
    },
    async close() {
      client.destroy();
      await server.close();
      await service.stop();
      clock.stop();
    },
  };
}

export interface TestTables {
  readonly world: string;
  readonly collections: string;
  readonly attempts: string;
  readonly connections: string;
  readonly checkouts: string;
  /** The connections table's by-player GSI name (CONNECTIONS_BY_PLAYER_INDEX). */
  readonly connectionsByPlayerIndex: string;
  /** Who watches which cell (PK cell, SK connectionId). */
  readonly watchers: string;
}

/** The local runtime's table configuration of a layout from handlers/src/shared/tables.ts. */
export function tableConfigOf(tableName: string, layout: TableLayout, indexNames: Record<string, string> = {}): LocalTableConfig {
  const attributes = new Map<string, 'S'>();
  const key = (partitionKey: { name: string }, sortKey?: { name: string }): { hashKey: string; rangeKey?: string } => {
    attributes.set(partitionKey.name, 'S');
    if (sortKey) attributes.set(sortKey.name, 'S');
    return { hashKey: partitionKey.name, ...(sortKey ? { rangeKey: sortKey.name } : {}) };
  };
  const tableKey = key(layout.partitionKey, layout.sortKey);
  const globalSecondaryIndexes = Object.entries(layout.globalSecondaryIndexes ?? {}).map(([logical, index]) => ({
    name: indexNames[logical] ?? logical,
    ...key(index.partitionKey, index.sortKey),
    projectionType: index.projection,
  }));
  return {
    name: tableName,
    ...tableKey,
    attributes: [...attributes].map(([name, type]) => ({ name, type })),
    globalSecondaryIndexes,
    ...(layout.ttlAttribute ? { ttlAttribute: layout.ttlAttribute } : {}),
  };
}

/** CreateTable input of a layout from handlers/src/shared/tables.ts (the local runtime's converter). */
export function createTableInput(tableName: string, layout: TableLayout, indexNames: Record<string, string> = {}): CreateTableCommandInput {
  // The same JSON the runtime sends to dynalite, which is the SDK input shape.
  return localCreateTableInput(tableConfigOf(tableName, layout, indexNames)) as unknown as CreateTableCommandInput;
}

/** Creates the world, collections, attempts, connections, checkouts and watchers tables (unique names), with their TTL settings. */
export async function createTables(client: DynamoDBClient, prefix = `t${randomBytes(4).toString('hex')}`): Promise<TestTables> {
  const tables: TestTables = {
    world: `${prefix}-world`,
    collections: `${prefix}-collections`,
    attempts: `${prefix}-attempts`,
    connections: `${prefix}-connections`,
    checkouts: `${prefix}-checkouts`,
    connectionsByPlayerIndex: 'by-player',
    watchers: `${prefix}-watchers`,
  };
  const layouts: [string, TableLayout, Record<string, string>?][] = [
    [tables.world, TABLES.world],
    [tables.collections, TABLES.collections],
    [tables.attempts, TABLES.attempts],
    [tables.connections, TABLES.connections, { byPlayer: tables.connectionsByPlayerIndex }],
    [tables.checkouts, TABLES.checkouts],
    [tables.watchers, TABLES.watchers],
  ];
  for (const [name, layout, indexNames] of layouts) await createTable(client, name, layout, indexNames);
  return tables;
}

/** Creates one table of a layout from handlers/src/shared/tables.ts, with its TTL setting, and waits until it is active. */
export async function createTable(client: DynamoDBClient, name: string, layout: TableLayout, indexNames: Record<string, string> = {}): Promise<void> {
  await client.send(new CreateTableCommand(createTableInput(name, layout, indexNames)));
  await waitUntilActive(client, name);
  if (layout.ttlAttribute) {
    await client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { Enabled: true, AttributeName: layout.ttlAttribute } }));
  }
}

async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<void> {
  for (let i = 0; i <= 200; i++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`table ${tableName} never became ACTIVE`);
}
