import {
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { CAPTURE_FAILURE_REASONS, type CaptureFailureReason } from '../events/primitives';
import type { AttemptRecord, CaptureCancellation, WorldSnapshot } from '../capture/domain';
import { N, S, cancellationReasonsOf, compactItem, isConditionalCheckFailed, readNumber, readString, type Item } from './dynamodb';

export interface CaptureTables {
  readonly world: string;
  readonly collections: string;
  readonly attempts: string;
}

export type CommitResult = { readonly committed: true } | ({ readonly committed: false } & CaptureCancellation);

export function worldSnapshotOf(item: Item | undefined): WorldSnapshot | undefined {
  const fakemonId = readString(item, 'fakemonId');
  if (!item || fakemonId === undefined) return undefined;
  const snapshot: { -readonly [K in keyof WorldSnapshot]: WorldSnapshot[K] } = { fakemonId };
  const status = readString(item, 'status');
  const species = readString(item, 'species');
  const expiresAt = readNumber(item, 'expiresAt');
  const capturedBy = readString(item, 'capturedBy');
  const cell = readString(item, 'cell');
  if (cell !== undefined) snapshot.cell = cell;
  if (status !== undefined) snapshot.status = status;
  if (species !== undefined) snapshot.species = species;
  if (expiresAt !== undefined) snapshot.expiresAt = expiresAt;
  if (capturedBy !== undefined) snapshot.capturedBy = capturedBy;
  return snapshot;
}

export function attemptRecordOf(item: Item | undefined): AttemptRecord | undefined {
  const attemptId = readString(item, 'attemptId');
  const player = readString(item, 'player');
  const fakemon = readString(item, 'fakemon');
  const outcome = readString(item, 'outcome');
  if (!item || !attemptId || !player || !fakemon || (outcome !== 'succeeded' && outcome !== 'failed')) return undefined;
  const reason = readString(item, 'reason');
  const capturedAt = readString(item, 'capturedAt');
  const cell = readString(item, 'cell');
  return {
    attemptId,
    player,
    fakemon,
    outcome,
    ...(reason && (CAPTURE_FAILURE_REASONS as readonly string[]).includes(reason) ? { reason: reason as CaptureFailureReason } : {}),
    ...(capturedAt ? { capturedAt } : {}),
    ...(cell ? { cell } : {}),
    ...(item.announcedFled?.BOOL === true ? { announcedFled: true } : {}),
    expiresAt: readNumber(item, 'expiresAt') ?? 0,
  };
}

export function attemptItemOf(record: AttemptRecord): Item {
  return compactItem({
    attemptId: S(record.attemptId),
    player: S(record.player),
    fakemon: S(record.fakemon),
    outcome: S(record.outcome),
    reason: record.reason === undefined ? undefined : S(record.reason),
    capturedAt: record.capturedAt === undefined ? undefined : S(record.capturedAt),
    cell: record.cell === undefined ? undefined : S(record.cell),
    announcedFled: record.announcedFled ? { BOOL: true } : undefined,
    expiresAt: N(record.expiresAt),
  });
}

/** The capture function's DynamoDB I/O: world, collections and attempts tables. */
export class CaptureStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tables: CaptureTables,
  ) {}

  /**
   * The world item, strongly consistent: what it says about a captured, fled or unknown fakémon settles an attempt
   * without a transaction, so it must not be stale (an eventually consistent read could miss a fresh spawn).
   */
  async getWorld(fakemonId: string): Promise<WorldSnapshot | undefined> {
    const result = await this.client.send(new GetItemCommand({ TableName: this.tables.world, Key: { fakemonId: S(fakemonId) }, ConsistentRead: true }));
    return worldSnapshotOf(result.Item);
  }

  /**
   * Marks a wild fakémon whose `expiresAt` has passed as fled; true for the one caller whose write did it (the
   * condition fails for everyone after it, and for a fakémon that was captured or respawned meanwhile).
   */
  async markFled(fakemonId: string, nowEpoch: number): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tables.world,
          Key: { fakemonId: S(fakemonId) },
          UpdateExpression: 'SET #status = :fled',
          ConditionExpression: '#status = :wild AND #expiresAt <= :now',
          ExpressionAttributeNames: { '#status': 'status', '#expiresAt': 'expiresAt' },
          ExpressionAttributeValues: { ':fled': S('fled'), ':wild': S('wild'), ':now': N(nowEpoch) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  /**
   * One transaction: mark the fakémon captured (if still wild and not fled), add it to the player's
   * collection, record the attempt (if never seen). Returns the per-item cancellation codes instead
   * of throwing when a condition fails or the transaction conflicts.
   */
  async commitCapture(record: AttemptRecord, species: string | undefined, nowEpoch: number): Promise<CommitResult> {
    if (record.outcome !== 'succeeded' || !record.capturedAt) throw new Error('commitCapture needs a succeeded record');
    try {
      await this.client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tables.world,
                Key: { fakemonId: S(record.fakemon) },
                UpdateExpression: 'SET #status = :captured, #capturedBy = :player, #capturedAt = :capturedAt',
                ConditionExpression:
                  'attribute_exists(#fakemonId) AND #status = :wild AND (attribute_not_exists(#expiresAt) OR #expiresAt > :now)',
                ExpressionAttributeNames: {
                  '#fakemonId': 'fakemonId',
                  '#status': 'status',
                  '#expiresAt': 'expiresAt',
                  '#capturedBy': 'capturedBy',
                  '#capturedAt': 'capturedAt',
                },
                ExpressionAttributeValues: {
                  ':captured': S('captured'),
                  ':wild': S('wild'),
                  ':player': S(record.player),
                  ':capturedAt': S(record.capturedAt),
                  ':now': N(nowEpoch),
                },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            {
              Put: {
                TableName: this.tables.collections,
                Item: compactItem({
                  player: S(record.player),
                  fakemonId: S(record.fakemon),
                  species: species === undefined ? undefined : S(species),
                  capturedAt: S(record.capturedAt),
                  attemptId: S(record.attemptId),
                }),
              },
            },
            {
              Put: {
                TableName: this.tables.attempts,
                Item: attemptItemOf(record),
                ConditionExpression: 'attribute_not_exists(#attemptId)',
                ExpressionAttributeNames: { '#attemptId': 'attemptId' },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
          ],
        }),
      );
      return { committed: true };
    } catch (error) {
      const reasons = cancellationReasonsOf(error);
      if (!reasons) throw error;
      const [world, collection, attempt] = [reasons[0], reasons[1], reasons[2]];
      const worldSnapshot = world?.item ? worldSnapshotOf(world.item) : undefined;
      const attemptRecord = attempt?.item ? attemptRecordOf(attempt.item) : undefined;
      return {
        committed: false,
        world: { code: world?.code ?? 'None', ...(worldSnapshot ? { snapshot: worldSnapshot } : {}) },
        collection: { code: collection?.code ?? 'None' },
        attempt: { code: attempt?.code ?? 'None', ...(attemptRecord ? { record: attemptRecord } : {}) },
      };
    }
  }

  /** Records an attempt unless one with the same id exists; false when it already existed. */
  async recordAttempt(record: AttemptRecord): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tables.attempts,
          Item: attemptItemOf(record),
          ConditionExpression: 'attribute_not_exists(#attemptId)',
          ExpressionAttributeNames: { '#attemptId': 'attemptId' },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  /** The recorded attempt (strongly consistent read). */
  async getAttempt(attemptId: string): Promise<AttemptRecord | undefined> {
    const result = await this.client.send(
      new GetItemCommand({ TableName: this.tables.attempts, Key: { attemptId: S(attemptId) }, ConsistentRead: true }),
    );
    return attemptRecordOf(result.Item);
  }
}
