import type { LocalRedrivePolicy } from '../aws/model';
import { sqsErrors } from './errors';
import type { QueueAttributes } from './queue';

/** The largest message SQS accepts, and the default MaximumMessageSize of a queue created through the API (1 MiB). */
export const MAX_MESSAGE_BYTES = 1_048_576;

/** Every queue attribute GetQueueAttributes knows, in the order AWS lists them. */
export const QUEUE_ATTRIBUTE_NAMES = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'DelaySeconds',
  'LastModifiedTimestamp',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'Policy',
  'QueueArn',
  'ReceiveMessageWaitTimeSeconds',
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'VisibilityTimeout',
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
  'SqsManagedSseEnabled',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
] as const;

const FIFO_ONLY_MESSAGES: Record<string, string> = {
  ContentBasedDeduplication: 'Unknown Attribute ContentBasedDeduplication.',
  DeduplicationScope: 'You can specify the DeduplicationScope only when FifoQueue is set to true.',
  FifoThroughputLimit: 'You can specify the FifoThroughputLimit only when FifoQueue is set to true.',
};

/** The attributes of a new queue before the request's attributes apply. */
export function defaultQueueAttributes(fifo: boolean): QueueAttributes {
  return {
    visibilityTimeoutSeconds: 30,
    messageRetentionSeconds: 345_600,
    delaySeconds: 0,
    receiveWaitTimeSeconds: 0,
    maximumMessageSize: MAX_MESSAGE_BYTES,
    fifo,
    contentBasedDeduplication: false,
    ...(fifo ? { deduplicationScope: 'queue' as const, fifoThroughputLimit: 'perQueue' as const } : {}),
    sqsManagedSseEnabled: true,
  };
}

/**
 * Applies CreateQueue or SetQueueAttributes attributes to `base` and returns the result; throws the error SQS
 * answers for an unknown attribute, a value out of range, a FIFO-only attribute on a standard queue, or both
 * kinds of server-side encryption at once.
 */
export function applyQueueAttributes(base: QueueAttributes, raw: Record<string, string>): QueueAttributes {
  const result: QueueAttributes = { ...base };
  const int = (name: string, min: number, max: number): number => {
    const value = Number(raw[name]);
    if (raw[name] === '' || !Number.isInteger(value) || value < min || value > max) {
      throw sqsErrors.invalidAttributeValue(`Invalid value for the parameter ${name}.`);
    }
    return value;
  };
  for (const name of Object.keys(raw)) {
    const value = raw[name];
    if (!base.fifo && FIFO_ONLY_MESSAGES[name]) throw sqsErrors.invalidAttributeName(FIFO_ONLY_MESSAGES[name]);
    switch (name) {
      case 'VisibilityTimeout':
        result.visibilityTimeoutSeconds = int(name, 0, 43_200);
        break;
      case 'MessageRetentionPeriod':
        result.messageRetentionSeconds = int(name, 60, 1_209_600);
        break;
      case 'DelaySeconds':
        result.delaySeconds = int(name, 0, 900);
        break;
      case 'ReceiveMessageWaitTimeSeconds':
        result.receiveWaitTimeSeconds = int(name, 0, 20);
        break;
      case 'MaximumMessageSize':
        result.maximumMessageSize = int(name, 1024, MAX_MESSAGE_BYTES);
        break;
      case 'RedrivePolicy':
        result.redrive = value ? parseRedrivePolicy(value) : undefined;
        break;
      case 'FifoQueue':
        // A standard queue does not know the attribute at all; a FIFO queue cannot stop being one.
        if (!base.fifo) throw sqsErrors.unknownAttribute(name);
        if (!booleanAttribute(name, value)) {
          throw sqsErrors.invalidAttributeValue('Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.');
        }
        break;
      case 'ContentBasedDeduplication':
        result.contentBasedDeduplication = booleanAttribute(name, value);
        break;
      case 'DeduplicationScope':
        if (value !== 'queue' && value !== 'messageGroup') throw sqsErrors.invalidAttributeValue(`Invalid value for the parameter ${name}.`);
        result.deduplicationScope = value;
        break;
      case 'FifoThroughputLimit':
        if (value !== 'perQueue' && value !== 'perMessageGroupId') throw sqsErrors.invalidAttributeValue(`Invalid value for the parameter ${name}.`);
        result.fifoThroughputLimit = value;
        break;
      case 'Policy':
        result.policy = value ? jsonDocument(name, value) : undefined;
        break;
      case 'RedriveAllowPolicy':
        result.redriveAllowPolicy = value ? jsonDocument(name, value) : undefined;
        break;
      case 'KmsMasterKeyId':
        result.kmsMasterKeyId = value || undefined;
        if (value) result.sqsManagedSseEnabled = false;
        break;
      case 'KmsDataKeyReusePeriodSeconds':
        result.kmsDataKeyReusePeriodSeconds = int(name, 60, 86_400);
        break;
      case 'SqsManagedSseEnabled':
        result.sqsManagedSseEnabled = booleanAttribute(name, value);
        break;
      default:
        throw sqsErrors.unknownAttribute(name);
    }
  }
  if (raw.KmsMasterKeyId && raw.SqsManagedSseEnabled !== undefined && booleanAttribute('SqsManagedSseEnabled', raw.SqsManagedSseEnabled)) {
    throw sqsErrors.invalidAttributeName('You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.');
  }
  if (result.sqsManagedSseEnabled) result.kmsMasterKeyId = undefined;
  if (result.fifoThroughputLimit === 'perMessageGroupId' && result.deduplicationScope !== 'messageGroup') {
    throw sqsErrors.invalidAttributeValue('Invalid value for the parameter FifoThroughputLimit. Reason: perMessageGroupId is allowed only when DeduplicationScope is messageGroup.');
  }
  return result;
}

