import { md5OfMessageAttributes, type SqsMessageAttributeValue } from './md5';
import type { StoredMessage } from './queue';

export const MESSAGE_SYSTEM_ATTRIBUTE_NAMES = [
  'SenderId',
  'SentTimestamp',
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
  'SequenceNumber',
  'MessageDeduplicationId',
  'MessageGroupId',
  'AWSTraceHeader',
  'DeadLetterQueueSourceArn',
] as const;

/** A received message in the SQS JSON protocol's shape. */
export interface FormattedMessage {
  MessageId: string;
  ReceiptHandle: string;
  MD5OfBody: string;
  Body: string;
  Attributes?: Record<string, string>;
  MD5OfMessageAttributes?: string;
  MessageAttributes?: Record<string, SqsMessageAttributeValue>;
}

export function formatMessage(message: StoredMessage, systemNames: readonly string[], attributeNames: readonly string[]): FormattedMessage {
  const formatted: FormattedMessage = {
    MessageId: message.messageId,
    ReceiptHandle: message.receiptHandle ?? '',
    MD5OfBody: message.md5OfBody,
    Body: message.body,
  };
  const system = systemAttributes(message, systemNames);
  if (Object.keys(system).length > 0) formatted.Attributes = system;
  const attributes = selectMessageAttributes(message.attributes, attributeNames);
  if (Object.keys(attributes).length > 0) {
    formatted.MD5OfMessageAttributes = md5OfMessageAttributes(attributes);
    formatted.MessageAttributes = attributes;
  }
  return formatted;
}

function systemAttributes(message: StoredMessage, names: readonly string[]): Record<string, string> {
  const all = names.includes('All');
  const values: Record<string, string | undefined> = {
    SenderId: message.senderId,
    SentTimestamp: String(message.sentAt),
    ApproximateReceiveCount: String(message.receiveCount),
    ApproximateFirstReceiveTimestamp: message.firstReceiveAt !== undefined ? String(message.firstReceiveAt) : undefined,
    SequenceNumber: message.sequenceNumber,
    MessageDeduplicationId: message.deduplicationId,
    MessageGroupId: message.groupId,
    AWSTraceHeader: message.systemAttributes.AWSTraceHeader,
    DeadLetterQueueSourceArn: message.systemAttributes.DeadLetterQueueSourceArn,
  };
  const result: Record<string, string> = {};
  for (const name of MESSAGE_SYSTEM_ATTRIBUTE_NAMES) {
    const value = values[name];
    if (value !== undefined && (all || names.includes(name))) result[name] = value;
  }
  return result;
}

function selectMessageAttributes(
  attributes: Record<string, SqsMessageAttributeValue>,
  names: readonly string[],
): Record<string, SqsMessageAttributeValue> {
  const result: Record<string, SqsMessageAttributeValue> = {};
  for (const [name, value] of Object.entries(attributes)) {
    const selected = names.some((wanted) => {
      if (wanted === 'All' || wanted === '.*' || wanted === '*') return true;
      // "prefix.*" selects every attribute whose name starts with "prefix".
      if (wanted.endsWith('.*')) return name.startsWith(wanted.slice(0, -2));
      return wanted === name;
    });
    if (selected) result[name] = value;
  }
  return result;
}
