import * as fs from 'node:fs';
import * as path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LocalAws, LocalBusConfig, LocalFunctionConfig, LocalQueueConfig, LocalTableConfig } from '../../../../local/aws';
import { mountConsole, type LocalConsole, type Mailbox } from '../../../../local/console';
import type { DeadLetterQueueView, MailMessage, StackInfo, StreamMessage, TablePage } from '../../../../local/console/shared/api';
import type { LocalStackConfig } from '../../../../local/stack/to-local-config';
import { arn, clientConfig, startTestAws, tempDir, writeZip } from '../support';
import { openStream } from './support';

jest.setTimeout(30_000);

const STACK = 'console-test';
const BUS = `${STACK}-bus`;
const HANDLER = `exports.handler = async (event) => { if (event.detail && event.detail.quantity === 13) throw new Error('unlucky quantity'); return 'ok'; };`;

function stackConfig(functions: LocalFunctionConfig[], queues: LocalQueueConfig[], tables: LocalTableConfig[], buses: LocalBusConfig[]): LocalStackConfig {
  return { stackName: STACK, accountId: '000000000000', region: 'us-east-1', functions, queues, tables, buses, scheduleGroups: [], schedules: [], logGroups: [], restApis: [], webSocketApis: [], ses: { identities: [], configurationSets: [] }, userPools: [], outputs: {}, noLocalEffect: [] };
}

/** A console on a fresh endpoint with a bus whose rule invokes a function that fails for quantity 13. */
async function startConsole(options: { distDir?: string; mailbox?: Mailbox } = {}): Promise<{ aws: LocalAws; ui: LocalConsole; config: LocalStackConfig }> {
  const zipPath = await writeZip({ 'index.js': HANDLER });
  const fnArn = arn('lambda', `function:${STACK}-worker`);
  const functions: LocalFunctionConfig[] = [
    { name: `${STACK}-worker`, arn: fnArn, zipPath, handler: 'index.handler', runtime: 'nodejs20.x', environment: {}, timeoutSeconds: 5, memoryMb: 128, asyncRetryAttempts: 0, onFailureDestinationArn: arn('sqs', `${STACK}-worker-dlq`) },
  ];
  const queues: LocalQueueConfig[] = [{ name: `${STACK}-worker-dlq`, arn: arn('sqs', `${STACK}-worker-dlq`), visibilityTimeoutSeconds: 30, messageRetentionSeconds: 3600 }];
  const tables: LocalTableConfig[] = [{ name: `${STACK}-items`, hashKey: 'id', attributes: [{ name: 'id', type: 'S' }], globalSecondaryIndexes: [] }];
  const buses: LocalBusConfig[] = [
    {
      name: BUS,
      arn: arn('events', `event-bus/${BUS}`),
      archives: [],
      rules: [{ name: 'cart-rule', arn: arn('events', `rule/${BUS}/cart-rule`), eventPattern: { source: ['cart.api'] }, state: 'ENABLED', targets: [{ id: 'w', arn: fnArn, retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 } }] }],
    },
  ];
  const aws = await startTestAws({ functions, queues, tables, buses });
  const config = stackConfig(functions, queues, tables, buses);
  const ui = mountConsole({ aws, config, architecture: { config, resources: [] }, distDir: options.distDir, mailbox: options.mailbox, eventLimit: 50 });
  return { aws, ui, config };
}

const post = (url: string, body: unknown): Promise<Response> => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const item = (detail: Record<string, unknown>): Record<string, unknown> => ({ busName: BUS, source: 'cart.api', detailType: 'cart.item_added', detail: { cartId: 'cart-1', user: 'ash', product: 'potion', ...detail } });

