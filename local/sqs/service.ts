import type { Clock } from '../clock';
import { arnResourceName, buildArn } from '../aws/arn';
import type { LocalAccount, LocalQueueConfig } from '../aws/model';
import type { RuntimeDatabase } from '../journal';
import type { ObservationStream } from '../observe';
import { sqsErrors } from './errors';
import type { SqsMessageAttributeValue } from './md5';
import { LocalQueue, type QueueAttributes, type QueueChangeListener, type SendOptions, type SendResult, type StoredMessage } from './queue';
import { applyQueueAttributes, conflictingAttribute, defaultQueueAttributes, QUEUE_ATTRIBUTE_NAMES, queueAttributeValues } from './queue-attributes';
import { QueueStore } from './store';
import { integerParameter, messageSize, validateBody, validateMessageAttributes, validateMessageId } from './validation';

export interface SqsServiceOptions {
  readonly account: LocalAccount;
  readonly clock: Clock;
  /** Base URL of queue URLs (the local endpoint), e.g. "http://127.0.0.1:4566". */
  readonly endpoint: () => string;
  /** Persist queues and messages in the data dir's database, each change before the API answers. @default in memory */
  readonly database?: RuntimeDatabase;
  /** Where changes of a queue's messages are reported (the console). @default nowhere */
  readonly observe?: ObservationStream;
}

export interface SendMessageInput {
  readonly body: unknown;
  readonly attributes?: unknown;
  readonly systemAttributes?: Record<string, string>;
  readonly delaySeconds?: unknown;
  readonly groupId?: unknown;
  readonly deduplicationId?: unknown;
  /** An entry of SendMessageBatch (SQS words some failures differently there). */
  readonly inBatch?: boolean;
}

export interface ReceiveMessageInput {
  readonly maxNumberOfMessages?: unknown;
  readonly visibilityTimeout?: unknown;
  readonly waitTimeSeconds?: unknown;
  /** Resolves to stop a long poll early (client disconnected, service stopping). */
  readonly abort?: Promise<void>;
}

export interface SqsCounters {
  sent: number;
  received: number;
  deleted: number;
  movedToDeadLetterQueue: number;
}

/** The local SQS: queues by name, URL or ARN, and every queue operation as an in-process API. */
export class SqsService {
  readonly counters: SqsCounters = { sent: 0, received: 0, deleted: 0, movedToDeadLetterQueue: 0 };
  private readonly queues = new Map<string, LocalQueue>();
  private readonly store: QueueStore | undefined;
  private readonly changeListener: QueueChangeListener;
  private readonly stopWaiters = new Set<() => void>();
  private stopped = false;

  constructor(private readonly options: SqsServiceOptions, configs: readonly LocalQueueConfig[] = []) {
    this.store = options.database ? new QueueStore(options.database) : undefined;
    this.changeListener = observedListener(this.store?.listener ?? IN_MEMORY, options.observe);
    for (const config of configs) this.createFromConfig(config);
    // Queues created through the API in an earlier run.
    if (this.store) {
      for (const name of this.store.list()) {
        if (this.queues.has(name)) continue;
        const snapshot = this.store.load(name);
        if (snapshot) this.addQueue(name, snapshot.attributes, snapshot);
      }
    }
  }

  get accountId(): string {
    return this.options.account.accountId;
  }

  queueArn(name: string): string {
    return buildArn('sqs', this.options.account.region, this.options.account.accountId, name);
  }

  queueUrl(name: string): string {
    return `${this.options.endpoint()}/${this.options.account.accountId}/${name}`;
  }

  createFromConfig(config: LocalQueueConfig): LocalQueue {
    const fifo = config.fifo ?? config.name.endsWith('.fifo');
    const attributes: QueueAttributes = {
      ...defaultQueueAttributes(fifo),
      visibilityTimeoutSeconds: config.visibilityTimeoutSeconds ?? 30,
      messageRetentionSeconds: config.messageRetentionSeconds ?? 345_600,
      delaySeconds: config.delaySeconds ?? 0,
      receiveWaitTimeSeconds: config.receiveWaitTimeSeconds ?? 0,
      maximumMessageSize: config.maximumMessageSize ?? 262_144,
      redrive: config.redrive,
      contentBasedDeduplication: config.contentBasedDeduplication ?? false,
      ...(fifo && config.deduplicationScope ? { deduplicationScope: config.deduplicationScope } : {}),
      ...(fifo && config.fifoThroughputLimit ? { fifoThroughputLimit: config.fifoThroughputLimit } : {}),
      kmsMasterKeyId: config.kmsMasterKeyId,
      kmsDataKeyReusePeriodSeconds: config.kmsDataKeyReusePeriodSeconds,
      sqsManagedSseEnabled: config.kmsMasterKeyId ? false : config.sqsManagedSseEnabled ?? true,
    };
    const snapshot = this.store?.load(config.name);
    return this.addQueue(config.name, attributes, snapshot, config.arn);
  }