/** The attribute values GetQueueAttributes reports (undefined: not reported for this queue). */
export function queueAttributeValues(attributes: QueueAttributes): Record<string, string | undefined> {
  const a = attributes;
  const kms = a.kmsMasterKeyId !== undefined;
  return {
    DelaySeconds: String(a.delaySeconds),
    MaximumMessageSize: String(a.maximumMessageSize),
    MessageRetentionPeriod: String(a.messageRetentionSeconds),
    Policy: a.policy,
    ReceiveMessageWaitTimeSeconds: String(a.receiveWaitTimeSeconds),
    RedrivePolicy: a.redrive ? JSON.stringify({ deadLetterTargetArn: a.redrive.deadLetterTargetArn, maxReceiveCount: a.redrive.maxReceiveCount }) : undefined,
    RedriveAllowPolicy: a.redriveAllowPolicy,
    VisibilityTimeout: String(a.visibilityTimeoutSeconds),
    FifoQueue: a.fifo ? 'true' : undefined,
    ContentBasedDeduplication: a.fifo ? String(a.contentBasedDeduplication) : undefined,
    DeduplicationScope: a.fifo ? a.deduplicationScope ?? 'queue' : undefined,
    FifoThroughputLimit: a.fifo ? a.fifoThroughputLimit ?? 'perQueue' : undefined,
    SqsManagedSseEnabled: String(a.sqsManagedSseEnabled ?? true),
    KmsMasterKeyId: a.kmsMasterKeyId,
    KmsDataKeyReusePeriodSeconds: kms ? String(a.kmsDataKeyReusePeriodSeconds ?? 300) : undefined,
  };
}

/** The first attribute of a CreateQueue request whose value differs from the existing queue's. */
export function conflictingAttribute(existing: QueueAttributes, requested: QueueAttributes, names: readonly string[]): string | undefined {
  const before = queueAttributeValues(existing);
  const after = queueAttributeValues(requested);
  return names.find((name) => before[name] !== after[name]);
}

/** "true"/"false" in any letter case, as SQS accepts boolean attributes. */
export function booleanAttribute(name: string, value: string): boolean {
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw sqsErrors.invalidAttributeValue(`Invalid value for the parameter ${name}.`);
}

function parseRedrivePolicy(text: string): LocalRedrivePolicy {
  let policy: Partial<LocalRedrivePolicy>;
  try {
    policy = JSON.parse(text) as Partial<LocalRedrivePolicy>;
  } catch {
    throw sqsErrors.invalidAttributeValue('Invalid value for the parameter RedrivePolicy. Reason: Redrive policy is not a valid JSON map.');
  }
  const maxReceiveCount = Number(policy.maxReceiveCount);
  if (typeof policy.deadLetterTargetArn !== 'string' || !Number.isInteger(maxReceiveCount) || maxReceiveCount < 1 || maxReceiveCount > 1000) {
    throw sqsErrors.invalidAttributeValue('Value for parameter RedrivePolicy is invalid. Reason: Redrive policy is not a valid JSON map.');
  }
  return { deadLetterTargetArn: policy.deadLetterTargetArn, maxReceiveCount };
}

function jsonDocument(name: string, text: string): string {
  try {
    JSON.parse(text);
  } catch {
    throw sqsErrors.invalidAttributeValue(`Invalid value for the parameter ${name}.`);
  }
  return text;
}
