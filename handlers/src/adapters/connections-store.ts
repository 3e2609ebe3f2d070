import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { N, S, isConditionalCheckFailed, readNumber, readString, type Item } from './dynamodb';

/** The cells a connection record says it watches (a list of strings). */
function cellsOf(item: Item | undefined): string[] {
  const list = item?.cells;
  return list && 'L' in list && Array.isArray(list.L) ? list.L.flatMap((v) => (v && 'S' in v && typeof v.S === 'string' ? [v.S] : [])) : [];
}

export interface ConnectionRecord {
  readonly connectionId: string;
  readonly player: string;
  /** ISO-8601. */
  readonly connectedAt: string;
  /** Epoch seconds (TTL). */
  readonly expiresAt: number;
}

/** The connections table: WebSocket connection id ↔ player. */
export class ConnectionsStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
    /** The GSI (PK player, SK connectionId, KEYS_ONLY); only needed to look players up. */
    private readonly byPlayerIndex?: string,
  ) {}

  /** Stores (or refreshes) a connection; idempotent. */
  async put(record: ConnectionRecord): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.table,
        Item: {
          connectionId: S(record.connectionId),
          player: S(record.player),
          connectedAt: S(record.connectedAt),
          expiresAt: N(record.expiresAt),
        },
      }),
    );
  }

  /** Removes a connection; idempotent (deleting a missing item succeeds). Returns the cells it watched. */
  async delete(connectionId: string): Promise<string[]> {
    const result = await this.client.send(new DeleteItemCommand({ TableName: this.table, Key: { connectionId: S(connectionId) }, ReturnValues: 'ALL_OLD' }));
    return cellsOf(result.Attributes);
  }

  /**
   * Records that the connection now watches `cells`, if it is the player's registered connection. Returns what it
   * watched before and the connection's expiry (the TTL of its watcher entries), or undefined when there is no such
   * connection (it was never registered, or is gone).
   */
  async watch(connectionId: string, player: string, cells: readonly string[], watchedAt: string): Promise<{ previous: string[]; expiresAt: number } | undefined> {
    try {
      const result = await this.client.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: { connectionId: S(connectionId) },
          UpdateExpression: 'SET #cells = :cells, #watchedAt = :watchedAt',
          ConditionExpression: 'attribute_exists(#id) AND #player = :player',
          ExpressionAttributeNames: { '#cells': 'cells', '#watchedAt': 'watchedAt', '#id': 'connectionId', '#player': 'player' },
          ExpressionAttributeValues: { ':cells': { L: cells.map(S) }, ':watchedAt': S(watchedAt), ':player': S(player) },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return { previous: cellsOf(result.Attributes), expiresAt: readNumber(result.Attributes, 'expiresAt') ?? 0 };
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }

  /** The cells the connection watches now (strongly consistent), or undefined when it has no record. */
  async watchedCells(connectionId: string): Promise<string[] | undefined> {
    const result = await this.client.send(
      new GetItemCommand({ TableName: this.table, Key: { connectionId: S(connectionId) }, ProjectionExpression: '#cells', ExpressionAttributeNames: { '#cells': 'cells' }, ConsistentRead: true }),
    );
    return result.Item ? cellsOf(result.Item) : undefined;
  }

  /**
   * Removes a connection whose record was written before `cutoff` (ISO-8601); a newer record is kept and
   * `false` returned. A socket answers 410 until its `$connect` completes, so a fresh record is not stale.
   */
  async deleteIfConnectedBefore(connectionId: string, cutoff: string): Promise<boolean> {
    try {
      await this.client.send(
        new DeleteItemCommand({
          TableName: this.table,
          Key: { connectionId: S(connectionId) },
          ConditionExpression: 'attribute_not_exists(connectedAt) OR connectedAt < :cutoff',
          ExpressionAttributeValues: { ':cutoff': S(cutoff) },
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /** Every connection id of a player (queries the by-player index, all pages). */
  async connectionIdsOf(player: string): Promise<string[]> {
    if (!this.byPlayerIndex) throw new Error('ConnectionsStore needs the by-player index name to look players up');
    const ids: string[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: this.byPlayerIndex,
          KeyConditionExpression: '#player = :player',
          ExpressionAttributeNames: { '#player': 'player' },
          ExpressionAttributeValues: { ':player': S(player) },
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        const id = readString(item, 'connectionId');
        if (id) ids.push(id);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return ids;
  }
}
