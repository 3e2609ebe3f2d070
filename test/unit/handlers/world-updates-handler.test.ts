/**
 * The world-updates and ws-watch handlers together, against dynalite (connections and watchers tables) and the local
 * Management API server, through the real DynamoDB and ApiGatewayManagementApi clients: connections watch positions,
 * world changes reach exactly the connections watching their cell's neighbourhood.
 */
import { GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { ConnectionsStore } from '../../../handlers/src/adapters/connections-store';
import { ContractViolation } from '../../../handlers/src/events/contract-violation';
import { cellOf, neighbourhoodOf } from '../../../handlers/src/shared/cells';
import { silentLogger } from '../../../handlers/src/shared/logger';
import { loadWorldUpdatesConfig } from '../../../handlers/src/world-updates/config';
import { DeliveryError, makeHandler as makeWorldUpdates } from '../../../handlers/src/world-updates/handler';
import { loadWsWatchConfig } from '../../../handlers/src/ws-watch/config';
import { makeHandler as makeWatch } from '../../../handlers/src/ws-watch/handler';
import { createTables, type TestTables } from '../../support/dynalite';
import { usePushBackends } from '../../support/handler-backends';
import { eventOf } from '../../support/events';

jest.setTimeout(30_000);

const RESOLUTION = 8;
const NOTRE_DAME = { lat: 48.853, lng: 2.3499 };
const NEXT_DOOR = { lat: 48.8557, lng: 2.3499 }; // ≈ 300 m north: a neighbouring cell or the same one
const MONTMARTRE = { lat: 48.8867, lng: 2.3431 }; // ≈ 3.7 km north
const HERE = cellOf(NOTRE_DAME, RESOLUTION);

const backends = usePushBackends();

async function setup() {
  const tables: TestTables = await createTables(backends.dynamo.client);
  const connections = new ConnectionsStore(backends.dynamo.client, tables.connections, tables.connectionsByPlayerIndex);
  const watch = makeWatch({
    dynamodb: backends.dynamo.client,
    config: { connectionsTable: tables.connections, watchersTable: tables.watchers, cellResolution: RESOLUTION },
    clock: () => new Date('2024-05-14T07:41:00.000Z'),
    logger: silentLogger,
  });
  const worldUpdates = makeWorldUpdates({
    dynamodb: backends.dynamo.client,
    managementApi: backends.managementApi,
    config: { watchersTable: tables.watchers, websocketManagementEndpoint: backends.api.endpoint },
    logger: silentLogger,
    pageSize: 3,
    concurrency: 4,
  });
  const message = (connectionId: string, body: unknown, player = connectionId.split('-')[0]) => ({
    requestContext: { routeKey: 'watch', connectionId, eventType: 'MESSAGE', authorizer: { player, principalId: player } },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    isBase64Encoded: false,
  });
  /** A connected player (record + open socket), watching `position` when given. */
  const join = async (player: string, position?: { lat: number; lng: number }, open = true): Promise<string> => {
    const connectionId = `${player}-${randomUUID().slice(0, 8)}=`;
    await connections.put({ connectionId, player, connectedAt: '2024-05-14T07:40:00.000Z', expiresAt: 1715679600 });
    if (open) backends.registry.connect(connectionId);
    if (position) expect((await watch(message(connectionId, { action: 'watch', ...position }))).statusCode).toBe(200);
    return connectionId;
  };
  const watchersOf = async (cell: string): Promise<string[]> =>
    ((await backends.dynamo.client.send(new QueryCommand({ TableName: tables.watchers, KeyConditionExpression: 'cell = :c', ExpressionAttributeValues: { ':c': { S: cell } }, ConsistentRead: true }))).Items ?? [])
      .map((i) => String(i.connectionId?.S))
      .sort();
  return { tables, watch, worldUpdates, message, join, watchersOf };
}

const spawned = (cell = HERE) => eventOf('spawned', { fakemon: 'fm-9', species: 'leaf-owl', expiresAt: '2024-05-14T07:55:00.000Z', ...NOTRE_DAME, cell });
const captured = (cell?: string) =>
  eventOf('captureSucceeded', { attemptId: randomUUID(), player: 'alice', fakemon: 'fm-9', capturedAt: '2024-05-14T07:42:21.512Z', ...(cell ? { cell } : {}) });

describe('ws-watch handler', () => {
  it('answers with the cell and its neighbours, and writes one watcher entry per cell with the connection’s expiry', async () => {
    const { watch, message, join, watchersOf, tables } = await setup();
    const misty = await join('misty');
    const response = await watch(message(misty, { action: 'watch', ...NOTRE_DAME }));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ type: 'watching', cell: HERE, cells: neighbourhoodOf(HERE) });
    for (const cell of neighbourhoodOf(HERE)) expect(await watchersOf(cell)).toEqual([misty]);
    const entry = await backends.dynamo.client.send(new GetItemCommand({ TableName: tables.watchers, Key: { cell: { S: HERE }, connectionId: { S: misty } }, ConsistentRead: true }));
    expect(entry.Item).toEqual({ cell: { S: HERE }, connectionId: { S: misty }, player: { S: 'misty' }, expiresAt: { N: '1715679600' } });
  });

  it('moving replaces the cells left behind and keeps the ones still watched', async () => {
    const { watch, message, join, watchersOf } = await setup();
    const misty = await join('misty', NOTRE_DAME);
    await watch(message(misty, { action: 'watch', ...MONTMARTRE }));
    const there = neighbourhoodOf(cellOf(MONTMARTRE, RESOLUTION));
    for (const cell of neighbourhoodOf(HERE)) expect(await watchersOf(cell)).toEqual(there.includes(cell) ? [misty] : []);
    for (const cell of there) expect(await watchersOf(cell)).toEqual([misty]);
  });

  it('two watches of one connection at once leave exactly the cells of the one recorded last', async () => {
    const { watch, message, join, watchersOf, tables } = await setup();
    const misty = await join('misty');
    await Promise.all([watch(message(misty, { action: 'watch', ...NOTRE_DAME })), watch(message(misty, { action: 'watch', ...MONTMARTRE }))]);
    const record = await backends.dynamo.client.send(new GetItemCommand({ TableName: tables.connections, Key: { connectionId: { S: misty } }, ConsistentRead: true }));
    const last = (record.Item?.cells?.L ?? []).map((v) => String(v.S));
    const all = [...new Set([...neighbourhoodOf(HERE), ...neighbourhoodOf(cellOf(MONTMARTRE, RESOLUTION))])];
    for (const cell of all) expect([cell, await watchersOf(cell)]).toEqual([cell, last.includes(cell) ? [misty] : []]);
  });

  it.each([
    ['not JSON', 'watch me', 400, 'the message is not JSON'],
    ['no position', { action: 'watch' }, 400, 'apiBodies.watch violates its contract: lat: expected number; lng: expected number'],
    ['a player in the message', { action: 'watch', ...NOTRE_DAME, player: 'brock' }, 400, 'apiBodies.watch violates its contract: unknown field "player"'],
  ])('refuses %s with an error answer and writes nothing', async (_label, body, statusCode, text) => {
    const { watch, message, join, watchersOf } = await setup();
    const misty = await join('misty');
    const response = await watch(message(misty, body));
    expect(response).toEqual({ statusCode, body: JSON.stringify({ type: 'error', action: 'watch', message: text }) });
    expect(await watchersOf(HERE)).toEqual([]);
  });

  it('refuses a connection that is not registered, or registered to another player', async () => {
    const { watch, message, join, watchersOf } = await setup();
    const misty = await join('misty');
    expect((await watch(message('ghost-1=', { action: 'watch', ...NOTRE_DAME }, 'ghost'))).statusCode).toBe(410);
    expect((await watch(message(misty, { action: 'watch', ...NOTRE_DAME }, 'brock'))).statusCode).toBe(410);
    expect(await watchersOf(HERE)).toEqual([]);
  });

  it('config: the tables and a resolution of 0–15', () => {
    expect(loadWsWatchConfig({ CONNECTIONS_TABLE: 'c', WATCHERS_TABLE: 'w', CELL_RESOLUTION: '8' })).toEqual({ connectionsTable: 'c', watchersTable: 'w', cellResolution: 8 });
    expect(() => loadWsWatchConfig({ CONNECTIONS_TABLE: 'c', CELL_RESOLUTION: '16' })).toThrow(
      'Invalid configuration for ws-watch: WATCHERS_TABLE is required; CELL_RESOLUTION must be an integer between 0 and 15 (got "16")',
    );
  });
});

