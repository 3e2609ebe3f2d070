import { PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { N, S } from './dynamodb';

export interface WildFakemon {
  readonly fakemonId: string;
  readonly species: string;
  /** Epoch seconds (TTL: the fakémon flees). */
  readonly expiresAt: number;
  readonly lat: number;
  readonly lng: number;
  /** The cell of the geo index it is in. */
  readonly cell: string;
}

/** The world table, as the spawn function writes it. */
export class WorldStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  /** Puts a wild fakémon, replacing any previous item with this id (a respawn). */
  async putWild(fakemon: WildFakemon): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.table,
        Item: {
          fakemonId: S(fakemon.fakemonId),
          status: S('wild'),
          species: S(fakemon.species),
          expiresAt: N(fakemon.expiresAt),
          lat: N(fakemon.lat),
          lng: N(fakemon.lng),
          cell: S(fakemon.cell),
        },
      }),
    );
  }
}
