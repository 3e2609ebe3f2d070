import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { LocalRedrivePolicy } from '../aws/model';
import { sqsErrors } from './errors';
import { md5Hex, md5OfMessageAttributes, type SqsMessageAttributeValue } from './md5';

/** Mutable queue attributes (what GetQueueAttributes/SetQueueAttributes see). */
export interface QueueAttributes {
  visibilityTimeoutSeconds: number;
  messageRetentionSeconds: number;
  delaySeconds: number;
  receiveWaitTimeSeconds: number;
  maximumMessageSize: number;
  redrive?: LocalRedrivePolicy;
  fifo: boolean;
  contentBasedDeduplication: boolean;
  /** FIFO only: where deduplication ids are unique. @default "queue" */
  deduplicationScope?: 'queue' | 'messageGroup';
  /** FIFO only. @default "perQueue" */
  fifoThroughputLimit?: 'perQueue' | 'perMessageGroupId';
  /** The queue policy (a JSON document), as set. */
  policy?: string;
  redriveAllowPolicy?: string;
  kmsMasterKeyId?: string;
  /** Only meaningful with `kmsMasterKeyId`. @default 300 */
  kmsDataKeyReusePeriodSeconds?: number;
  /** SSE with SQS-owned keys (off while a KMS key is set). @default true */
  sqsManagedSseEnabled?: boolean;
}

export interface StoredMessage {
  messageId: string;
  body: string;
  md5OfBody: string;
  attributes: Record<string, SqsMessageAttributeValue>;
  md5OfMessageAttributes?: string;
  systemAttributes: Record<string, string>;
  sentAt: number;
  visibleAt: number;
  receiveCount: number;
  firstReceiveAt?: number;
  receiptHandle?: string;
  groupId?: string;
  deduplicationId?: string;
  sequenceNumber?: string;
  senderId: string;
}

export interface SendOptions {
  readonly attributes?: Record<string, SqsMessageAttributeValue>;
  readonly systemAttributes?: Record<string, string>;
  readonly delaySeconds?: number;
  readonly groupId?: string;
  readonly deduplicationId?: string;
  /** Keeps message id, sent time and receive count when a message moves to a dead-letter queue. */
  readonly moved?: { messageId: string; sentAt: number; sourceArn: string; receiveCount: number };
  readonly senderId?: string;
}

export interface SendResult {
  readonly messageId: string;
  readonly md5OfBody: string;
  readonly md5OfMessageAttributes?: string;
  readonly sequenceNumber?: string;
}

export interface ReceiveOptions {
  readonly maxNumberOfMessages: number;
  readonly visibilityTimeoutSeconds?: number;
}

export interface QueueSnapshot {
  readonly name: string;
  readonly createdAt: number;
  readonly lastModifiedAt: number;
  readonly attributes: QueueAttributes;
  readonly messages: StoredMessage[];
  readonly sequence: number;
  readonly deduplication: Array<[string, { messageId: string; sequenceNumber?: string; at: number }]>;
  readonly lastPurgeAt?: number;
}

const DEDUPLICATION_WINDOW_MS = 5 * 60 * 1000;

/** Where a queue reports each change as it happens, so that it can be persisted before the API answers. */
export interface QueueChangeListener {
  /** A message was stored, or its receive count or visibility changed. */
  messageSaved(queue: LocalQueue, message: StoredMessage): void;
  /** Messages left the queue (deleted, expired, purged, moved to the dead-letter queue). */
  messagesRemoved(queue: LocalQueue, messageIds: readonly string[]): void;
  /** The queue's attributes, sequence number, deduplication or purge state changed. */
  queueChanged(queue: LocalQueue): void;
}

/** One queue's messages and the rules of visibility, retention, FIFO ordering and redrive. */
export class LocalQueue {
  readonly createdAt: number;
  lastModifiedAt: number;
  private messages: StoredMessage[] = [];
  private sequence = 0;
  private readonly deduplication = new Map<string, { messageId: string; sequenceNumber?: string; at: number }>();
  private lastPurgeAt: number | undefined;
  private readonly waiters = new Set<() => void>();

  constructor(
    readonly name: string,
    readonly arn: string,
    readonly url: string,
    public attributes: QueueAttributes,
    private readonly now: () => number,
    /** Moves a message to the dead-letter queue; false when that queue does not exist. */
    private readonly redriveTo: (dlqArn: string, message: StoredMessage, source: LocalQueue) => boolean,
    private readonly changes: QueueChangeListener,
    snapshot?: QueueSnapshot,
  ) {
    this.createdAt = snapshot?.createdAt ?? now();
    this.lastModifiedAt = snapshot?.lastModifiedAt ?? this.createdAt;
    if (snapshot) {
      this.messages = snapshot.messages;
      this.sequence = snapshot.sequence;
      for (const [key, value] of snapshot.deduplication) this.deduplication.set(key, value);
      this.lastPurgeAt = snapshot.lastPurgeAt;
    }
  }

