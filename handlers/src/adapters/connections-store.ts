import {
  DeleteItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { N, S, readString, type Item } from './dynamodb';

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

  /** Removes a connection; idempotent (deleting a missing item succeeds). */
  async delete(connectionId: string): Promise<void> {
    await this.client.send(new DeleteItemCommand({ TableName: this.table, Key: { connectionId: S(connectionId) } }));
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

  /** Every connection id, one page (≤ `pageSize`) at a time. */
  async *allConnectionIds(pageSize = 500): AsyncGenerator<string[]> {
    let startKey: Item | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({
          TableName: this.table,
          ProjectionExpression: '#id',
          ExpressionAttributeNames: { '#id': 'connectionId' },
          Limit: pageSize,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      const ids = (page.Items ?? []).map((item) => readString(item, 'connectionId')).filter((id): id is string => !!id);
      if (ids.length > 0) yield ids;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }
}