describe('the console on the runtime endpoint', () => {
  let aws: LocalAws;
  let ui: LocalConsole;
  let api: string;
  let distDir: string;

  beforeAll(async () => {
    distDir = tempDir('console-dist-');
    fs.mkdirSync(path.join(distDir, 'assets'));
    fs.writeFileSync(path.join(distDir, 'index.html'), '<!doctype html><title>console</title>');
    fs.writeFileSync(path.join(distDir, 'assets', 'app-1234.js'), 'console.log(1)');
    ({ aws, ui } = await startConsole({ distDir }));
    api = `${ui.url}api`;
  });
  afterAll(async () => {
    ui?.stop();
    await aws?.stop();
  });

  it('is at /_local/console/ of the endpoint and describes the stack from its graph', async () => {
    expect(ui.url).toBe(`${aws.endpoint}/_local/console/`);
    const stack = (await (await fetch(`${api}/stack`)).json()) as StackInfo;
    expect(stack).toMatchObject({ stackName: STACK, buses: [BUS], awsEndpoint: aws.endpoint });
    expect(stack.graph.nodes.map((n) => n.id)).toEqual(expect.arrayContaining([`rule:${BUS}/cart-rule`, `function:${STACK}-worker`, `queue:${STACK}-worker-dlq`]));
    expect(stack.graph.nodes.find((n) => n.id === `queue:${STACK}-worker-dlq`)?.kind).toBe('dead-letter-queue');
    const catalog = (await (await fetch(`${api}/catalog`)).json()) as { events: Array<{ detailType: string }> };
    expect(catalog.events.map((e) => e.detailType)).toContain('cart.item_added');
    const svg = (await (await fetch(`${api}/architecture.svg`)).json()) as { svg: string };
    expect(svg.svg).toMatch(/^<svg /);
    expect(svg.svg).toContain(`data-id="rule:${BUS}/cart-rule"`);
  });

  it('pushes a snapshot, then what happens to an event sent through "send an event", as it happens', async () => {
    const stream = await openStream(`${api}/stream`);
    try {
      const snapshot = await stream.next((m) => m.kind === 'snapshot');
      expect(snapshot).toMatchObject({ kind: 'snapshot', eventLimit: 50, counters: { events: expect.any(Number) } });
      const response = await post(`${api}/events`, item({ quantity: 2 }));
      expect(response.status).toBe(200);
      const { eventId } = (await response.json()) as { eventId: string };
      const hasRecord = (m: StreamMessage, test: (r: NonNullable<Extract<StreamMessage, { kind: 'observation' }>['records']>[number]) => boolean): boolean =>
        m.kind === 'observation' && (m.records ?? []).some((r) => r.event.id === eventId && test(r));
      await stream.next((m) => hasRecord(m, (r) => r.invocations.some((i) => i.ok === true)));
      const received = stream.messages.find((m) => m.kind === 'observation' && m.observation.type === 'event.received' && m.observation.event.id === eventId);
      expect(received).toBeDefined();
      const delivered = stream.messages.find((m) => hasRecord(m, (r) => r.matches[0]?.targets[0]?.state === 'delivered'));
      expect(delivered?.kind === 'observation' && delivered.counters?.rules[arn('events', `rule/${BUS}/cart-rule`)]?.matched).toBeGreaterThanOrEqual(1);
      const started = stream.messages.find((m) => m.kind === 'observation' && m.observation.type === 'lambda.started');
      // Payloads stay on the server: the record has what the page shows.
      expect(started?.kind === 'observation' && started.observation.type === 'lambda.started' && started.observation.payload).toBe('');
      expect(ui.log.get(eventId)?.status).toBe('delivered');
    } finally {
      stream.close();
    }
  });

  it('refuses a detail its contract rejects, with every problem, and puts nothing on the bus', async () => {
    const before = ui.log.counters.events;
    const response = await post(`${api}/events`, item({ quantity: 0, colour: 'red' }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'the detail does not satisfy the cart.item_added contract',
      problems: ['detail must NOT have additional properties (colour)', 'detail.quantity must be >= 1'],
    });
    expect((await post(`${api}/events`, { ...item({ quantity: 1 }), busName: 'nope' })).status).toBe(400);
    expect((await post(`${api}/events`, { ...item({ quantity: 1 }), detail: [1] })).status).toBe(400);
    expect(ui.log.counters.events).toBe(before);
    // An event outside the catalog has no contract to check: it goes on the bus as PutEvents takes it.
    const custom = await post(`${api}/events`, { busName: BUS, source: 'my.tool', detailType: 'anything', detail: { free: 'form' } });
    expect(custom.status).toBe(200);
    expect(ui.log.counters.events).toBe(before + 1);
  });

  it('lists a dead letter with its error, pushes its arrival, and redrives it with the code of npm run redrive', async () => {
    const stream = await openStream(`${api}/stream`);
    try {
      const { eventId } = (await (await post(`${api}/events`, item({ quantity: 13 }))).json()) as { eventId: string };
      await aws.settled();
      const arrival = await stream.next((m) => m.kind === 'observation' && (m.deadLetters ?? []).some((d) => d.eventId === eventId));
      expect(arrival.kind === 'observation' && arrival.counters?.deadLetterQueues[`${STACK}-worker-dlq`]).toEqual({ arrivals: 1, depth: 1 });
      const [queue] = (await (await fetch(`${api}/dead-letter-queues`)).json()) as DeadLetterQueueView[];
      expect(queue).toMatchObject({ name: `${STACK}-worker-dlq`, busName: BUS });
      expect(queue.messages).toHaveLength(1);
      expect(queue.messages[0]).toMatchObject({
        eventId,
        detailType: 'cart.item_added',
        errors: { CONDITION: 'RetriesExhausted', ERROR_CODE: 'Error', ERROR_MESSAGE: 'unlucky quantity' },
        source: { kind: 'function', functionArn: arn('lambda', `function:${STACK}-worker`), condition: 'RetriesExhausted' },
        receiveCount: 0,
      });
      expect(ui.log.get(eventId)?.status).toBe('dead-lettered');

      const invocations = ui.log.counters.functions[`${STACK}-worker`].invocations;
      const redrive = await post(`${api}/dead-letter-queues/${STACK}-worker-dlq/redrive`, {});
      // The function fails again at once: the event comes back during the redrive, which leaves it there and ends.
      expect(await redrive.json()).toEqual({ read: 2, redriven: 1, leftBehind: 1, permanent: 0, returned: 1 });
      await aws.settled();
      // The event went back on the bus (a new id), reached the function again and failed again: a new dead letter.
      expect(ui.log.counters.functions[`${STACK}-worker`].invocations).toBe(invocations + 1);
      const [after] = (await (await fetch(`${api}/dead-letter-queues`)).json()) as DeadLetterQueueView[];
      expect(after.messages).toHaveLength(1);
      expect(after.messages[0].messageId).not.toBe(queue.messages[0].messageId);
      expect(after.messages[0].eventId).not.toBe(eventId);
      expect((await post(`${api}/dead-letter-queues/nope/redrive`, {})).status).toBe(404);
    } finally {
      stream.close();
    }
  });

  it('scans a table one page at a time', async () => {
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig(aws.endpoint)));
    await documents.send(new BatchWriteCommand({ RequestItems: { [`${STACK}-items`]: Array.from({ length: 7 }, (_, i) => ({ PutRequest: { Item: { id: `item-${i}`, tags: new Set(['a', 'b']), n: i } } })) } }));
    documents.destroy();
    const ids: string[] = [];
    let next: string | undefined;
    const sizes: number[] = [];
    do {
      const page = (await (await fetch(`${api}/tables/${STACK}-items?limit=3${next ? `&next=${encodeURIComponent(next)}` : ''}`)).json()) as TablePage;
      sizes.push(page.items.length);
      ids.push(...page.items.map((i) => String(i.id)));
      expect(page.items.every((i) => Array.isArray(i.tags))).toBe(true);
      next = page.next;
    } while (next);
    expect(sizes.slice(0, 2)).toEqual([3, 3]);
    expect(new Set(ids).size).toBe(7);
    expect((await fetch(`${api}/tables/${STACK}-items?limit=500`)).status).toBe(400);
    expect((await fetch(`${api}/tables/other-table`)).status).toBe(404);
    expect((await fetch(`${api}/tables/${STACK}-items?next=garbage`)).status).toBe(400);
  });

  it('lists schedules with the clock, and says when there is no mailbox', async () => {
    expect(await (await fetch(`${api}/schedules`)).json()).toEqual({ clock: { now: expect.any(String), offsetMs: expect.any(Number) }, schedules: [] });
    expect(await (await fetch(`${api}/mailbox`)).json()).toEqual({ available: false });
    expect((await fetch(`${api}/mailbox`, { method: 'DELETE' })).status).toBe(404);
    expect((await fetch(`${api}/tables/%E0%A4%A`)).status).toBe(400);
    const unknown = await fetch(`${api}/nothing-here`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'no console API GET /_local/console/api/nothing-here' });
  });

  it('serves the built page: the page for its own routes, hashed assets for good', async () => {
    const redirect = await fetch(ui.url.replace(/\/$/, ''), { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/_local/console/');
    for (const route of ['', 'game', 'dead-letters']) {
      const page = await fetch(`${ui.url}${route}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(await page.text()).toContain('<title>console</title>');
    }
    const asset = await fetch(`${ui.url}assets/app-1234.js`);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${ui.url}assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${ui.url}api/stack`, { method: 'PUT' })).status).toBe(404);
    // The AWS API and the control routes are still answered by the endpoint.
    expect((await fetch(`${aws.endpoint}/_local/health`)).status).toBe(200);
  });
});

