import { GetItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { isConditionalCheckFailed, N, readNumber, S } from './dynamodb';

/** The checkouts the cart-reminder function remembers, one per cart: the latest one. */
export interface CheckoutStore {
  /** Records a checkout unless a later one of the cart is already recorded; `expiresAt` is the record's TTL. */
  record(cartId: string, checkedOutAt: Date, expiresAt: Date): Promise<void>;
  /** The time of the cart's latest recorded checkout, if any (a strongly consistent read). */
  lastCheckout(cartId: string): Promise<Date | undefined>;
}

/** The checkouts table (`cartId` key, `checkedOutAt` epoch milliseconds, TTL `expiresAt` in epoch seconds). */
export function dynamoDbCheckoutStore(client: DynamoDBClient, table: string): CheckoutStore {
  return {
    async record(cartId, checkedOutAt, expiresAt) {
      try {
        await client.send(
          new PutItemCommand({
            TableName: table,
            Item: { cartId: S(cartId), checkedOutAt: N(checkedOutAt.getTime()), expiresAt: N(Math.floor(expiresAt.getTime() / 1000)) },
            // A redelivered or late, older checkout never replaces a later one.
            ConditionExpression: 'attribute_not_exists(cartId) OR checkedOutAt < :at',
            ExpressionAttributeValues: { ':at': N(checkedOutAt.getTime()) },
          }),
        );
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
      }
    },
    async lastCheckout(cartId) {
      const { Item } = await client.send(new GetItemCommand({ TableName: table, Key: { cartId: S(cartId) }, ConsistentRead: true }));
      const at = readNumber(Item, 'checkedOutAt');
      return at === undefined ? undefined : new Date(at);
    },
  };
}
