import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { PutEventsEntry } from '../events/envelope';
import { chunk } from '../shared/concurrency';

/** PutEvents accepts at most 10 entries per call. */
export const PUT_EVENTS_BATCH_SIZE = 10;

export function createEventBridgeClient(): EventBridgeClient {
  return new EventBridgeClient({});
}

export interface FailedEntry {
  readonly detailType: string;
  readonly errorCode?: string;
  readonly errorMessage?: string;
}

/** Some entries were not accepted by the bus; the caller should fail so the event is retried. */
export class PublishError extends Error {
  override readonly name = 'PublishError';
  constructor(readonly failures: readonly FailedEntry[]) {
    super(
      `PutEvents rejected ${failures.length} entr${failures.length === 1 ? 'y' : 'ies'}: ` +
        failures.map((f) => `${f.detailType} (${f.errorCode ?? 'unknown'}: ${f.errorMessage ?? ''})`).join(', '),
    );
  }
}

export interface EventPublisher {
  /** Publishes the entries (in batches of 10); returns the event ids; throws PublishError on failed entries. */
  publish(entries: readonly PutEventsEntry[]): Promise<string[]>;
}

export function eventBridgePublisher(client: EventBridgeClient): EventPublisher {
  return {
    async publish(entries) {
      const ids: string[] = [];
      for (const batch of chunk(entries, PUT_EVENTS_BATCH_SIZE)) {
        const result = await client.send(new PutEventsCommand({ Entries: batch.map((e) => ({ ...e })) }));
        const results = result.Entries ?? [];
        const failures: FailedEntry[] = [];
        batch.forEach((entry, i) => {
          const r = results[i];
          if (!r || r.ErrorCode || !r.EventId) {
            failures.push({ detailType: entry.DetailType, errorCode: r?.ErrorCode, errorMessage: r?.ErrorMessage });
          } else {
            ids.push(r.EventId);
          }
        });
        if ((result.FailedEntryCount ?? 0) > 0 || failures.length > 0) {
          throw new PublishError(failures.length > 0 ? failures : [{ detailType: 'unknown', errorCode: 'FailedEntryCount', errorMessage: String(result.FailedEntryCount) }]);
        }
      }
      return ids;
    },
  };
}