describe('the console without a built page, with a mailbox', () => {
  let aws: LocalAws;
  let ui: LocalConsole;
  const mails: MailMessage[] = [];
  const listeners = new Set<() => void>();
  const mailbox: Mailbox = {
    list: () => mails,
    clear: () => {
      mails.splice(0);
      listeners.forEach((l) => l());
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };

  beforeAll(async () => {
    ({ aws, ui } = await startConsole({ distDir: path.join(tempDir('console-missing-'), 'dist'), mailbox }));
  });
  afterAll(async () => {
    ui?.stop();
    await aws?.stop();
  });

  it('says how to build the page', async () => {
    const response = await fetch(ui.url);
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('The console is not built');
  });

  it('shows the mailbox and pushes its changes', async () => {
    const stream = await openStream(`${ui.url}api/stream`);
    try {
      mails.push({ id: 'm-1', timestamp: '2030-01-01T00:00:00Z', source: 'shop@example.com', to: ['u-1@example.com'], subject: 'Your cart misses you' });
      listeners.forEach((l) => l());
      await stream.next((m) => m.kind === 'mailbox');
      expect(await (await fetch(`${ui.url}api/mailbox`)).json()).toEqual({ available: true, messages: mails });
      expect((await fetch(`${ui.url}api/mailbox`, { method: 'DELETE' })).status).toBe(200);
      expect(mails).toEqual([]);
    } finally {
      stream.close();
    }
  });

  it('stops following the runtime when stopped', async () => {
    const stream = await openStream(`${ui.url}api/stream`);
    await stream.next((m) => m.kind === 'snapshot');
    ui.stop();
    expect(ui.pages()).toBe(0);
    expect(aws.observe.listenerCount).toBe(0);
    stream.close();
  });
});
