/**
 * A real DynamoDB wire API for tests: dynalite (in-process, in-memory) behind a small front server
 * that adds what dynalite 4 lacks, `TransactWriteItems`.
 *
 * Transactions are emulated with dynalite's own conditional writes under an exclusive lock (every
 * other request takes a shared lock, so nobody observes a half-applied transaction): snapshot the
 * items, apply each write with its condition, and if any condition fails restore the snapshots and
 * answer `TransactionCanceledException` with one `CancellationReasons` entry per item (`Item` when
 * `ReturnValuesOnConditionCheckFailure` is `ALL_OLD`), like DynamoDB.
 *
 * `createTables()` creates the four tables from handlers/src/shared/tables.ts.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  type AttributeDefinition,
  type CreateTableCommandInput,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
} from '@aws-sdk/client-dynamodb';
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TABLES, type TableLayout } from '../../handlers/src/shared/tables';
import { localClientConfig } from './aws';
import { RwLock } from './rw-lock';

// dynalite ships no TypeScript declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite: (options: Record<string, unknown>) => http.Server = require('dynalite');

export interface DynaliteServer {
  /** Endpoint with TransactWriteItems support: give it to the SDK clients under test. */
  readonly endpoint: string;
  /** A client for that endpoint (test credentials). */
  readonly client: DynamoDBClient;
  /** Cancels the next `count` transactions with `code` on their first item (e.g. TransactionConflict). */
  failNextTransactions(count: number, code?: string): void;
  /** TransactWriteItems calls received so far. */
  readonly transactions: number;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;
type WireItem = Record<string, unknown>;

const TARGET_PREFIX = 'DynamoDB_20120810.';
const FAKE_AUTH = 'AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0';

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, body: Json): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomBytes(16).toString('hex'),
  });
  res.end(text);
}

class DynamoDbError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** Raw JSON calls to dynalite itself (bypassing the front server's lock). */
function rawCaller(endpoint: string, agent: http.Agent) {
  const url = new URL(endpoint);
  return (operation: string, body: Json): Promise<Json> =>
    new Promise((resolve, reject) => {
      const text = JSON.stringify(body);
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: '/',
          agent,
          headers: {
            'content-type': 'application/x-amz-json-1.0',
            'content-length': Buffer.byteLength(text),
            'x-amz-target': TARGET_PREFIX + operation,
            'x-amz-date': '20240101T000000Z',
            authorization: FAKE_AUTH,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const raw = Buffer.concat(chunks).toString('utf8');
            const json = (raw ? JSON.parse(raw) : {}) as Json;
            if ((res.statusCode ?? 500) >= 400) {
              const type = String(json.__type ?? 'InternalServerError').split('#').pop() as string;
              reject(new DynamoDbError(type, String(json.message ?? json.Message ?? raw), res.statusCode));
            } else {
              resolve(json);
            }
          });
        },
      );
      req.on('error', reject);
      req.end(text);
    });
}

interface TransactionOp {
  readonly kind: 'Put' | 'Update' | 'Delete' | 'ConditionCheck';
  readonly spec: Json;
  readonly table: string;
  readonly key: WireItem;
}

