/**
 * What the console does on the runtime, each through the public AWS API of the local endpoint with the account
 * administrator's credentials (as the AWS CLI would): PutEvents for "send an event", the redrive of
 * `npm run redrive`, and DynamoDB Scan for browsing tables.
 */
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DeadLetterQueueRef } from './dead-letters';
import type { CatalogEvent, RedriveResult, SendEventRequest, SendEventResponse, TablePage } from './shared/api';
import { DetailValidator } from './shared/detail-validator';

/** A refusal the page should show (HTTP 400/404/409). */
export class ConsoleRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems?: readonly string[],
  ) {
    super(message);
  }
}

/** Options of {@link ConsoleActions}. */
export interface ConsoleActionsOptions {
  /** The local AWS endpoint. */
  readonly endpoint: string;
  readonly region: string;
  readonly catalog: readonly CatalogEvent[];
  readonly buses: readonly string[];
  readonly tables: readonly string[];
}

/** Rows per Scan page at most. */
export const MAX_TABLE_PAGE = 100;

interface Clients {
  readonly events: EventBridgeClient;
  readonly sqs: SQSClient;
  readonly dynamodb: DynamoDBClient;
  readonly documents: DynamoDBDocumentClient;
}

export class ConsoleActions {
  private readonly validator = new DetailValidator();
  private readonly redriving = new Set<string>();
  /** Made on first use: the runtime starts without loading the SDK clients a page may never need. */
  private clientsOnce?: Promise<Clients>;

  constructor(private readonly options: ConsoleActionsOptions) {}

  private clients(): Promise<Clients> {
    this.clientsOnce ??= (async () => {
      const [{ EventBridgeClient }, { SQSClient }, { DynamoDBClient }, { DynamoDBDocumentClient }] = await Promise.all([
        import('@aws-sdk/client-eventbridge'),
        import('@aws-sdk/client-sqs'),
        import('@aws-sdk/client-dynamodb'),
        import('@aws-sdk/lib-dynamodb'),
      ]);
      // Credentials no role issued: the runtime treats them as the account's administrator, like a developer's CLI.
      const client = { endpoint: this.options.endpoint, region: this.options.region, credentials: { accessKeyId: 'local-console', secretAccessKey: 'local-console' } };
      const [events, sqs, dynamodb] = withoutNodeVersionWarning(() => [new EventBridgeClient(client), new SQSClient(client), new DynamoDBClient(client)] as const);
      return { events, sqs, dynamodb, documents: DynamoDBDocumentClient.from(dynamodb) };
    })();
    return this.clientsOnce;
  }

  /** Validates a catalog event's detail against its schema and puts the event on the bus. */
  async sendEvent(input: unknown): Promise<SendEventResponse> {
    const request = input as Partial<SendEventRequest> | undefined;
    const text = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
    if (!request || !text(request.busName) || !text(request.source) || !text(request.detailType)) {
      throw new ConsoleRequestError(400, 'give busName, source and detailType (non-empty strings) and detail (an object)');
    }
    if (!this.options.buses.includes(request.busName)) throw new ConsoleRequestError(400, `no bus ${request.busName} in this stack (${this.options.buses.join(', ')})`);
    if (!request.detail || typeof request.detail !== 'object' || Array.isArray(request.detail)) throw new ConsoleRequestError(400, 'detail must be a JSON object');
    const contract = this.options.catalog.find((entry) => entry.source === request.source && entry.detailType === request.detailType);
    if (contract) {
      const problems = this.validator.validate(contract.detailSchema, request.detail);
      if (problems.length > 0) throw new ConsoleRequestError(400, `the detail does not satisfy the ${contract.detailType} contract`, problems);
    }
    const { events } = await this.clients();
    const { PutEventsCommand } = await import('@aws-sdk/client-eventbridge');
    const { Entries = [] } = await events.send(
      new PutEventsCommand({ Entries: [{ EventBusName: request.busName, Source: request.source, DetailType: request.detailType, Detail: JSON.stringify(request.detail) }] }),
    );
    const entry = Entries[0];
    if (!entry?.EventId) throw new ConsoleRequestError(400, `PutEvents refused the event: ${entry?.ErrorCode ?? 'no entry'} ${entry?.ErrorMessage ?? ''}`.trim());
    return { eventId: entry.EventId };
  }

  /** Puts a dead-letter queue's events back on its bus with `npm run redrive`'s code. */
  async redrive(queue: DeadLetterQueueRef, queueUrl: string): Promise<RedriveResult> {
    if (this.redriving.has(queue.name)) throw new ConsoleRequestError(409, `a redrive of ${queue.name} is already running`);
    this.redriving.add(queue.name);
    try {
      const [{ sqs, events }, { redriveQueue }] = await Promise.all([this.clients(), import('../../scripts/lib/redrive')]);
      return await redriveQueue({ sqs, events, queueUrl, busName: queue.busName, dryRun: false });
    } finally {
      this.redriving.delete(queue.name);
    }
  }

  /** One page of a Scan of a table of the stack. */
  async scan(table: string, limit: number, next?: string): Promise<TablePage> {
    if (!this.options.tables.includes(table)) throw new ConsoleRequestError(404, `no table ${table} in this stack`);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TABLE_PAGE) throw new ConsoleRequestError(400, `limit must be an integer from 1 to ${MAX_TABLE_PAGE}`);
    let startKey: Record<string, unknown> | undefined;
    if (next) {
      try {
        startKey = JSON.parse(Buffer.from(next, 'base64url').toString('utf8')) as Record<string, unknown>;
      } catch {
        throw new ConsoleRequestError(400, 'next is not a page token of this table');
      }
    }
    const [{ documents }, { ScanCommand }] = await Promise.all([this.clients(), import('@aws-sdk/lib-dynamodb')]);
    const result = await documents.send(new ScanCommand({ TableName: table, Limit: limit, ExclusiveStartKey: startKey }));
    return {
      table,
      items: (result.Items ?? []).map((item) => plain(item) as Record<string, unknown>),
      scannedCount: result.ScannedCount ?? 0,
      ...(result.LastEvaluatedKey ? { next: Buffer.from(JSON.stringify(result.LastEvaluatedKey), 'utf8').toString('base64url') } : {}),
    };
  }

  destroy(): void {
    void this.clientsOnce?.then((c) => {
      for (const client of [c.events, c.sqs, c.documents, c.dynamodb]) client.destroy();
    });
  }
}

/**
 * The AWS SDK warns once per process that its future versions need a newer Node.js. These clients are the runtime's
 * own plumbing, so the notice would be about the machine and not about anything the developer runs: it is off while
 * they are made, as it is for the functions' workers.
 */
function withoutNodeVersionWarning<T>(make: () => T): T {
  const name = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';
  const before = process.env[name];
  process.env[name] = 'true';
  try {
    return make();
  } finally {
    if (before === undefined) delete process.env[name];
    else process.env[name] = before;
  }
}

/** An item as JSON can carry it: sets become arrays, binary values base64 text. */
function plain(value: unknown): unknown {
  if (value instanceof Set) return [...value].map(plain);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}
