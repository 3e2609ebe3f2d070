/**
 * The typed publisher against the local runtime's EventBridge with the real `@aws-sdk/client-eventbridge`: a rule
 * sends every event of the bus to an SQS queue, where the test reads what arrived.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod/mini';
import type { LocalAws } from '../../../local/aws';
import { ContractViolation } from '../../../handlers/src/events/contract-violation';
import {
  createPublisher,
  EntryTooLargeError,
  MAX_REQUEST_BYTES,
  PublishFailedError,
  publisher,
  type Publisher,
} from '../../../handlers/src/publish';
import type { Catalog } from '../../../handlers/src/events/catalog';
import { arn, clientConfig, startTestAws } from '../local/support';

const BUS = 'monolith-bus';

interface Delivered {
  id: string;
  source: string;
  'detail-type': string;
  detail: Record<string, unknown>;
  resources: string[];
}

describe('the typed publisher', () => {
  let aws: LocalAws;
  let sqs: SQSClient;
  let client: EventBridgeClient;
  let requests: number;
  let events: Publisher<Catalog>;
  const sleeps: number[] = [];

  beforeAll(async () => {
    aws = await startTestAws({
      queues: [{ name: 'observed', arn: arn('sqs', 'observed'), visibilityTimeoutSeconds: 30, messageRetentionSeconds: 3600 }],
      buses: [
        {
          name: BUS,
          arn: arn('events', `event-bus/${BUS}`),
          rules: [
            {
              name: 'everything',
              arn: arn('events', `rule/${BUS}/everything`),
              eventPattern: { source: [{ prefix: '' }] },
              state: 'ENABLED',
              targets: [{ id: 'observed', arn: arn('sqs', 'observed'), retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 } }],
            },
          ],
          archives: [],
        },
      ],
    });
    sqs = new SQSClient(clientConfig(aws.endpoint));
    client = new EventBridgeClient(clientConfig(aws.endpoint));
    client.middlewareStack.add((next) => async (args) => {
      requests += 1;
      return next(args);
    }, { step: 'initialize', name: 'countRequests' });
    events = publisher({ client, eventBusName: BUS, sleep: async (ms) => void sleeps.push(ms) });
  });
  afterAll(async () => {
    client.destroy();
    sqs.destroy();
    await aws.stop();
  });
  beforeEach(async () => {
    requests = 0;
    sleeps.length = 0;
    await drain();
  });

  async function drain(): Promise<Delivered[]> {
    await aws.settled();
    const delivered: Delivered[] = [];
    for (;;) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: `${aws.endpoint}/000000000000/observed`, MaxNumberOfMessages: 10, VisibilityTimeout: 600 }));
      if (Messages.length === 0) return delivered;
      delivered.push(...Messages.map((m) => JSON.parse(m.Body ?? '{}') as Delivered));
    }
  }

  it('puts a catalog event on the bus with the catalog’s source and returns its event id', async () => {
    const id = await events.publish('cart.item_added', { cartId: 'cart-42', user: 'ash', product: 'potion', quantity: 2 }, { resources: ['cart/cart-42'] });
    const [event, ...others] = await drain();
    expect(others).toEqual([]);
    expect(event).toMatchObject({ id, source: 'cart.api', 'detail-type': 'cart.item_added', detail: { cartId: 'cart-42', user: 'ash', product: 'potion', quantity: 2 }, resources: ['cart/cart-42'] });
    expect(requests).toBe(1);
  });

  it('refuses a detail that violates the contract, naming every field, and sends nothing', async () => {
    // @ts-expect-error quantity is a number and coupon is not a field of cart.item_added: this does not compile
    const attempt = events.publish('cart.item_added', { cartId: 'cart 42!', user: 'ash', product: 'potion', quantity: 'two', coupon: 'FREE' });
    await expect(attempt).rejects.toThrow(ContractViolation);
    // What types cannot say (the cart id's format) is refused at run time with the rest.
    await expect(attempt).rejects.toThrow(/detail\.cartId: must match .*detail\.quantity: expected .*unknown field "coupon"/);
    expect(requests).toBe(0);
    expect(await drain()).toEqual([]);
  });

  it("publishes the seed's Customer Notification with its recipient in resources, and refuses one without (the contract covers resources)", async () => {
    const detail = { notification: 'unrecognized-login', 'ip-address': '1.2.3.4', location: 'Denver, Colorado, USA' } as const;
    const id = await events.publish('Customer Notification', detail, { resources: ['user@example.com'] });
    const [event] = await drain();
    expect(event).toMatchObject({ id, source: 'com.example.monolith', 'detail-type': 'Customer Notification', detail, resources: ['user@example.com'] });
    await expect(events.publish('Customer Notification', detail)).rejects.toThrow(/resources: must have at least 1 item/);
    // @ts-expect-error an unknown notification type does not compile
    await expect(events.publish('Customer Notification', { ...detail, notification: 'account-deleted' }, { resources: ['user@example.com'] })).rejects.toThrow(ContractViolation);
    expect(requests).toBe(1);
  });

  it('refuses a detail-type that is not in the catalog (and it does not compile)', async () => {
    // @ts-expect-error not a detail-type of the catalog
    await expect(events.publish('cart.abandoned', { cartId: 'c' })).rejects.toThrow(/"cart.abandoned" is not in the event catalog/);
    expect(requests).toBe(0);
  });

  it('sends a batch in requests of at most 10 entries, every event once, results in order', async () => {
    const batch = Array.from({ length: 25 }, (_, i) => ({ detailType: 'cart.checked_out' as const, detail: { cartId: `cart-${i}`, user: 'ash' } }));
    const result = await events.publishAll(batch);
    expect(result.requests).toBe(3);
    expect(requests).toBe(3);
    expect(result.failed).toEqual([]);
    expect(result.published.map((p) => p.index)).toEqual(batch.map((_, i) => i));
    const delivered = await drain();
    expect(delivered.map((e) => e.detail.cartId).sort()).toEqual(batch.map((e) => e.detail.cartId).sort());
    expect(new Set(delivered.map((e) => e.id))).toEqual(new Set(result.published.map((p) => p.eventId)));
  });

  it('validates the whole batch before sending anything', async () => {
    await expect(
      events.publishAll([
        { detailType: 'cart.checked_out', detail: { cartId: 'cart-1', user: 'ash' } },
        { detailType: 'fakemon.spawned', detail: { fakemon: 'fm-1', species: 'pika', expiresAt: 'tomorrow', lat: 48.85, lng: 2.35, cell: '881fb46625fffff' } },
      ]),
    ).rejects.toThrow(/\[1\]\.detail\.expiresAt/);
    expect(requests).toBe(0);
  });

  it('reports entries EventBridge refuses, per entry, with its ErrorCode and message (not retried)', async () => {
    const result = await events.publishAll([
      { detailType: 'cart.checked_out', detail: { cartId: 'cart-1', user: 'ash' } },
      { detailType: 'cart.checked_out', detail: { cartId: 'cart-2', user: 'ash' }, eventBusName: 'no-such-bus' },
    ]);
    expect(result.published.map((p) => p.index)).toEqual([0]);
    expect(result.failed).toEqual([
      { index: 1, detailType: 'cart.checked_out', errorCode: 'ResourceNotFoundException', errorMessage: 'Event bus no-such-bus does not exist.', attempts: 1, retryable: false },
    ]);
    expect(result.requests).toBe(1);
    await expect(events.publish('cart.checked_out', { cartId: 'cart-3', user: 'ash' }, { eventBusName: 'no-such-bus' })).rejects.toThrow(PublishFailedError);
    expect((await drain()).map((e) => e.detail.cartId)).toEqual(['cart-1']);
  });

  describe('throttled entries', () => {
    // EventBridge answers ThrottlingException or InternalFailure per entry when it throttles or fails internally
    // (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsResultEntry.html); the local bus
    // never does, so a proxy in front of it answers the first `throttled` PutEvents calls that way itself and
    // forwards the others to the real local endpoint.
    let proxy: http.Server;
    let throttled = 0;
    let proxyClient: EventBridgeClient;
    beforeAll(async () => {
      proxy = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const body = Buffer.concat(chunks);
          if (throttled > 0 && String(req.headers['x-amz-target']).endsWith('.PutEvents')) {
            throttled -= 1;
            const count = (JSON.parse(body.toString()) as { Entries: unknown[] }).Entries.length;
            res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
            res.end(JSON.stringify({ FailedEntryCount: count, Entries: Array.from({ length: count }, (_, i) => (i % 2 === 0 ? { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' } : { ErrorCode: 'InternalFailure', ErrorMessage: 'Internal failure' })) }));
            return;
          }
          const forward = http.request(`${aws.endpoint}${req.url}`, { method: req.method, headers: req.headers }, (upstream) => {
            res.writeHead(upstream.statusCode ?? 500, upstream.headers);
            upstream.pipe(res);
          });
          forward.end(body);
        });
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      proxyClient = new EventBridgeClient(clientConfig(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`));
    });
    afterAll(async () => {
      proxyClient.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    });

    it('sends throttled and internally failed entries again after a jittered backoff, each event once', async () => {
      throttled = 1;
      const retrying = publisher({ client: proxyClient, eventBusName: BUS, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 });
      const result = await retrying.publishAll([
        { detailType: 'cart.checked_out', detail: { cartId: 'cart-1', user: 'ash' } },
        { detailType: 'cart.checked_out', detail: { cartId: 'cart-2', user: 'ash' } },
      ]);
      expect(result).toMatchObject({ requests: 2, failed: [], published: [{ index: 0, attempts: 2 }, { index: 1, attempts: 2 }] });
      expect(sleeps).toEqual([50]); // half of the first retry's 100 ms cap
      expect((await drain()).map((e) => e.detail.cartId).sort()).toEqual(['cart-1', 'cart-2']);
    });

    it('gives up after maxAttempts and reports the entries as retryable failures', async () => {
      throttled = 10;
      const retrying = publisher({ client: proxyClient, eventBusName: BUS, maxAttempts: 3, sleep: async (ms) => void sleeps.push(ms) });
      const attempt = retrying.publish('cart.checked_out', { cartId: 'cart-9', user: 'ash' });
      await expect(attempt).rejects.toThrow(PublishFailedError);
      const error = (await attempt.catch((e: unknown) => e)) as PublishFailedError;
      expect(error.result.failed).toEqual([expect.objectContaining({ errorCode: 'ThrottlingException', attempts: 3, retryable: true })]);
      expect(sleeps).toHaveLength(2); // before the second and the third attempt
      throttled = 0;
      expect(await drain()).toEqual([]);
    });
  });

  describe('request size', () => {
    // A catalog of its own: the publisher is generic over the catalog, and the project's details are all small.
    const blobs = {
      blob: { name: 'blob', source: 'test.publisher', detailType: 'test.blob', detail: z.strictObject({ text: z.string() }), description: 'a large detail' },
    } as const;
    const detailOf = (bytes: number) => ({ text: 'x'.repeat(bytes) });

    it('starts a new request before 256 KB: the local bus refuses larger requests as EventBridge does', async () => {
      const large = createPublisher(blobs, { client, eventBusName: BUS });
      const result = await large.publishAll(Array.from({ length: 5 }, () => ({ detailType: 'test.blob' as const, detail: detailOf(60_000) })));
      expect(result.failed).toEqual([]);
      expect(result.requests).toBe(2); // 4 × ~60 KB fit in 256 KB, the fifth does not
      expect(await drain()).toHaveLength(5);
    });

    it('refuses an event larger than a request can be before sending anything', async () => {
      const large = createPublisher(blobs, { client, eventBusName: BUS });
      await expect(large.publishAll([{ detailType: 'test.blob', detail: detailOf(10) }, { detailType: 'test.blob', detail: detailOf(MAX_REQUEST_BYTES) }])).rejects.toThrow(EntryTooLargeError);
      expect(requests).toBe(0);
    });
  });
});
