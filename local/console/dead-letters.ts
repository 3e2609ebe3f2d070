/**
 * The stack's dead-letter queues as the console shows them: their messages read in place (nothing is received,
 * so receive counts and visibility stay as they are), each with the error `npm run redrive` would report and the
 * event it carries; and the messages that arrived since the last look.
 */
import type { Message } from '@aws-sdk/client-sqs';
import { readDeadLetter } from '../../scripts/lib/dead-letter';
import type { SqsService } from '../sqs';
import type { StoredMessage } from '../sqs/queue';
import type { DeadLetterMessage, DeadLetterQueueView, DeadLetterSource } from './shared/api';

/** A dead-letter queue of the stack and the bus its events are redriven to. */
export interface DeadLetterQueueRef {
  readonly name: string;
  readonly arn: string;
  readonly busName: string;
}

export class DeadLetterQueues {
  private readonly byName: ReadonlyMap<string, DeadLetterQueueRef>;
  /** Message ids seen in each queue at the last look. */
  private readonly seen = new Map<string, Set<string>>();

  constructor(
    private readonly sqs: SqsService,
    queues: readonly DeadLetterQueueRef[],
  ) {
    this.byName = new Map(queues.map((q) => [q.name, q]));
    // Messages already there (kept in a data directory) are not arrivals.
    for (const queue of queues) this.seen.set(queue.name, new Set(this.stored(queue.name).map((m) => m.messageId)));
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  ref(name: string): DeadLetterQueueRef | undefined {
    return this.byName.get(name);
  }

  /** Every dead-letter queue with its messages, in name order. */
  views(): DeadLetterQueueView[] {
    return [...this.byName.values()]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((queue) => ({ ...queue, url: this.sqs.queueUrl(queue.name), messages: this.messages(queue.name) }));
  }

  messages(name: string): DeadLetterMessage[] {
    return this.stored(name).map((message) => deadLetterMessage(name, message));
  }

  /** The messages that arrived since the last call, and how many the queue holds now. */
  arrivals(name: string): { depth: number; arrived: DeadLetterMessage[] } {
    const stored = this.stored(name);
    const seen = this.seen.get(name) ?? new Set<string>();
    const arrived = stored.filter((m) => !seen.has(m.messageId)).map((m) => deadLetterMessage(name, m));
    this.seen.set(name, new Set(stored.map((m) => m.messageId)));
    return { depth: stored.length, arrived };
  }

  private stored(name: string): StoredMessage[] {
    return this.sqs.findQueue(name)?.peek() ?? [];
  }
}

/** A stored message as the console shows it. */
export function deadLetterMessage(queueName: string, message: StoredMessage): DeadLetterMessage {
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.attributes)) if (value.StringValue !== undefined) attributes[name] = value.StringValue;
  const MessageAttributes = Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]));
  const sdkMessage: Message = { MessageId: message.messageId, Body: message.body, MessageAttributes };
  const letter = readDeadLetter(sdkMessage, '');
  const inside = eventInside(message.body);
  return {
    queueName,
    messageId: message.messageId,
    sentAt: new Date(message.sentAt).toISOString(),
    receiveCount: message.receiveCount,
    attributes,
    errors: letter.errors,
    source: sourceOf(attributes, message, inside.functionArn, inside.condition),
    ...(inside.eventId ? { eventId: inside.eventId } : {}),
    ...(letter.entry?.DetailType ? { detailType: letter.entry.DetailType } : {}),
    body: message.body,
  };
}

function eventInside(body: string): { eventId?: string; functionArn?: string; condition?: string } {
  try {
    const parsed = JSON.parse(body) as { id?: unknown; requestPayload?: { id?: unknown }; requestContext?: { functionArn?: unknown; condition?: unknown } };
    const id = parsed.requestPayload !== undefined ? parsed.requestPayload?.id : parsed.id;
    const functionArn = parsed.requestContext?.functionArn;
    const condition = parsed.requestContext?.condition;
    return {
      ...(typeof id === 'string' ? { eventId: id } : {}),
      ...(typeof functionArn === 'string' ? { functionArn: functionArn.replace(/:\$LATEST$/, '') } : {}),
      ...(typeof condition === 'string' ? { condition } : {}),
    };
  } catch {
    return {};
  }
}

function sourceOf(attributes: Readonly<Record<string, string>>, message: StoredMessage, functionArn?: string, condition?: string): DeadLetterSource {
  if (attributes.RULE_ARN) return { kind: 'rule', ruleArn: attributes.RULE_ARN, ...(attributes.TARGET_ARN ? { targetArn: attributes.TARGET_ARN } : {}) };
  if (attributes.SCHEDULE_ARN) return { kind: 'schedule', scheduleArn: attributes.SCHEDULE_ARN };
  if (functionArn) return { kind: 'function', functionArn, ...(condition ? { condition } : {}) };
  const sourceQueueArn = message.systemAttributes.DeadLetterQueueSourceArn;
  if (sourceQueueArn) return { kind: 'queue', sourceQueueArn };
  return { kind: 'unknown' };
}