  snapshot(): QueueSnapshot {
    return {
      name: this.name,
      createdAt: this.createdAt,
      lastModifiedAt: this.lastModifiedAt,
      attributes: this.attributes,
      messages: this.messages,
      sequence: this.sequence,
      deduplication: [...this.deduplication.entries()],
      lastPurgeAt: this.lastPurgeAt,
    };
  }

  send(body: string, options: SendOptions = {}): SendResult {
    const now = this.now();
    this.expire(now);
    const attributes = options.attributes ?? {};
    const md5OfBody = md5Hex(Buffer.from(body, 'utf8'));
    const md5Attrs = Object.keys(attributes).length > 0 ? md5OfMessageAttributes(attributes) : undefined;

    let deduplicationId = options.deduplicationId;
    if (this.attributes.fifo) {
      if (!deduplicationId && this.attributes.contentBasedDeduplication) {
        deduplicationId = createHash('sha256').update(body, 'utf8').digest('hex');
      }
      const previous = this.deduplication.get(this.deduplicationKey(options.groupId, deduplicationId));
      if (previous && now - previous.at < DEDUPLICATION_WINDOW_MS) {
        return { messageId: previous.messageId, md5OfBody, md5OfMessageAttributes: md5Attrs, sequenceNumber: previous.sequenceNumber };
      }
    }

    const messageId = options.moved?.messageId ?? randomUUID();
    const sequenceNumber = this.attributes.fifo ? String(++this.sequence).padStart(20, '0') : undefined;
    const delay = options.delaySeconds ?? this.attributes.delaySeconds;
    const systemAttributes: Record<string, string> = { ...(options.systemAttributes ?? {}) };
    if (options.moved) systemAttributes.DeadLetterQueueSourceArn = options.moved.sourceArn;
    const message: StoredMessage = {
      messageId,
      body,
      md5OfBody,
      attributes,
      md5OfMessageAttributes: md5Attrs,
      systemAttributes,
      sentAt: options.moved?.sentAt ?? now,
      visibleAt: now + delay * 1000,
      receiveCount: options.moved?.receiveCount ?? 0,
      groupId: options.groupId,
      deduplicationId,
      sequenceNumber,
      senderId: options.senderId ?? 'AIDALOCALSENDER000000',
    };
    this.messages.push(message);
    if (this.attributes.fifo) {
      this.deduplication.set(this.deduplicationKey(options.groupId, deduplicationId), { messageId, sequenceNumber, at: now });
    }
    this.changes.messageSaved(this, message);
    if (this.attributes.fifo) this.changes.queueChanged(this);
    this.wake();
    return { messageId, md5OfBody, md5OfMessageAttributes: md5Attrs, sequenceNumber };
  }

  /**
   * Receives visible messages now (no waiting); moves over-received messages to the DLQ. A FIFO queue serves
   * its message groups one after the other, oldest group first, as many messages of a group as it can; a
   * group with a message in flight is skipped, and a message not yet visible holds back the rest of its group.
   */
  receive(options: ReceiveOptions): StoredMessage[] {
    const now = this.now();
    this.expire(now);
    const visibility = (options.visibilityTimeoutSeconds ?? this.attributes.visibilityTimeoutSeconds) * 1000;
    const received: StoredMessage[] = [];
    const redriven: string[] = [];
    const full = (): boolean => received.length >= options.maxNumberOfMessages;
    const take = (message: StoredMessage): void => {
      const redrive = this.attributes.redrive;
      if (redrive && message.receiveCount >= redrive.maxReceiveCount && this.redriveTo(redrive.deadLetterTargetArn, message, this)) {
        this.messages.splice(this.messages.indexOf(message), 1);
        redriven.push(message.messageId);
        return;
      }
      message.receiveCount += 1;
      message.firstReceiveAt ??= now;
      message.visibleAt = now + visibility;
      message.receiptHandle = newReceiptHandle(this.name, message.messageId);
      received.push(message);
    };
    if (!this.attributes.fifo) {
      for (const message of [...this.messages]) {
        if (full()) break;
        if (message.visibleAt <= now) take(message);
      }
    } else {
      for (const group of this.messageGroups()) {
        if (full()) break;
        if (group.some((message) => message.visibleAt > now && message.receiveCount > 0)) continue;
        for (const message of group) {
          if (full() || message.visibleAt > now) break;
          take(message);
        }
      }
    }
    if (redriven.length > 0) this.changes.messagesRemoved(this, redriven);
    for (const message of received) this.changes.messageSaved(this, message);
    return received;
  }

