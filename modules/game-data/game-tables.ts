import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { Construct } from 'constructs';
import { TABLES, TableLayout, TableName } from '../../handlers/src/shared/tables';

/** Props of {@link GameTables}. */
export interface GameTablesProps {
  /** Prefix of every table name, e.g. `fakemon-dev`. */
  readonly namePrefix: string;
  /** Point-in-time recovery on every table. */
  readonly pointInTimeRecovery: boolean;
  /** Deletion protection on every table. */
  readonly deletionProtection: boolean;
}

/** Name of the connections-by-player index (`CONNECTIONS_BY_PLAYER_INDEX`). */
export const CONNECTIONS_BY_PLAYER_INDEX = 'byPlayer';

/**
 * The game's DynamoDB tables, laid out as `handlers/src/shared/tables.ts` describes them (the one description
 * the handlers, the local runtime and the tests share):
 * - `world`: one item per fakémon (`fakemonId`), wild, captured or fled, with its position and cell, removed by
 *   TTL on `expiresAt`; the capture transaction flips `status` from `wild` to `captured` under a condition.
 * - `collections`: a player's fakémon (`player`, `fakemonId`), written in the same transaction.
 * - `attempts`: one item per capture attempt (`attemptId` = the event id), the idempotency record that makes
 *   a redelivered attempt re-emit the same outcome; TTL on `expiresAt`.
 * - `connections`: open WebSocket connections (`connectionId`) and the cells each watches, with a `byPlayer`
 *   index for deliver-result; TTL of two hours, API Gateway's maximum connection duration.
 * - `watchers`: one item per watched cell per connection (`cell`, `connectionId`), so the players a world change
 *   concerns are one Query on its cell; TTL of the connection's.
 * On-demand capacity, encryption with the AWS-managed KMS key, PITR and deletion protection per environment.
 */
export class GameTables extends Construct {
  /** The tables, by logical name. */
  public readonly tables: Readonly<Record<TableName, DynamodbTable>>;

  constructor(scope: Construct, id: string, props: GameTablesProps) {
    super(scope, id);
    const tables = {} as Record<TableName, DynamodbTable>;
    for (const [name, layout] of Object.entries(TABLES) as Array<[TableName, TableLayout]>) {
      const attributes = new Map<string, string>();
      const keep = (key?: { name: string; type: string }): void => {
        if (key) attributes.set(key.name, key.type);
      };
      keep(layout.partitionKey);
      keep(layout.sortKey);
      const indexes = Object.entries(layout.globalSecondaryIndexes ?? {}).map(([indexName, index]) => {
        keep(index.partitionKey);
        keep(index.sortKey);
        return {
          name: indexName === 'byPlayer' ? CONNECTIONS_BY_PLAYER_INDEX : indexName,
          hashKey: index.partitionKey.name,
          rangeKey: index.sortKey?.name,
          projectionType: index.projection,
        };
      });
      tables[name] = new DynamodbTable(this, name, {
        name: `${props.namePrefix}-${name}`,
        billingMode: 'PAY_PER_REQUEST',
        hashKey: layout.partitionKey.name,
        rangeKey: layout.sortKey?.name,
        attribute: [...attributes.entries()].map(([attributeName, type]) => ({ name: attributeName, type })),
        globalSecondaryIndex: indexes.length > 0 ? indexes : undefined,
        ttl: layout.ttlAttribute ? { attributeName: layout.ttlAttribute, enabled: true } : undefined,
        serverSideEncryption: { enabled: true },
        pointInTimeRecovery: { enabled: props.pointInTimeRecovery },
        deletionProtectionEnabled: props.deletionProtection,
      });
    }
    this.tables = tables;
  }
}