describe('world-updates handler', () => {
  it('a change reaches the connections watching its cell or a neighbour, across Query pages, and nobody else', async () => {
    const { worldUpdates, join } = await setup();
    const near = await Promise.all(Array.from({ length: 5 }, (_, i) => join(`near${i}`, i % 2 === 0 ? NOTRE_DAME : NEXT_DOOR)));
    const far = await join('far', MONTMARTRE);
    const idle = await join('idle'); // connected, watching nothing

    expect(await worldUpdates(spawned())).toEqual({ sent: 5, gone: 0, failed: 0 });
    const update = { type: 'world', change: 'spawned', fakemon: 'fm-9', species: 'leaf-owl', expiresAt: '2024-05-14T07:55:00.000Z', ...NOTRE_DAME, cell: HERE };
    for (const id of near) expect(backends.registry.json(id)).toEqual([update]);
    expect(backends.registry.json(far)).toEqual([]);
    expect(backends.registry.json(idle)).toEqual([]);
  });

  it('a capture names no player; a flight is told too', async () => {
    const { worldUpdates, join } = await setup();
    const misty = await join('misty', NOTRE_DAME);
    await worldUpdates(captured(HERE));
    await worldUpdates(eventOf('fled', { fakemon: 'fm-3', cell: HERE }));
    expect(backends.registry.json(misty)).toEqual([
      { type: 'world', change: 'captured', fakemon: 'fm-9', capturedAt: '2024-05-14T07:42:21.512Z', cell: HERE },
      { type: 'world', change: 'fled', fakemon: 'fm-3', cell: HERE },
    ]);
  });

  it('a capture of a fakémon without a cell tells nobody', async () => {
    const { worldUpdates, join } = await setup();
    const misty = await join('misty', NOTRE_DAME);
    expect(await worldUpdates(captured())).toEqual({ sent: 0, gone: 0, failed: 0 });
    expect(backends.registry.json(misty)).toEqual([]);
  });

  it('a gone watcher is withdrawn from the cell, the others still get the update', async () => {
    const { worldUpdates, join, watchersOf } = await setup();
    const live = await join('live', NOTRE_DAME);
    const gone = await join('gone', NOTRE_DAME, false); // its socket is gone, its entries are not
    expect(await worldUpdates(spawned())).toEqual({ sent: 1, gone: 1, failed: 0 });
    expect(await watchersOf(HERE)).toEqual([live]);
    expect(backends.registry.json(live)).toHaveLength(1);
    expect(gone).toBeDefined();
  });

  it('another failure: every post is attempted, then the handler throws so the event is retried', async () => {
    const { worldUpdates, join } = await setup();
    const ok = await join('fine', NOTRE_DAME);
    const broken = await join('broken', NOTRE_DAME);
    const originalPost = backends.registry.post.bind(backends.registry);
    backends.registry.post = (id, data) => {
      if (id === broken) throw new Error('socket exploded');
      return originalPost(id, data);
    };
    try {
      const error = await worldUpdates(spawned()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeliveryError);
      expect((error as DeliveryError).report).toEqual({ sent: 1, gone: 0, failed: 1 });
      expect(backends.registry.json(ok)).toHaveLength(1);
    } finally {
      backends.registry.post = originalPost;
    }
  });

  it('refuses events it does not handle (results are not its business)', async () => {
    const { worldUpdates } = await setup();
    await expect(worldUpdates(eventOf('captureFailed', { attemptId: 'a-1', player: 'ash', fakemon: 'b', reason: 'fled' }))).rejects.toBeInstanceOf(ContractViolation);
  });

  it('config: the watchers table and an http(s) endpoint', () => {
    expect(() => loadWorldUpdatesConfig({ WEBSOCKET_MANAGEMENT_ENDPOINT: 'abc' })).toThrow(
      'Invalid configuration for world-updates: WATCHERS_TABLE is required; WEBSOCKET_MANAGEMENT_ENDPOINT must be an http(s) URL (got "abc")',
    );
  });
});