/** TransactWriteItems on top of dynalite's single-item operations. */
function transactionEngine(call: ReturnType<typeof rawCaller>) {
  const keyNames = new Map<string, string[]>();

  async function keyAttributesOf(table: string): Promise<string[]> {
    const cached = keyNames.get(table);
    if (cached) return cached;
    const described = (await call('DescribeTable', { TableName: table })) as { Table: { KeySchema: { AttributeName: string }[] } };
    const names = described.Table.KeySchema.map((k) => k.AttributeName);
    keyNames.set(table, names);
    return names;
  }

  async function parseOps(input: Json): Promise<TransactionOp[]> {
    const items = input.TransactItems;
    if (!Array.isArray(items) || items.length < 1 || items.length > 100) {
      throw new DynamoDbError('ValidationException', 'TransactItems must have between 1 and 100 items');
    }
    const ops: TransactionOp[] = [];
    const seen = new Set<string>();
    for (const raw of items as Json[]) {
      const kinds = (['Put', 'Update', 'Delete', 'ConditionCheck'] as const).filter((k) => raw[k] !== undefined);
      if (kinds.length !== 1) throw new DynamoDbError('ValidationException', 'each TransactItem needs exactly one of Put, Update, Delete, ConditionCheck');
      const kind = kinds[0] as TransactionOp['kind'];
      const spec = raw[kind] as Json;
      const table = String(spec.TableName);
      let key: WireItem;
      if (kind === 'Put') {
        const item = (spec.Item ?? {}) as WireItem;
        key = Object.fromEntries((await keyAttributesOf(table)).map((name) => [name, item[name]]));
      } else {
        key = (spec.Key ?? {}) as WireItem;
      }
      const identity = `${table}\u0000${JSON.stringify(Object.keys(key).sort().map((k) => [k, key[k]]))}`;
      if (seen.has(identity)) {
        throw new DynamoDbError('ValidationException', 'Transaction request cannot include multiple operations on one item');
      }
      seen.add(identity);
      ops.push({ kind, spec, table, key });
    }
    return ops;
  }

  const withoutExtras = (spec: Json): Json => {
    const { ReturnValuesOnConditionCheckFailure: _r, ...rest } = spec;
    return rest;
  };

  async function apply(op: TransactionOp): Promise<void> {
    switch (op.kind) {
      case 'Put':
        await call('PutItem', withoutExtras(op.spec));
        return;
      case 'Update':
        await call('UpdateItem', withoutExtras(op.spec));
        return;
      case 'Delete':
      case 'ConditionCheck':
        // A condition check is a conditional delete that is always undone (see restore()).
        await call('DeleteItem', withoutExtras(op.spec));
        return;
    }
  }

  async function restore(op: TransactionOp, snapshot: WireItem | undefined): Promise<void> {
    if (snapshot) await call('PutItem', { TableName: op.table, Item: snapshot });
    else await call('DeleteItem', { TableName: op.table, Key: op.key });
  }

  return async function transactWriteItems(input: Json): Promise<Json> {
    const ops = await parseOps(input);
    const snapshots = await Promise.all(
      ops.map(async (op) => ((await call('GetItem', { TableName: op.table, Key: op.key, ConsistentRead: true })).Item as WireItem | undefined)),
    );
    const applied: number[] = [];
    const reasons: Json[] = [];
    let failure: unknown;
    for (const [i, op] of ops.entries()) {
      try {
        await apply(op);
        applied.push(i);
        reasons.push({ Code: 'None' });
      } catch (error) {
        if (error instanceof DynamoDbError && error.type === 'ConditionalCheckFailedException') {
          const snapshot = snapshots[i];
          reasons.push({
            Code: 'ConditionalCheckFailed',
            Message: 'The conditional request failed',
            ...(op.spec.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' && snapshot ? { Item: snapshot } : {}),
          });
        } else {
          failure = error;
          break;
        }
      }
    }
    const cancelled = failure !== undefined || reasons.some((r) => r.Code !== 'None');
    // Undo: everything on cancellation, condition checks always.
    for (const i of [...applied].reverse()) {
      const op = ops[i] as TransactionOp;
      if (cancelled || op.kind === 'ConditionCheck') await restore(op, snapshots[i]);
    }
    if (failure !== undefined) throw failure;
    if (cancelled) {
      throw Object.assign(
        new DynamoDbError(
          'TransactionCanceledException',
          `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
        ),
        { reasons },
      );
    }
    return {};
  };
}

/** Starts dynalite plus the transaction-capable front server on 127.0.0.1 (random ports). */
export async function startDynalite(): Promise<DynaliteServer> {
  const backend = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const backendEndpoint = await listen(backend);
  const backendHandler = backend.listeners('request')[0] as (req: http.IncomingMessage, res: http.ServerResponse) => void;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const call = rawCaller(backendEndpoint, agent);
  const transactWriteItems = transactionEngine(call);
  const lock = new RwLock();
  let transactions = 0;
  let transactionsToFail = 0;
  let failureCode = 'TransactionConflict';

  const front = http.createServer((req, res) => {
    if (req.headers['x-amz-target'] === `${TARGET_PREFIX}TransactWriteItems`) {
      void (async () => {
        try {
          const input = JSON.parse(await readBody(req)) as Json;
          transactions++;
          if (transactionsToFail > 0) {
            transactionsToFail--;
            const count = Array.isArray(input.TransactItems) ? input.TransactItems.length : 1;
            const reasons = Array.from({ length: count }, (_, i) => (i === 0 ? { Code: failureCode, Message: 'injected' } : { Code: 'None' }));
            throw Object.assign(
              new DynamoDbError('TransactionCanceledException', `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`),
              { reasons },
            );
          }
          const output = await lock.exclusive(() => transactWriteItems(input));
          send(res, 200, output);
        } catch (error) {
          if (error instanceof DynamoDbError) {
            const reasons = (error as DynamoDbError & { reasons?: Json[] }).reasons;
            send(res, error.status, {
              __type: `com.amazonaws.dynamodb.v20120810#${error.type}`,
              message: error.message,
              ...(reasons ? { CancellationReasons: reasons } : {}),
            });
          } else {
            send(res, 500, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: String(error) });
          }
        }
      })();
      return;
    }
    // Everything else is dynalite's, under a shared lock (released when the response is done).
    void lock.shared(
      () =>
        new Promise<void>((resolve) => {
          res.once('close', resolve);
          backendHandler(req, res);
        }),
    );
  });
  const endpoint = await listen(front);
  const client = new DynamoDBClient(localClientConfig(endpoint));

  return {
    endpoint,
    client,
    failNextTransactions(count, code = 'TransactionConflict') {
      transactionsToFail = count;
      failureCode = code;
    },
    get transactions() {
      return transactions;
    },
    async close() {
      client.destroy();
      agent.destroy();
      front.closeAllConnections();
      await new Promise<void>((resolve) => front.close(() => resolve()));
      backend.closeAllConnections();
      await new Promise<void>((resolve) => backend.close(() => resolve()));
    },
  };
}