  /** CreateQueue: idempotent when every given attribute equals the existing queue's. */
  createQueue(name: string, rawAttributes: Record<string, string> = {}): LocalQueue {
    if (!/^[A-Za-z0-9_-]{1,80}(\.fifo)?$/.test(name) || name.length > 80) {
      throw sqsErrors.invalidParameterValue(
        'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
      );
    }
    // "True" counts as true: SQS reads boolean attributes without regard to case.
    const fifo = rawAttributes.FifoQueue?.toLowerCase() === 'true';
    if (name.endsWith('.fifo') !== fifo) {
      throw sqsErrors.invalidParameterValue('The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.');
    }
    const attributes = applyQueueAttributes(defaultQueueAttributes(fifo), rawAttributes);
    const existing = this.queues.get(name);
    if (existing) {
      const conflict = conflictingAttribute(existing.attributes, attributes, Object.keys(rawAttributes));
      if (conflict) throw sqsErrors.queueAlreadyExists(conflict);
      return existing;
    }
    return this.addQueue(name, attributes);
  }

  deleteQueue(ref: string): void {
    const queue = this.getQueue(ref);
    this.queues.delete(queue.name);
    queue.wake();
    this.store?.remove(queue.name);
  }

  setQueueAttributes(ref: string, rawAttributes: Record<string, string>): void {
    const queue = this.getQueue(ref);
    queue.attributes = applyQueueAttributes(queue.attributes, rawAttributes);
    queue.lastModifiedAt = this.options.clock.now().getTime();
    queue.touch();
  }

  /** A queue by name, URL (any host) or ARN. */
  findQueue(ref: string): LocalQueue | undefined {
    if (this.queues.has(ref)) return this.queues.get(ref);
    let name: string | undefined;
    if (ref.startsWith('arn:')) name = arnResourceName(ref);
    else if (/^https?:\/\//.test(ref)) {
      try {
        const segments = new URL(ref).pathname.split('/').filter(Boolean);
        name = segments[segments.length - 1];
      } catch {
        name = undefined;
      }
    }
    return name ? this.queues.get(name) : undefined;
  }

  getQueue(ref: string | undefined): LocalQueue {
    if (!ref) throw sqsErrors.missingParameter('QueueUrl');
    const queue = this.findQueue(ref);
    if (!queue) throw sqsErrors.queueDoesNotExist();
    return queue;
  }

