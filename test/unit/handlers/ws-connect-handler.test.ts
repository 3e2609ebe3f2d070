import { GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { loadWsConnectConfig } from '../../../handlers/src/ws-connect/config';
import { makeHandler } from '../../../handlers/src/ws-connect/handler';
import { ContractViolation } from '../../../handlers/src/events/contract-violation';
import { silentLogger } from '../../../handlers/src/shared/logger';
import { createTables, startDynalite, type DynaliteServer, type TestTables } from '../../support/dynalite';
import { fixture } from '../../support/events';
import { recordingLogger } from '../../support/logger';

jest.setTimeout(30_000);

const NOW = new Date('2024-05-14T07:40:00.000Z');
let dynamo: DynaliteServer;
let tables: TestTables;

beforeAll(async () => {
  dynamo = await startDynalite();
  tables = await createTables(dynamo.client);
});
afterAll(() => dynamo?.close());

const handler = (logger = silentLogger) =>
  makeHandler({ dynamodb: dynamo.client, config: { connectionsTable: tables.connections, watchersTable: tables.watchers, connectionTtlSeconds: 7200 }, clock: () => NOW, logger });

/** A `$connect` event as API Gateway sends it after the authorizer allowed it with `authorizer` as its context. */
const connectEvent = (connectionId: string, authorizer: unknown = { player: 'alice', principalId: 'sub-1' }, query: unknown = { token: 't' }) => {
  const event = fixture<Record<string, any>>('ws-connect');
  event.requestContext.connectionId = connectionId;
  event.requestContext.authorizer = authorizer;
  event.queryStringParameters = query;
  return event;
};
const disconnectEvent = (connectionId: string) => {
  const event = fixture<Record<string, any>>('ws-disconnect');
  event.requestContext.connectionId = connectionId;
  return event;
};
const item = async (connectionId: string) =>
  (await dynamo.client.send(new GetItemCommand({ TableName: tables.connections, Key: { connectionId: { S: connectionId } }, ConsistentRead: true }))).Item;

describe('ws-connect handler', () => {
  it('$connect stores the connection with its player and a TTL', async () => {
    const { logger, lines } = recordingLogger('ws-connect');
    expect(await handler(logger)(connectEvent('conn-1='))).toEqual({ statusCode: 200 });
    expect(await item('conn-1=')).toEqual({
      connectionId: { S: 'conn-1=' },
      player: { S: 'alice' },
      connectedAt: { S: '2024-05-14T07:40:00.000Z' },
      expiresAt: { N: String(1715672400 + 7200) },
    });
    expect(lines).toEqual([expect.objectContaining({ level: 'info', message: 'connected', connectionId: 'conn-1=', player: 'alice' })]);
  });

  it('$connect twice is harmless', async () => {
    await handler()(connectEvent('conn-2'));
    expect(await handler()(connectEvent('conn-2'))).toEqual({ statusCode: 200 });
  });

  it.each([
    ['no authorizer context', null],
    ['no player in it', { principalId: 'sub-1' }],
    ['an empty player', { player: '' }],
    ['a player outside the name rule', { player: 'x'.repeat(65) }],
  ])('$connect with %s is refused with 403 and stores nothing', async (_label, authorizer) => {
    const response = await handler()(connectEvent('conn-bad', authorizer));
    expect(response.statusCode).toBe(403);
    expect(JSON.parse(response.body ?? '{}').message).toMatch(/player/);
    expect(await item('conn-bad')).toBeUndefined();
  });

  it('$connect?player=misty with alice verified stores alice', async () => {
    expect(await handler()(connectEvent('conn-4', { player: 'alice' }, { player: 'misty', token: 't' }))).toEqual({ statusCode: 200 });
    expect((await item('conn-4'))?.player).toEqual({ S: 'alice' });
  });

  it('$disconnect removes the connection, and is idempotent', async () => {
    await handler()(connectEvent('conn-3'));
    expect(await handler()(disconnectEvent('conn-3'))).toEqual({ statusCode: 200 });
    expect(await item('conn-3')).toBeUndefined();
    expect(await handler()(disconnectEvent('conn-3'))).toEqual({ statusCode: 200 });
  });

  it('$disconnect also withdraws the connection from every cell it watched, and only that connection', async () => {
    await handler()(connectEvent('conn-5'));
    const cells = ['881fb46625fffff', '881fb46627fffff'];
    const { UpdateItemCommand, PutItemCommand } = await import('@aws-sdk/client-dynamodb');
    await dynamo.client.send(
      new UpdateItemCommand({ TableName: tables.connections, Key: { connectionId: { S: 'conn-5' } }, UpdateExpression: 'SET cells = :c', ExpressionAttributeValues: { ':c': { L: cells.map((S) => ({ S })) } } }),
    );
    for (const [cell, connectionId] of [...cells.map((c) => [c, 'conn-5']), [cells[0], 'conn-other']] as Array<[string, string]>) {
      await dynamo.client.send(new PutItemCommand({ TableName: tables.watchers, Item: { cell: { S: cell }, connectionId: { S: connectionId }, player: { S: 'alice' }, expiresAt: { N: '1715679600' } } }));
    }
    expect(await handler()(disconnectEvent('conn-5'))).toEqual({ statusCode: 200 });
    const watching = async (cell: string) =>
      ((await dynamo.client.send(new QueryCommand({ TableName: tables.watchers, KeyConditionExpression: 'cell = :c', ExpressionAttributeValues: { ':c': { S: cell } }, ConsistentRead: true }))).Items ?? []).map(
        (i) => i.connectionId?.S,
      );
    expect(await watching(cells[0] as string)).toEqual(['conn-other']);
    expect(await watching(cells[1] as string)).toEqual([]);
  });

  it('throws on something that is not a WebSocket event', async () => {
    await expect(handler()({ hello: 'world' })).rejects.toBeInstanceOf(ContractViolation);
  });

  it('config: CONNECTION_TTL_SECONDS defaults to 7200, the tables are required', () => {
    expect(loadWsConnectConfig({ CONNECTIONS_TABLE: 't', WATCHERS_TABLE: 'w' })).toEqual({ connectionsTable: 't', watchersTable: 'w', connectionTtlSeconds: 7200 });
    expect(() => loadWsConnectConfig({})).toThrow('Invalid configuration for ws-connect: CONNECTIONS_TABLE is required; WATCHERS_TABLE is required');
  });
});