  /** Deletes by receipt handle. A handle of a message that is already gone succeeds. */
  delete(receiptHandle: string): void {
    const decoded = decodeReceiptHandle(receiptHandle);
    if (!decoded || decoded.queue !== this.name) throw sqsErrors.receiptHandleIsInvalid(receiptHandle);
    const index = this.messages.findIndex((message) => message.messageId === decoded.messageId);
    if (index >= 0) {
      this.messages.splice(index, 1);
      this.changes.messagesRemoved(this, [decoded.messageId]);
      this.wake();
    }
  }

  changeVisibility(receiptHandle: string, visibilityTimeoutSeconds: number): void {
    const decoded = decodeReceiptHandle(receiptHandle);
    if (!decoded || decoded.queue !== this.name) throw sqsErrors.receiptHandleIsInvalid(receiptHandle);
    const message = this.messages.find((candidate) => candidate.messageId === decoded.messageId);
    if (!message) throw sqsErrors.receiptHandleIsInvalid(receiptHandle);
    // A received message whose visibility timeout has already run out can still be changed (AWS answers 200).
    if (message.receiveCount === 0) throw sqsErrors.messageNotInflight();
    message.visibleAt = this.now() + visibilityTimeoutSeconds * 1000;
    this.changes.messageSaved(this, message);
    if (visibilityTimeoutSeconds === 0) this.wake();
  }

  purge(): void {
    const now = this.now();
    if (this.lastPurgeAt !== undefined && now - this.lastPurgeAt < 60_000) throw sqsErrors.purgeQueueInProgress(this.name);
    this.lastPurgeAt = now;
    const purged = this.messages.map((message) => message.messageId);
    this.messages = [];
    this.deduplication.clear();
    this.changes.messagesRemoved(this, purged);
    this.changes.queueChanged(this);
  }

  counts(): { visible: number; notVisible: number; delayed: number } {
    const now = this.now();
    this.expire(now);
    let visible = 0;
    let notVisible = 0;
    let delayed = 0;
    for (const message of this.messages) {
      if (message.visibleAt <= now) visible += 1;
      else if (message.receiveCount > 0) notVisible += 1;
      else delayed += 1;
    }
    return { visible, notVisible, delayed };
  }

  /** All stored messages (a copy), for tests and tooling. */
  peek(): StoredMessage[] {
    this.expire(this.now());
    return this.messages.map((message) => ({ ...message }));
  }

  touch(): void {
    this.changes.queueChanged(this);
  }

  /** Resolves when something may have become receivable (send, delete, visibility change). */
  waitForChange(): { promise: Promise<void>; cancel: () => void } {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => {
      resolve = r;
    });
    this.waiters.add(resolve);
    return { promise, cancel: () => this.waiters.delete(resolve) };
  }

  wake(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const waiter of waiters) waiter();
  }

  /** Messages grouped by message group id, groups in the order of their oldest message. */
  private messageGroups(): StoredMessage[][] {
    const groups = new Map<string, StoredMessage[]>();
    for (const message of this.messages) {
      const group = groups.get(message.groupId ?? '');
      if (group) group.push(message);
      else groups.set(message.groupId ?? '', [message]);
    }
    return [...groups.values()];
  }

  private deduplicationKey(groupId: string | undefined, deduplicationId: string | undefined): string {
    return this.attributes.deduplicationScope === 'messageGroup' ? `${groupId ?? ''}\u0000${deduplicationId ?? ''}` : deduplicationId ?? '';
  }

  private expire(now: number): void {
    const retentionMs = this.attributes.messageRetentionSeconds * 1000;
    const expired = this.messages.filter((message) => message.sentAt + retentionMs <= now);
    if (expired.length > 0) this.messages = this.messages.filter((message) => message.sentAt + retentionMs > now);
    for (const [key, value] of this.deduplication) {
      if (now - value.at >= DEDUPLICATION_WINDOW_MS) this.deduplication.delete(key);
    }
    if (expired.length > 0) this.changes.messagesRemoved(this, expired.map((message) => message.messageId));
  }
}

export function newReceiptHandle(queue: string, messageId: string): string {
  return Buffer.from(JSON.stringify({ q: queue, m: messageId, n: randomBytes(8).toString('hex') }), 'utf8').toString('base64');
}

export function decodeReceiptHandle(handle: string): { queue: string; messageId: string } | undefined {
  try {
    const decoded = JSON.parse(Buffer.from(handle, 'base64').toString('utf8')) as { q?: unknown; m?: unknown };
    if (typeof decoded.q === 'string' && typeof decoded.m === 'string') return { queue: decoded.q, messageId: decoded.m };
  } catch {
    // not ours
  }
  return undefined;
}
