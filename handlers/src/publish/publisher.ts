import { PutEventsCommand, type EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { ContractViolation, parseWith, type ContractProblem } from '../events/contract-violation';
import { toBatches } from './limits';
import { backoffDelay, isRetryableEntryError, type BackoffOptions } from './retry';
import type { DetailFor, DetailTypeOf, EventCatalog, FailedEntry, PublishedEntry, PublishEvent, PublishOptions, PublishResult } from './types';

export interface PublisherOptions extends BackoffOptions {
  /** The EventBridge client (created once and reused). */
  readonly client: EventBridgeClient;
  /** Bus name or ARN. @default the account's default bus */
  readonly eventBusName?: string;
  /** PutEvents attempts per entry with a retryable error (`ThrottlingException`, `InternalFailure`). @default 3 */
  readonly maxAttempts?: number;
  /** Waits between retries. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** [0, 1) for the backoff jitter. @default Math.random */
  readonly random?: () => number;
}

/** Some events were not accepted by EventBridge; `result` says which, and why. */
export class PublishFailedError extends Error {
  override readonly name = 'PublishFailedError';
  constructor(readonly result: PublishResult) {
    super(
      `EventBridge did not accept ${result.failed.length} event${result.failed.length === 1 ? '' : 's'}: ` +
        result.failed.map((f) => `[${f.index}] ${f.detailType}: ${f.errorCode} ${f.errorMessage} (after ${f.attempts} attempt${f.attempts === 1 ? '' : 's'})`).join('; '),
    );
  }
}

export interface Publisher<C extends EventCatalog> {
  /**
   * Validates `detail` against the catalog's schema for `detailType` (a violation throws {@link ContractViolation}
   * naming every field and sends nothing), puts it on the bus with the catalog's source, retries a throttled or
   * internally failed entry, and returns the event id. Throws {@link PublishFailedError} when EventBridge does not
   * accept it.
   */
  publish<D extends DetailTypeOf<C>>(detailType: D, detail: DetailFor<C, D>, options?: PublishOptions): Promise<string>;
  /**
   * Publishes many events in as few PutEvents requests as the limits allow (10 entries, 256 KB). Every event is
   * validated before anything is sent. Entries EventBridge refuses are reported in `failed`, never thrown, so a
   * caller can keep or re-send them.
   */
  publishAll(events: readonly PublishEvent<C>[]): Promise<PublishResult>;
}

interface Pending {
  readonly index: number;
  readonly entry: PutEventsRequestEntry & { Source: string; DetailType: string; Detail: string };
  attempts: number;
}

/** A typed publisher for an event catalog (see `publisher()` for the project's own). */
export function createPublisher<C extends EventCatalog>(catalog: C, options: PublisherOptions): Publisher<C> {
  const entries = Object.values(catalog);
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  /** Validates every event first: one bad detail and nothing is sent. */
  function toEntries(events: readonly PublishEvent<C>[]): Pending[] {
    const problems: ContractProblem[] = [];
    const pending: Pending[] = [];
    events.forEach((event, index) => {
      const prefix = events.length === 1 ? [] : [index];
      const entry = entries.find((e) => e.detailType === event.detailType);
      if (!entry) {
        problems.push({ path: [...prefix.map((i) => `[${i}]`), 'detailType'].join('.'), message: `"${String(event.detailType)}" is not in the event catalog`, code: 'invalid_value' });
        return;
      }
      try {
        const detail = parseWith(entry.name, entry.detail, event.detail, [...prefix, 'detail']);
        if (entry.resources) parseWith(entry.name, entry.resources, event.resources ?? [], [...prefix, 'resources']);
        pending.push({
          index,
          attempts: 0,
          entry: {
            Source: entry.source,
            DetailType: entry.detailType,
            Detail: JSON.stringify(detail),
            ...(event.resources?.length ? { Resources: [...event.resources] } : {}),
            ...(event.time ? { Time: event.time } : {}),
            ...(event.traceHeader ? { TraceHeader: event.traceHeader } : {}),
            ...((event.eventBusName ?? options.eventBusName) ? { EventBusName: event.eventBusName ?? options.eventBusName } : {}),
          },
        });
      } catch (error) {
        if (!(error instanceof ContractViolation)) throw error;
        problems.push(...error.issues);
      }
    });
    if (problems.length > 0) {
      const names = [...new Set(events.map((e) => String(e.detailType)))].join(', ');
      throw new ContractViolation(names, problems);
    }
    return pending;
  }

  async function publishAll(events: readonly PublishEvent<C>[]): Promise<PublishResult> {
    let pending = toEntries(events);
    const published: PublishedEntry[] = [];
    const failed: FailedEntry[] = [];
    let requests = 0;
    for (let round = 1; pending.length > 0; round += 1) {
      if (round > 1) await sleep(backoffDelay(round - 1, options, options.random));
      const retry: Pending[] = [];
      for (const batch of toBatches(pending.map((p) => p.entry)).map((indexes) => indexes.map((i) => pending[i]))) {
        requests += 1;
        for (const item of batch) item.attempts += 1;
        let results;
        try {
          results = (await options.client.send(new PutEventsCommand({ Entries: batch.map((p) => p.entry) }))).Entries ?? [];
        } catch (error) {
          // The SDK has already retried the request itself; report its entries rather than lose them.
          const err = error as Error;
          for (const item of batch) failed.push(failure(item, err.name || 'Error', err.message, false));
          continue;
        }
        batch.forEach((item, i) => {
          const result = results[i];
          if (result?.EventId && !result.ErrorCode) {
            published.push({ index: item.index, detailType: item.entry.DetailType, eventId: result.EventId, attempts: item.attempts });
          } else if (isRetryableEntryError(result?.ErrorCode) && item.attempts < maxAttempts) {
            retry.push(item);
          } else {
            const code = result?.ErrorCode ?? 'MissingResult';
            failed.push(failure(item, code, result?.ErrorMessage ?? 'PutEvents returned no result for this entry', isRetryableEntryError(code)));
          }
        });
      }
      pending = retry;
    }
    const byIndex = <T extends { index: number }>(list: T[]): T[] => list.sort((a, b) => a.index - b.index);
    return { published: byIndex(published), failed: byIndex(failed), requests };
  }

  return {
    async publish(detailType, detail, eventOptions = {}) {
      const result = await publishAll([{ ...eventOptions, detailType, detail } as PublishEvent<C>]);
      if (result.failed.length > 0) throw new PublishFailedError(result);
      return result.published[0].eventId;
    },
    publishAll,
  };
}

function failure(item: Pending, errorCode: string, errorMessage: string, retryable: boolean): FailedEntry {
  return { index: item.index, detailType: item.entry.DetailType, errorCode, errorMessage, attempts: item.attempts, retryable };
}
