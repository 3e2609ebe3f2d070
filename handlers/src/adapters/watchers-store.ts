import { BatchWriteItemCommand, DeleteItemCommand, QueryCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { chunk, sleep } from '../shared/concurrency';
import { N, S, readString, type Item } from './dynamodb';

/** One connection watching one cell. */
export interface WatcherEntry {
  readonly cell: string;
  readonly connectionId: string;
  readonly player: string;
  /** Epoch seconds (TTL): the connection's own expiry. */
  readonly expiresAt: number;
}

/** BatchWriteItem takes at most 25 requests (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html). */
const BATCH_LIMIT = 25;
/** Rounds of retrying UnprocessedItems (with growing pauses) before giving up. */
const UNPROCESSED_ROUNDS = 6;

/** The watchers table: who watches which cell (PK cell, SK connectionId). */
export class WatchersStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  /** The connections watching `cell`, one page (≤ `pageSize`) at a time. */
  async *watchersOf(cell: string, pageSize = 500): AsyncGenerator<string[]> {
    let startKey: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: '#cell = :cell',
          ProjectionExpression: '#id',
          ExpressionAttributeNames: { '#cell': 'cell', '#id': 'connectionId' },
          ExpressionAttributeValues: { ':cell': S(cell) },
          Limit: pageSize,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      const ids = (page.Items ?? []).map((item) => readString(item, 'connectionId')).filter((id): id is string => !!id);
      if (ids.length > 0) yield ids;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  /** Writes `put` and removes the entries of `remove` (cells of one connection), in batches of 25. */
  async write(put: readonly WatcherEntry[], remove: ReadonlyArray<{ cell: string; connectionId: string }>): Promise<void> {
    const requests: WriteRequest[] = [
      ...put.map((e) => ({
        PutRequest: { Item: { cell: S(e.cell), connectionId: S(e.connectionId), player: S(e.player), expiresAt: N(e.expiresAt) } },
      })),
      ...remove.map((e) => ({ DeleteRequest: { Key: { cell: S(e.cell), connectionId: S(e.connectionId) } } })),
    ];
    for (const batch of chunk(requests, BATCH_LIMIT)) await this.batchWrite(batch);
  }

  /** Removes one entry; idempotent. */
  async remove(cell: string, connectionId: string): Promise<void> {
    await this.client.send(new DeleteItemCommand({ TableName: this.table, Key: { cell: S(cell), connectionId: S(connectionId) } }));
  }

  private async batchWrite(requests: WriteRequest[]): Promise<void> {
    let pending = requests;
    for (let round = 0; pending.length > 0; round++) {
      if (round >= UNPROCESSED_ROUNDS) throw new Error(`${pending.length} watcher writes still unprocessed after ${UNPROCESSED_ROUNDS} rounds`);
      if (round > 0) await sleep(25 * 2 ** round);
      const result = await this.client.send(new BatchWriteItemCommand({ RequestItems: { [this.table]: pending } }));
      pending = result.UnprocessedItems?.[this.table] ?? [];
    }
  }
}
