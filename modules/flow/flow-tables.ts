import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { Construct } from 'constructs';
import type { TableLayout } from '../../handlers/src/shared/tables';

/** Props of {@link FlowTables}. */
export interface FlowTablesProps {
  /** Prefix of every table name, e.g. `fakemon-dev`. */
  readonly namePrefix: string;
  /** Point-in-time recovery on every table. */
  readonly pointInTimeRecovery: boolean;
  /** Deletion protection on every table. */
  readonly deletionProtection: boolean;
  /** The layouts (`handlers/src/shared/tables.ts`) by key: the table is `<prefix>-<key>`. */
  readonly layouts: Readonly<Record<string, TableLayout>>;
}

/**
 * The DynamoDB tables the flows own, one construct id per key (`tables/<key>`), laid out as the handlers describe
 * them: on-demand capacity, encryption with the AWS-managed KMS key, TTL and global secondary indexes from the
 * layout, point-in-time recovery and deletion protection per environment.
 */
export class FlowTables extends Construct {
  /** The tables, by key. */
  public readonly tables: Readonly<Record<string, DynamodbTable>>;

  constructor(scope: Construct, id: string, props: FlowTablesProps) {
    super(scope, id);
    const tables: Record<string, DynamodbTable> = {};
    for (const [name, layout] of Object.entries(props.layouts)) {
      const attributes = new Map<string, string>();
      const keep = (key?: { name: string; type: string }): void => {
        if (key) attributes.set(key.name, key.type);
      };
      keep(layout.partitionKey);
      keep(layout.sortKey);
      const indexes = Object.entries(layout.globalSecondaryIndexes ?? {}).map(([indexName, index]) => {
        keep(index.partitionKey);
        keep(index.sortKey);
        return { name: indexName, hashKey: index.partitionKey.name, rangeKey: index.sortKey?.name, projectionType: index.projection };
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
