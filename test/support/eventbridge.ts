/**
 * A recording EventBridge endpoint for tests: speaks the awsJson1_1 `AWSEvents.PutEvents` protocol
 * the real `EventBridgeClient` uses, stores every accepted entry, and can be told to fail entries
 * (FailedEntryCount > 0) or whole requests.
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { localClientConfig } from './aws';

export interface RecordedEvent {
  readonly EventId: string;
  readonly Source: string;
  readonly DetailType: string;
  readonly Detail: string;
  readonly EventBusName?: string;
  /** Detail, parsed. */
  readonly detail: Record<string, unknown>;
}

export interface EventBridgeRecorder {
  readonly endpoint: string;
  /** An EventBridgeClient pointed at the recorder (no retries, so failures surface at once). */
  readonly client: EventBridgeClient;
  /** Accepted entries, in arrival order. */
  readonly events: RecordedEvent[];
  /** Number of PutEvents requests received. */
  readonly requests: number;
  /** Entries of one detail-type. */
  ofType(detailType: string): RecordedEvent[];
  /** The next `count` entries are rejected with `errorCode` (FailedEntryCount > 0). */
  failNextEntries(count: number, errorCode?: string): void;
  /** The next `count` requests get an HTTP error. */
  failNextRequests(count: number, status?: number): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startEventBridgeRecorder(): Promise<EventBridgeRecorder> {
  const events: RecordedEvent[] = [];
  let requests = 0;
  let entriesToFail = 0;
  let entryErrorCode = 'InternalFailure';
  let requestsToFail = 0;
  let requestFailureStatus = 500;

  const reply = (res: http.ServerResponse, status: number, body: unknown): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': randomUUID() });
    res.end(text);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests++;
      if (req.method !== 'POST' || req.headers['x-amz-target'] !== 'AWSEvents.PutEvents') {
        reply(res, 400, { __type: 'UnknownOperationException', message: `unsupported target ${String(req.headers['x-amz-target'])}` });
        return;
      }
      if (requestsToFail > 0) {
        requestsToFail--;
        reply(res, requestFailureStatus, { __type: 'InternalException', message: 'injected failure' });
        return;
      }
      let body: { Entries?: Omit<RecordedEvent, 'EventId' | 'detail'>[] };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        reply(res, 400, { __type: 'SerializationException', message: 'invalid JSON' });
        return;
      }
      const entries = body.Entries ?? [];
      if (entries.length < 1 || entries.length > 10) {
        reply(res, 400, { __type: 'ValidationException', message: 'Entries must have between 1 and 10 items' });
        return;
      }
      let failed = 0;
      const results = entries.map((entry) => {
        if (entriesToFail > 0) {
          entriesToFail--;
          failed++;
          return { ErrorCode: entryErrorCode, ErrorMessage: 'injected entry failure' };
        }
        const EventId = randomUUID();
        events.push({ ...entry, EventId, detail: JSON.parse(entry.Detail) as Record<string, unknown> });
        return { EventId };
      });
      reply(res, 200, { FailedEntryCount: failed, Entries: results });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new EventBridgeClient({ ...localClientConfig(endpoint), maxAttempts: 1 });

  return {
    endpoint,
    client,
    events,
    get requests() {
      return requests;
    },
    ofType: (detailType) => events.filter((e) => e.DetailType === detailType),
    failNextEntries(count, errorCode = 'InternalFailure') {
      entriesToFail = count;
      entryErrorCode = errorCode;
    },
    failNextRequests(count, status = 500) {
      requestsToFail = count;
      requestFailureStatus = status;
    },
    reset() {
      events.length = 0;
      requests = 0;
      entriesToFail = 0;
      requestsToFail = 0;
    },
    async close() {
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
