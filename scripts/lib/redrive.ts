import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ChangeMessageVisibilityCommand, DeleteMessageCommand, Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { readDeadLetter, type DeadLetter } from './dead-letter';

export { permanentFailure, readDeadLetter, type DeadLetter } from './dead-letter';

/** Options of {@link redriveQueue}. */
export interface RedriveOptions {
  readonly sqs: SQSClient;
  readonly events: EventBridgeClient;
  readonly queueUrl: string;
  readonly busName: string;
  /** List only; every message stays in the queue. */
  readonly dryRun: boolean;
  /** Redrive permanent failures (contract violations) too; by default they stay in the queue. @default false */
  readonly includePermanent?: boolean;
  /** How long received messages stay hidden from other readers while they are redriven. @default 120 */
  readonly visibilityTimeoutSeconds?: number;
  /** Called for every message read. */
  readonly onMessage?: (letter: DeadLetter) => void;
  /** Called after every batch with the running totals. */
  readonly onProgress?: (totals: RedriveTotals) => void;
}

/** What a redrive did. */
export interface RedriveTotals {
  /** Messages read from the queue. */
  read: number;
  /** Events accepted by the bus and deleted from the queue. */
  redriven: number;
  /** Messages still in the queue (dry run, no event inside, or not accepted by the bus). */
  leftBehind: number;
  /** Permanent failures left in the queue on purpose (not counted in `leftBehind`). */
  permanent: number;
  /** Of those left behind, events this redrive put back that failed again and returned to the queue while it ran. */
  returned: number;
}

/**
 * Puts the events of a dead-letter queue back on the bus. A message is deleted only after its event was
 * accepted; anything else is made visible again and counted as left behind, so nothing is lost. Permanent
 * failures stay in the queue unless `includePermanent` is set: redriving them only sends them back.
 */
export async function redriveQueue(options: RedriveOptions): Promise<RedriveTotals> {
  const totals: RedriveTotals = { read: 0, redriven: 0, leftBehind: 0, permanent: 0, returned: 0 };
  const seen = new Set<string>();
  const release = (message: Message): Promise<unknown> =>
    options.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: options.queueUrl, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 0 }));
  const kept: Message[] = [];
  // An event that fails again can land back in the queue while this run is still reading it: it stays for a
  // later run instead of being redriven in a loop.
  const redrivenEvents = new Set<string>();
  const eventKey = (letter: DeadLetter): string => JSON.stringify([letter.entry?.Source, letter.entry?.DetailType, letter.entry?.Detail]);
  try {
    for (;;) {
      const { Messages = [] } = await options.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: options.queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          VisibilityTimeout: options.visibilityTimeoutSeconds ?? 120,
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['All'],
        }),
      );
      const fresh = Messages.filter((m) => !seen.has(String(m.MessageId)));
      if (fresh.length === 0) break;
      fresh.forEach((m) => seen.add(String(m.MessageId)));
      totals.read += fresh.length;
      const letters = fresh.map((m) => readDeadLetter(m, options.busName));
      letters.forEach((l) => options.onMessage?.(l));
      const skipped = options.includePermanent ? [] : letters.filter((l) => l.entry !== undefined && l.permanent !== undefined);
      const returned = letters.filter((l) => l.entry !== undefined && !skipped.includes(l) && redrivenEvents.has(eventKey(l)));
      const redrivable = letters.filter((l) => l.entry !== undefined && !skipped.includes(l) && !returned.includes(l));
      const unusable = letters.filter((l) => l.entry === undefined);
      kept.push(...unusable.map((l) => l.message), ...skipped.map((l) => l.message), ...returned.map((l) => l.message));
      totals.leftBehind += unusable.length + returned.length;
      totals.permanent += skipped.length;
      totals.returned += returned.length;
      if (options.dryRun) {
        kept.push(...redrivable.map((l) => l.message));
        totals.leftBehind += redrivable.length;
      } else if (redrivable.length > 0) {
        let results: Array<{ EventId?: string; ErrorCode?: string }>;
        try {
          results = (await options.events.send(new PutEventsCommand({ Entries: redrivable.map((l) => l.entry!) }))).Entries ?? [];
        } catch {
          results = [];
        }
        for (const [i, letter] of redrivable.entries()) {
          if (results[i]?.EventId && !results[i]?.ErrorCode) {
            await options.sqs.send(new DeleteMessageCommand({ QueueUrl: options.queueUrl, ReceiptHandle: letter.message.ReceiptHandle }));
            redrivenEvents.add(eventKey(letter));
            totals.redriven += 1;
          } else {
            kept.push(letter.message);
            totals.leftBehind += 1;
          }
        }
      }
      options.onProgress?.({ ...totals });
    }
  } finally {
    // Messages not redriven go back to the queue at once instead of waiting out their visibility timeout.
    await Promise.allSettled(kept.map(release));
  }
  return totals;
}