export interface TestTables {
  readonly world: string;
  readonly collections: string;
  readonly attempts: string;
  readonly connections: string;
  /** The connections table's by-player GSI name (CONNECTIONS_BY_PLAYER_INDEX). */
  readonly connectionsByPlayerIndex: string;
}

/** CreateTable input of a layout from handlers/src/shared/tables.ts. */
export function createTableInput(tableName: string, layout: TableLayout, indexNames: Record<string, string> = {}): CreateTableCommandInput {
  const attributes = new Map<string, AttributeDefinition>();
  const keySchema = (pk: { name: string }, sk?: { name: string }): KeySchemaElement[] => {
    attributes.set(pk.name, { AttributeName: pk.name, AttributeType: 'S' });
    if (sk) attributes.set(sk.name, { AttributeName: sk.name, AttributeType: 'S' });
    return [{ AttributeName: pk.name, KeyType: 'HASH' }, ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' as const }] : [])];
  };
  const table = keySchema(layout.partitionKey, layout.sortKey);
  const gsis: GlobalSecondaryIndex[] = Object.entries(layout.globalSecondaryIndexes ?? {}).map(([logical, index]) => ({
    IndexName: indexNames[logical] ?? logical,
    KeySchema: keySchema(index.partitionKey, index.sortKey),
    Projection: { ProjectionType: index.projection },
  }));
  return {
    TableName: tableName,
    AttributeDefinitions: [...attributes.values()],
    KeySchema: table,
    BillingMode: 'PAY_PER_REQUEST',
    ...(gsis.length > 0 ? { GlobalSecondaryIndexes: gsis } : {}),
  };
}

/** Creates the world, collections, attempts and connections tables (unique names) and waits until ACTIVE. */
export async function createTables(client: DynamoDBClient, prefix = `t${randomBytes(4).toString('hex')}`): Promise<TestTables> {
  const tables: TestTables = {
    world: `${prefix}-world`,
    collections: `${prefix}-collections`,
    attempts: `${prefix}-attempts`,
    connections: `${prefix}-connections`,
    connectionsByPlayerIndex: 'by-player',
  };
  const inputs = [
    createTableInput(tables.world, TABLES.world),
    createTableInput(tables.collections, TABLES.collections),
    createTableInput(tables.attempts, TABLES.attempts),
    createTableInput(tables.connections, TABLES.connections, { byPlayer: tables.connectionsByPlayerIndex }),
  ];
  for (const input of inputs) await client.send(new CreateTableCommand(input));
  for (const input of inputs) {
    for (let i = 0; ; i++) {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: input.TableName }));
      if (Table?.TableStatus === 'ACTIVE') break;
      if (i > 200) throw new Error(`table ${input.TableName} never became ACTIVE`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  return tables;
}
