import { GetItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { N, readString, S } from './dynamodb';

/** What was sent for an event. */
export interface SentNotification {
  readonly eventId: string;
  readonly messageId: string;
  readonly recipient: string;
  readonly notification: string;
}

/** The notifications table: which events' e-mails went out. */
export class SentNotifications {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  /** The e-mail already sent for this event, if any (a strongly consistent read). */
  async find(eventId: string): Promise<SentNotification | undefined> {
    const { Item } = await this.client.send(new GetItemCommand({ TableName: this.table, Key: { eventId: S(eventId) }, ConsistentRead: true }));
    const messageId = readString(Item, 'messageId');
    return messageId ? { eventId, messageId, recipient: readString(Item, 'recipient') ?? '', notification: readString(Item, 'notification') ?? '' } : undefined;
  }

  /** Records a sent e-mail until `expiresAt` (TTL). */
  async record(sent: SentNotification, expiresAt: Date): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.table,
        Item: {
          eventId: S(sent.eventId),
          messageId: S(sent.messageId),
          recipient: S(sent.recipient),
          notification: S(sent.notification),
          expiresAt: N(Math.floor(expiresAt.getTime() / 1000)),
        },
      }),
    );
  }
}