  listQueues(prefix?: string): LocalQueue[] {
    return [...this.queues.values()]
      .filter((queue) => !prefix || queue.name.startsWith(prefix))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  sendMessage(ref: string, input: SendMessageInput): SendResult {
    const queue = this.getQueue(ref);
    const body = validateBody(input.body);
    const attributes = validateMessageAttributes(input.attributes);
    const limit = queue.attributes.maximumMessageSize;
    if (messageSize(body, attributes) > limit) {
      const wording = input.inBatch ? 'cannot be validated' : 'are invalid';
      throw sqsErrors.invalidParameterValue(`One or more parameters ${wording}. Reason: Message must be shorter than ${limit} bytes.`);
    }
    const options: SendOptions = { attributes, systemAttributes: input.systemAttributes, ...this.sendOptions(queue, input) };
    const result = queue.send(body, options);
    this.counters.sent += 1;
    return result;
  }

  /** Internal delivery (EventBridge, Scheduler and Lambda destinations) to a queue ARN. */
  sendToArn(arn: string, body: string, attributes?: Record<string, SqsMessageAttributeValue>, groupId?: string): SendResult {
    const queue = this.findQueue(arn);
    if (!queue) throw sqsErrors.queueDoesNotExist();
    return this.sendMessage(queue.name, {
      body,
      attributes,
      groupId: queue.attributes.fifo ? groupId ?? 'default' : undefined,
      deduplicationId: queue.attributes.fifo && !queue.attributes.contentBasedDeduplication ? randomDedupId() : undefined,
    });
  }

  async receiveMessages(ref: string, input: ReceiveMessageInput = {}): Promise<StoredMessage[]> {
    const queue = this.getQueue(ref);
    const max = integerParameter(input.maxNumberOfMessages, 'MaxNumberOfMessages', 1, 10, 'Must be between 1 and 10, if provided.') ?? 1;
    const visibility = integerParameter(input.visibilityTimeout, 'VisibilityTimeout', 0, 43_200, 'Must be between 0 and 43200, if provided.');
    const wait =
      integerParameter(input.waitTimeSeconds, 'WaitTimeSeconds', 0, 20, 'Must be >= 0 and <= 20, if provided.') ??
      queue.attributes.receiveWaitTimeSeconds;
    const deadline = Date.now() + wait * 1000;
    let aborted = false;
    void input.abort?.then(() => {
      aborted = true;
      queue.wake();
    });
    for (;;) {
      const current = this.findQueue(queue.name);
      if (!current) throw sqsErrors.queueDoesNotExist();
      const messages = current.receive({ maxNumberOfMessages: max, visibilityTimeoutSeconds: visibility });
      if (messages.length > 0 || aborted || this.stopped) {
        this.counters.received += messages.length;
        return messages;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) return [];
      const change = current.waitForChange();
      let stopWaiter: (() => void) | undefined;
      const stopped = new Promise<void>((resolve) => {
        stopWaiter = resolve;
        this.stopWaiters.add(resolve);
      });
      let timer: NodeJS.Timeout | undefined;
      // Poll at least every 100 ms: visibility timeouts end and the clock may be advanced.
      const tick = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, Math.min(remaining, 100));
      });
      await Promise.race([change.promise, tick, stopped]);
      change.cancel();
      if (timer) clearTimeout(timer);
      if (stopWaiter) this.stopWaiters.delete(stopWaiter);
    }
  }

  deleteMessage(ref: string, receiptHandle: unknown): void {
    const queue = this.getQueue(ref);
    if (typeof receiptHandle !== 'string' || !receiptHandle) throw sqsErrors.missingParameter('ReceiptHandle');
    queue.delete(receiptHandle);
    this.counters.deleted += 1;
  }

  changeMessageVisibility(ref: string, receiptHandle: unknown, visibilityTimeout: unknown): void {
    const queue = this.getQueue(ref);
    if (typeof receiptHandle !== 'string' || !receiptHandle) throw sqsErrors.missingParameter('ReceiptHandle');
    const seconds = integerParameter(visibilityTimeout, 'VisibilityTimeout', 0, 43_200, 'Must be between 0 and 43200, if provided.');
    if (seconds === undefined) throw sqsErrors.missingParameter('VisibilityTimeout');
    queue.changeVisibility(receiptHandle, seconds);
  }

  purgeQueue(ref: string): void {
    this.getQueue(ref).purge();
  }

  /** GetQueueAttributes for the given names ("All" for every attribute). */
  queueAttributes(ref: string, names: readonly string[] = []): Record<string, string> {
    const queue = this.getQueue(ref);
    const wanted = names.includes('All') ? [...QUEUE_ATTRIBUTE_NAMES] : [...names];
    for (const name of wanted) {
      if (!(QUEUE_ATTRIBUTE_NAMES as readonly string[]).includes(name)) throw sqsErrors.unknownAttribute(name);
    }
    const counts = queue.counts();
    const all: Record<string, string | undefined> = {
      ...queueAttributeValues(queue.attributes),
      ApproximateNumberOfMessages: String(counts.visible),
      ApproximateNumberOfMessagesNotVisible: String(counts.notVisible),
      ApproximateNumberOfMessagesDelayed: String(counts.delayed),
      CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
      LastModifiedTimestamp: String(Math.floor(queue.lastModifiedAt / 1000)),
      QueueArn: queue.arn,
    };
    const result: Record<string, string> = {};
    for (const name of wanted) {
      const value = all[name];
      if (value !== undefined) result[name] = value;
    }
    return result;
  }

  /** Stops long polls (every change is already persisted). */
  stop(): void {
    this.stopped = true;
    for (const waiter of this.stopWaiters) waiter();
    this.stopWaiters.clear();
    for (const queue of this.queues.values()) queue.wake();
  }

  private sendOptions(queue: LocalQueue, input: SendMessageInput): Omit<SendOptions, 'attributes' | 'systemAttributes'> {
    const groupId = validateMessageId(input.groupId, 'MessageGroupId');
    const deduplicationId = validateMessageId(input.deduplicationId, 'MessageDeduplicationId');
    if (queue.attributes.fifo) {
      if (input.delaySeconds !== undefined && input.delaySeconds !== null && Number(input.delaySeconds) !== 0) {
        throw sqsErrors.invalidParameterValue(
          `Value ${String(input.delaySeconds)} for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.`,
        );
      }
      if (groupId === undefined) {
        // In a batch, SQS reports the missing group id as an invalid value of the entry.
        if (input.inBatch) throw sqsErrors.invalidParameterValue('The request must contain the parameter MessageGroupId.');
        throw sqsErrors.missingParameter('MessageGroupId');
      }
      if (deduplicationId === undefined && !queue.attributes.contentBasedDeduplication) {
        throw sqsErrors.invalidParameterValue(
          'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
        );
      }
      return { groupId, deduplicationId };
    }
    const delaySeconds = integerParameter(input.delaySeconds, 'DelaySeconds', 0, 900, 'Must be >= 0 and <= 900, if provided.');
    if (deduplicationId !== undefined) {
      throw sqsErrors.invalidParameterValue(
        'The request include parameter that is not valid for this queue type. Reason: MessageDeduplicationId is supported only for FIFO queues.',
      );
    }
    // Standard queues accept MessageGroupId (fair queues); it is only echoed back.
    return groupId === undefined ? { delaySeconds } : { delaySeconds, groupId };
  }

  private addQueue(name: string, attributes: QueueAttributes, snapshot?: ReturnType<LocalQueue['snapshot']>, arn?: string): LocalQueue {
    const queue = new LocalQueue(
      name,
      arn ?? this.queueArn(name),
      this.queueUrl(name),
      attributes,
      () => this.options.clock.now().getTime(),
      (dlqArn, message, source) => this.moveToDeadLetterQueue(dlqArn, message, source),
      this.changeListener,
      snapshot,
    );
    this.queues.set(name, queue);
    if (!snapshot) this.store?.saveQueue(queue);
    return queue;
  }

  private moveToDeadLetterQueue(dlqArn: string, message: StoredMessage, source: LocalQueue): boolean {
    const dlq = this.findQueue(dlqArn);
    if (!dlq || dlq === source) return false;
    dlq.send(message.body, {
      attributes: message.attributes,
      systemAttributes: Object.fromEntries(Object.entries(message.systemAttributes).filter(([key]) => key === 'AWSTraceHeader')),
      groupId: message.groupId,
      // A standard dead-letter queue has no deduplication ids.
      deduplicationId: dlq.attributes.fifo ? message.deduplicationId ?? message.messageId : undefined,
      delaySeconds: 0,
      moved: { messageId: message.messageId, sentAt: message.sentAt, sourceArn: source.arn, receiveCount: message.receiveCount },
      senderId: message.senderId,
    });
    this.counters.movedToDeadLetterQueue += 1;
    return true;
  }
}

/** The change listener of a runtime without a data dir. */
const IN_MEMORY: QueueChangeListener = { messageSaved: () => undefined, messagesRemoved: () => undefined, queueChanged: () => undefined };

/** Persists a queue's changes (with a data dir) and reports them (the console). */
function observedListener(persist: QueueChangeListener, observe: ObservationStream | undefined): QueueChangeListener {
  if (!observe) return persist;
  const changed = (queue: LocalQueue): void => observe.publish({ type: 'queue.changed', queueName: queue.name, queueArn: queue.arn });
  return {
    messageSaved: (queue, message) => {
      persist.messageSaved(queue, message);
      changed(queue);
    },
    messagesRemoved: (queue, messageIds) => {
      persist.messagesRemoved(queue, messageIds);
      changed(queue);
    },
    queueChanged: (queue) => {
      persist.queueChanged(queue);
      changed(queue);
    },
  };
}

function randomDedupId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
