/**
 * DynamoDB table layouts the handlers rely on. The infrastructure creates the tables; this file is
 * the single description of their keys (all key attributes are strings), TTL attributes and indexes,
 * so the CDKTF stack, the local runtime and the test support can all build them from here.
 */

export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S';
}

export interface TableIndexLayout {
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly projection: 'KEYS_ONLY' | 'ALL';
}

export interface TableLayout {
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  /** Epoch-seconds Number attribute DynamoDB TTL deletes on. */
  readonly ttlAttribute?: string;
  /** Global secondary indexes; the key is a logical name, the real name comes from configuration. */
  readonly globalSecondaryIndexes?: Readonly<Record<string, TableIndexLayout>>;
}

const s = (name: string): KeyAttribute => ({ name, type: 'S' });

export const TABLES = {
  /**
   * Wild, captured and fled fakémon. Attributes: status ('wild' | 'captured' | 'fled'), species, lat, lng, cell,
   * expiresAt, capturedBy, capturedAt.
   */
  world: { partitionKey: s('fakemonId'), ttlAttribute: 'expiresAt' },
  /** Each player's captured fakémon. Attributes: species?, capturedAt, attemptId. */
  collections: { partitionKey: s('player'), sortKey: s('fakemonId') },
  /** One record per capture attempt (idempotency). Attributes: player, fakemon, outcome, reason, capturedAt, cell, announcedFled, expiresAt. */
  attempts: { partitionKey: s('attemptId'), ttlAttribute: 'expiresAt' },
  /** Open WebSocket connections. Attributes: player, connectedAt, expiresAt, cells (what it watches), watchedAt. */
  connections: {
    partitionKey: s('connectionId'),
    ttlAttribute: 'expiresAt',
    /** Named by CONNECTIONS_BY_PLAYER_INDEX. */
    globalSecondaryIndexes: { byPlayer: { partitionKey: s('player'), sortKey: s('connectionId'), projection: 'KEYS_ONLY' } },
  },
  /**
   * Who watches which cell (interest management): one item per watched cell per connection, so the players a world
   * change in a cell concerns are one Query on that cell. Attributes: player, expiresAt (the connection's).
   */
  watchers: { partitionKey: s('cell'), sortKey: s('connectionId'), ttlAttribute: 'expiresAt' },
  /**
   * The latest checkout of each cart, so a `cart.item_added` delivered after its cart's `cart.checked_out` creates no
   * reminder (EventBridge does not order events). Attributes: checkedOutAt (epoch ms), expiresAt (TTL).
   */
  checkouts: { partitionKey: s('cartId'), ttlAttribute: 'expiresAt' },
  /**
   * The customer notifications sent, by event id, so a redelivered event sends nothing twice. Attributes: messageId
   * (SES's), recipient, notification, expiresAt (TTL).
   */
  notifications: { partitionKey: s('eventId'), ttlAttribute: 'expiresAt' },
} as const satisfies Record<string, TableLayout>;

export type TableName = keyof typeof TABLES;
