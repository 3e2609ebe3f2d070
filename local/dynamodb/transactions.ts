import { DynamoCallError, type DynamoClient } from './client';

type Json = Record<string, unknown>;
type AttributeMap = Record<string, unknown>;

/** A DynamoDB error answer to send back as is. */
export class DynamoError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
    readonly extra: Json = {},
  ) {
    super(message);
  }

  toBody(): Json {
    return { __type: `com.amazonaws.dynamodb.v20120810#${this.type}`, message: this.message, ...this.extra };
  }
}

function validation(message: string): DynamoError {
  return new DynamoError('ValidationException', message);
}

/** Keeps only the names and values an operation's expressions use (DynamoDB rejects unused ones). */
export function pruneExpressionAttributes(operation: Json, expressionKeys: string[]): Json {
  const text = expressionKeys.map((key) => (typeof operation[key] === 'string' ? (operation[key] as string) : '')).join(' ');
  const result: Json = { ...operation };
  const names = operation.ExpressionAttributeNames as Record<string, string> | undefined;
  const values = operation.ExpressionAttributeValues as Record<string, unknown> | undefined;
  delete result.ExpressionAttributeNames;
  delete result.ExpressionAttributeValues;
  if (names) {
    const used = Object.fromEntries(Object.entries(names).filter(([token]) => new RegExp(`${escape(token)}(?![A-Za-z0-9_])`).test(text)));
    if (Object.keys(used).length > 0) result.ExpressionAttributeNames = used;
  }
  if (values) {
    const used = Object.fromEntries(Object.entries(values).filter(([token]) => new RegExp(`${escape(token)}(?![A-Za-z0-9_])`).test(text)));
    if (Object.keys(used).length > 0) result.ExpressionAttributeValues = used;
  }
  return result;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface KeySchema {
  readonly hash: string;
  readonly range?: string;
}

interface PlannedItem {
  readonly kind: 'ConditionCheck' | 'Put' | 'Delete' | 'Update';
  readonly operation: Json;
  readonly tableName: string;
  readonly key: AttributeMap;
  old?: AttributeMap;
}

/** AWS's message for a cancellation reason code (injected failures use it too). */
const REASON_MESSAGES: Readonly<Record<string, string>> = {
  ConditionalCheckFailed: 'The conditional request failed',
  TransactionConflict: 'Transaction is ongoing for the item',
};

/** The TransactionCanceledException DynamoDB answers: one reason per item, codes listed in the message. */
function cancellation(reasons: Json[]): DynamoError {
  return new DynamoError(
    'TransactionCanceledException',
    `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((reason) => reason.Code).join(', ')}]`,
    400,
    { CancellationReasons: reasons },
  );
}

/**
 * TransactWriteItems and TransactGetItems on top of dynalite (which has no transactions): under the
 * endpoint's lock held exclusively, every condition is evaluated against the state before the transaction (by a
 * conditional write of the unchanged item, undone at once), then all writes are applied, and undone
 * again if one of them fails.
 */
export class TransactionEmulator {
  private readonly keySchemas = new Map<string, KeySchema>();
  private readonly tokens = new Map<string, { at: number; fingerprint: string }>();
  /** TransactWriteItems requests received (valid or not). */
  writeRequests = 0;
  private injected: { count: number; code: string } = { count: 0, code: 'TransactionConflict' };

  constructor(
    private readonly client: DynamoClient,
    private readonly now: () => number,
  ) {}

  forgetTable(tableName: string): void {
    this.keySchemas.delete(tableName);
  }

  /**
   * Fault injection for tests: the next `count` valid TransactWriteItems requests are cancelled with
   * `code` on their first item (`None` on the others) and change nothing, as DynamoDB does on a
   * conflict. Replaces any earlier setting; `count` 0 turns it off.
   */
  failNext(count: number, code: string): void {
    this.injected = { count: Math.max(0, Math.floor(count)), code };
  }

  async transactWriteItems(input: Json): Promise<Json> {
    this.writeRequests += 1;
    const items = input.TransactItems;
    if (!Array.isArray(items) || items.length === 0) {
      throw validation("1 validation error detected: Value null at 'transactItems' failed to satisfy constraint: Member must not be null");
    }
    if (items.length > 100) {
      throw validation(`1 validation error detected: Value '[${items.length} items]' at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100`);
    }
    const token = typeof input.ClientRequestToken === 'string' ? input.ClientRequestToken : undefined;
    const fingerprint = JSON.stringify(items);
    if (token) {
      this.expireTokens();
      const previous = this.tokens.get(token);
      if (previous) {
        if (previous.fingerprint !== fingerprint) {
          throw new DynamoError('IdempotentParameterMismatchException', 'The request uses the same client token as a previous, but non-identical request.');
        }
        return {};
      }
    }

    const planned: PlannedItem[] = [];
    const seen = new Set<string>();
    for (const raw of items as Json[]) {
      const kinds = (['ConditionCheck', 'Put', 'Delete', 'Update'] as const).filter((kind) => raw[kind] !== undefined);
      if (kinds.length !== 1) throw validation('TransactItems can only contain one of Check, Put, Update or Delete');
      const kind = kinds[0];
      const operation = raw[kind] as Json;
      const tableName = operation.TableName;
      if (typeof tableName !== 'string') throw validation("1 validation error detected: Value null at 'transactItems.1.member.tableName' failed to satisfy constraint: Member must not be null");
      const schema = await this.keySchema(tableName);
      const source = (kind === 'Put' ? operation.Item : operation.Key) as AttributeMap | undefined;
      if (!source || typeof source !== 'object') throw validation('The provided key element does not match the schema');
      const key: AttributeMap = { [schema.hash]: source[schema.hash] };
      if (schema.range) key[schema.range] = source[schema.range];
      if (key[schema.hash] === undefined || (schema.range && key[schema.range] === undefined)) {
        throw validation('The provided key element does not match the schema');
      }
      const identity = `${tableName}\u0000${JSON.stringify(key)}`;
      if (seen.has(identity)) throw validation('Transaction request cannot include multiple operations on one item');
      seen.add(identity);
      planned.push({ kind, operation, tableName, key });
    }

    if (this.injected.count > 0) {
      this.injected.count -= 1;
      const { code } = this.injected;
      throw cancellation(planned.map((_, i) => (i === 0 ? { Code: code, Message: REASON_MESSAGES[code] ?? code } : { Code: 'None' })));
    }

    // Snapshot the items before the transaction.
    for (const item of planned) {
      const current = await this.client.call<{ Item?: AttributeMap }>('GetItem', { TableName: item.tableName, Key: item.key, ConsistentRead: true });
      item.old = current.Item;
    }

    // Evaluate every condition against that snapshot.
    const reasons: Json[] = [];
    let cancelled = false;
    for (const item of planned) {
      const condition = item.operation.ConditionExpression;
      if (typeof condition !== 'string') {
        reasons.push({ Code: 'None' });
        continue;
      }
      const passed = await this.probeCondition(item);
      if (passed) {
        reasons.push({ Code: 'None' });
      } else {
        cancelled = true;
        const reason: Json = { Code: 'ConditionalCheckFailed', Message: REASON_MESSAGES.ConditionalCheckFailed };
        if (item.operation.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' && item.old) reason.Item = item.old;
        reasons.push(reason);
      }
    }
    if (cancelled) throw cancellation(reasons);

    // Apply the writes; undo them all if one fails.
    const applied: PlannedItem[] = [];
    try {
      for (const item of planned) {
        await this.apply(item);
        applied.push(item);
      }
    } catch (error) {
      for (const item of applied.reverse()) await this.restore(item);
      if (error instanceof DynamoCallError) throw new DynamoError(error.type, error.message, error.status);
      throw error;
    }
    if (token) this.tokens.set(token, { at: this.now(), fingerprint });
    return {};
  }

  async transactGetItems(input: Json): Promise<Json> {
    const items = input.TransactItems;
    if (!Array.isArray(items) || items.length === 0 || items.length > 100) {
      throw validation("1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length between 1 and 100");
    }
    const responses: Json[] = [];
    for (const raw of items as Json[]) {
      const get = raw.Get as Json | undefined;
      if (!get) throw validation('TransactGetItems only supports Get');
      const request = pruneExpressionAttributes({ ...get, ConsistentRead: true }, ['ProjectionExpression']);
      const result = await this.call<{ Item?: AttributeMap }>('GetItem', request);
      responses.push(result.Item ? { Item: result.Item } : {});
    }
    return { Responses: responses };
  }

  private async probeCondition(item: PlannedItem): Promise<boolean> {
    const probe = pruneExpressionAttributes(
      {
        TableName: item.tableName,
        Item: item.old ?? item.key,
        ConditionExpression: item.operation.ConditionExpression,
        ExpressionAttributeNames: item.operation.ExpressionAttributeNames,
        ExpressionAttributeValues: item.operation.ExpressionAttributeValues,
      },
      ['ConditionExpression'],
    );
    try {
      await this.client.call('PutItem', probe);
    } catch (error) {
      if (error instanceof DynamoCallError && error.type === 'ConditionalCheckFailedException') return false;
      if (error instanceof DynamoCallError) throw new DynamoError(error.type, error.message, error.status);
      throw error;
    }
    if (!item.old) await this.client.call('DeleteItem', { TableName: item.tableName, Key: item.key });
    return true;
  }

  private async apply(item: PlannedItem): Promise<void> {
    const { operation } = item;
    switch (item.kind) {
      case 'ConditionCheck':
        return;
      case 'Put':
        await this.client.call('PutItem', pruneExpressionAttributes({ TableName: item.tableName, Item: operation.Item, ExpressionAttributeNames: operation.ExpressionAttributeNames, ExpressionAttributeValues: operation.ExpressionAttributeValues }, []));
        return;
      case 'Delete':
        await this.client.call('DeleteItem', { TableName: item.tableName, Key: item.key });
        return;
      case 'Update':
        await this.client.call(
          'UpdateItem',
          pruneExpressionAttributes(
            {
              TableName: item.tableName,
              Key: item.key,
              UpdateExpression: operation.UpdateExpression,
              ExpressionAttributeNames: operation.ExpressionAttributeNames,
              ExpressionAttributeValues: operation.ExpressionAttributeValues,
            },
            ['UpdateExpression'],
          ),
        );
        return;
    }
  }

  private async restore(item: PlannedItem): Promise<void> {
    if (item.kind === 'ConditionCheck') return;
    if (item.old) await this.client.call('PutItem', { TableName: item.tableName, Item: item.old });
    else await this.client.call('DeleteItem', { TableName: item.tableName, Key: item.key });
  }

  private async call<T>(operation: string, input: Json): Promise<T> {
    try {
      return await this.client.call<T>(operation, input);
    } catch (error) {
      if (error instanceof DynamoCallError) throw new DynamoError(error.type, error.message, error.status);
      throw error;
    }
  }

  private async keySchema(tableName: string): Promise<KeySchema> {
    const cached = this.keySchemas.get(tableName);
    if (cached) return cached;
    let description: { Table?: { KeySchema?: Array<{ AttributeName: string; KeyType: string }> } };
    try {
      description = await this.client.call('DescribeTable', { TableName: tableName });
    } catch (error) {
      if (error instanceof DynamoCallError && error.type === 'ResourceNotFoundException') {
        throw new DynamoError('ResourceNotFoundException', 'Requested resource not found');
      }
      throw error;
    }
    const keys = description.Table?.KeySchema ?? [];
    const schema: KeySchema = {
      hash: keys.find((key) => key.KeyType === 'HASH')?.AttributeName ?? '',
      range: keys.find((key) => key.KeyType === 'RANGE')?.AttributeName,
    };
    this.keySchemas.set(tableName, schema);
    return schema;
  }

  private expireTokens(): void {
    const cutoff = this.now() - 10 * 60 * 1000;
    for (const [token, entry] of this.tokens) if (entry.at < cutoff) this.tokens.delete(token);
  }
}
