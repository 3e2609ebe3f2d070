import { DynamoDBClient, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { errorName } from '../shared/errors';

/**
 * Low-level DynamoDB helpers. The handlers use the plain `DynamoDBClient` commands (not the
 * document client) to keep bundles small; items are built and read with these few helpers.
 */

export type Item = Record<string, AttributeValue>;

/** A client built the normal way, so `AWS_ENDPOINT_URL(_DYNAMODB)` and the region env vars apply. */
export function createDynamoDbClient(): DynamoDBClient {
  return new DynamoDBClient({});
}

export const S = (value: string): AttributeValue => ({ S: value });
export const N = (value: number): AttributeValue => ({ N: String(value) });

export function readString(item: Item | undefined, name: string): string | undefined {
  const value = item?.[name];
  return value && 'S' in value && typeof value.S === 'string' ? value.S : undefined;
}

export function readNumber(item: Item | undefined, name: string): number | undefined {
  const value = item?.[name];
  if (!value || !('N' in value) || typeof value.N !== 'string') return undefined;
  const n = Number(value.N);
  return Number.isFinite(n) ? n : undefined;
}

/** Drops undefined attributes so optional fields can be written with `S(x)` only when set. */
export function compactItem(item: Record<string, AttributeValue | undefined>): Item {
  const out: Item = {};
  for (const [key, value] of Object.entries(item)) if (value !== undefined) out[key] = value;
  return out;
}


export function isConditionalCheckFailed(error: unknown): boolean {
  return errorName(error) === 'ConditionalCheckFailedException';
}

/** One entry of a TransactionCanceledException's CancellationReasons (same order as the items). */
export interface CancellationReason {
  /** `None`, `ConditionalCheckFailed`, `TransactionConflict`, `ThrottlingError` … */
  readonly code: string;
  /** The item as it was, when ReturnValuesOnConditionCheckFailure = ALL_OLD and its condition failed. */
  readonly item?: Item;
}

/** The cancellation reasons of a cancelled transaction, or undefined if `error` is something else. */
export function cancellationReasonsOf(error: unknown): CancellationReason[] | undefined {
  if (errorName(error) !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string; Item?: Item }[] }).CancellationReasons ?? [];
  return reasons.map((r) => ({ code: r.Code ?? 'None', ...(r.Item ? { item: r.Item } : {}) }));
}
