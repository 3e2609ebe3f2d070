import { sqsErrors } from './errors';
import type { SqsMessageAttributeValue } from './md5';

const VALID_BODY = /^[\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
const ATTRIBUTE_NAME = /^(?!\.)(?!.*\.\.)(?!.*\.$)[A-Za-z0-9_.-]{1,256}$/;
/** MessageGroupId and MessageDeduplicationId: 1-128 alphanumeric or punctuation characters. */
const MESSAGE_ID = /^[A-Za-z0-9!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]{1,128}$/;

export function validateBody(body: unknown): string {
  if (body === undefined || body === null) throw sqsErrors.missingParameter('MessageBody');
  if (typeof body !== 'string') throw sqsErrors.invalidParameterValue('Value for parameter MessageBody is invalid.');
  if (body.length === 0) throw sqsErrors.missingParameter('MessageBody');
  if (!VALID_BODY.test(body)) throw sqsErrors.invalidMessageContents();
  return body;
}

export function validateMessageAttributes(
  attributes: unknown,
): Record<string, SqsMessageAttributeValue> {
  if (attributes === undefined || attributes === null) return {};
  if (typeof attributes !== 'object' || Array.isArray(attributes)) {
    throw sqsErrors.invalidParameterValue('Value for parameter MessageAttributes is invalid.');
  }
  const entries = Object.entries(attributes as Record<string, unknown>);
  if (entries.length > 10) {
    throw sqsErrors.invalidParameterValue(`Number of message attributes [${entries.length}] exceeds the allowed maximum [10].`);
  }
  const result: Record<string, SqsMessageAttributeValue> = {};
  for (const [name, raw] of entries) {
    if (!ATTRIBUTE_NAME.test(name) || /^(aws|amazon)\./i.test(name)) {
      throw sqsErrors.invalidParameterValue(`Message (user) attribute '${name}' must contain a non-empty name of at most 256 characters.`);
    }
    const value = (raw ?? {}) as Record<string, unknown>;
    const dataType = value.DataType;
    if (typeof dataType !== 'string' || dataType.length === 0) {
      throw sqsErrors.invalidParameterValue(`The message attribute '${name}' must contain non-empty message attribute type.`);
    }
    const baseType = dataType.split('.')[0];
    if (baseType !== 'String' && baseType !== 'Number' && baseType !== 'Binary') {
      throw sqsErrors.invalidParameterValue(`The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`);
    }
    if (baseType === 'Binary') {
      if (typeof value.BinaryValue !== 'string' || value.BinaryValue.length === 0) {
        throw sqsErrors.invalidParameterValue(`The message attribute '${name}' with type 'Binary' must use field 'Binary'.`);
      }
      result[name] = { DataType: dataType, BinaryValue: value.BinaryValue };
    } else {
      if (typeof value.StringValue !== 'string') {
        throw sqsErrors.invalidParameterValue(`The message attribute '${name}' with type '${baseType}' must use field 'String'.`);
      }
      if (value.StringValue.length === 0) {
        throw sqsErrors.invalidParameterValue(`Message (user) attribute '${name}' must contain a non-empty value of type '${baseType}'.`);
      }
      if (baseType === 'Number' && !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(value.StringValue.trim())) {
        throw sqsErrors.invalidParameterValue(`Can't cast the value of message (user) attribute '${name}' to a number.`);
      }
      result[name] = { DataType: dataType, StringValue: value.StringValue };
    }
  }
  return result;
}

export function messageSize(body: string, attributes: Record<string, SqsMessageAttributeValue>): number {
  let size = Buffer.byteLength(body, 'utf8');
  for (const [name, value] of Object.entries(attributes)) {
    size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value.DataType, 'utf8');
    size += value.StringValue !== undefined ? Buffer.byteLength(value.StringValue, 'utf8') : Buffer.from(value.BinaryValue ?? '', 'base64').length;
  }
  return size;
}

/** A MessageGroupId or MessageDeduplicationId, or undefined when absent. */
export function validateMessageId(value: unknown, parameter: 'MessageGroupId' | 'MessageDeduplicationId'): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !MESSAGE_ID.test(value)) {
    throw sqsErrors.invalidParameterValue(
      `Value ${String(value)} for parameter ${parameter} is invalid. Reason: ${parameter} can only include alphanumeric and punctuation characters. 1 to 128 in length.`,
    );
  }
  return value;
}

/**
 * The payload of a SendMessageBatch request as SQS counts it against its 1 MiB limit: every entry's body and
 * message attributes (an entry whose attributes are malformed counts its body; it fails on its own later).
 */
export function batchPayloadSize(entries: ReadonlyArray<Record<string, unknown>>): number {
  return entries.reduce((sum, entry) => {
    const body = typeof entry.MessageBody === 'string' ? entry.MessageBody : '';
    let attributes: Record<string, SqsMessageAttributeValue> = {};
    try {
      attributes = validateMessageAttributes(entry.MessageAttributes);
    } catch {
      // counted without attributes
    }
    return sum + messageSize(body, attributes);
  }, 0);
}

export function integerParameter(value: unknown, name: string, min: number, max: number, reason: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw sqsErrors.invalidParameterValue(`Value ${String(value)} for parameter ${name} is invalid. Reason: ${reason}`);
  }
  return number;
}

export function validateBatchEntries(entries: unknown, idsOf: (entry: Record<string, unknown>) => unknown = (entry) => entry.Id): Record<string, unknown>[] {
  if (!Array.isArray(entries) || entries.length === 0) throw sqsErrors.emptyBatchRequest();
  if (entries.length > 10) throw sqsErrors.tooManyEntries(entries.length);
  const seen = new Set<string>();
  for (const entry of entries as Record<string, unknown>[]) {
    const id = idsOf(entry);
    if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,80}$/.test(id)) throw sqsErrors.invalidBatchEntryId();
    if (seen.has(id)) throw sqsErrors.batchEntryIdsNotDistinct(id);
    seen.add(id);
  }
  return entries as Record<string, unknown>[];
}
