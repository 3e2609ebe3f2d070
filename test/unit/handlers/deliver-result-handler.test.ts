/**
 * The deliver-result handler against dynalite (connections table + by-player GSI) and the local Management
 * API server, through the real DynamoDB and ApiGatewayManagementApi clients.
 */
import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { ConnectionsStore } from '../../../handlers/src/adapters/connections-store';
import { ContractViolation } from '../../../handlers/src/events/contract-violation';
import { loadDeliverResultConfig } from '../../../handlers/src/deliver-result/config';
import { DeliveryError, makeHandler, type DeliverResultDeps } from '../../../handlers/src/deliver-result/handler';
import { silentLogger } from '../../../handlers/src/shared/logger';
import { createTables, type TestTables } from '../../support/dynalite';
import { usePushBackends } from '../../support/handler-backends';
import { eventOf } from '../../support/events';

jest.setTimeout(30_000);

const backends = usePushBackends();

/** A fresh connections table per test. */
async function setup(overrides: Partial<DeliverResultDeps> = {}) {
  const tables: TestTables = await createTables(backends.dynamo.client);
  const store = new ConnectionsStore(backends.dynamo.client, tables.connections, tables.connectionsByPlayerIndex);
  const connect = async (player: string, open = true): Promise<string> => {
    const connectionId = `${player}-${randomUUID().slice(0, 8)}=`;
    await store.put({ connectionId, player, connectedAt: '2024-05-14T07:40:00.000Z', expiresAt: 1715679600 });
    if (open) backends.registry.connect(connectionId);
    return connectionId;
  };
  const handler = makeHandler({
    dynamodb: backends.dynamo.client,
    managementApi: backends.managementApi,
    config: {
      connectionsTable: tables.connections,
      connectionsByPlayerIndex: tables.connectionsByPlayerIndex,
      websocketManagementEndpoint: backends.api.endpoint,
    },
    logger: silentLogger,
    ...overrides,
  });
  const recordExists = async (client: DynamoDBClient, connectionId: string) =>
    (await client.send(new GetItemCommand({ TableName: tables.connections, Key: { connectionId: { S: connectionId } }, ConsistentRead: true })))
      .Item !== undefined;
  return { tables, connect, handler, recordExists: (id: string) => recordExists(backends.dynamo.client, id) };
}

const succeeded = (player: string, fakemon = 'fm-1', attemptId: string = randomUUID()) =>
  eventOf('captureSucceeded', { attemptId, player, fakemon, capturedAt: '2024-05-14T07:42:21.512Z' });

describe('deliver-result handler', () => {
  it('capture_succeeded: the player gets the result on every connection, and nobody else hears anything', async () => {
    const { connect, handler } = await setup();
    const [alice1, alice2, bob] = [await connect('alice'), await connect('alice'), await connect('bob')];
    const event = succeeded('alice', 'fm-7', 'attempt-1');

    expect(await handler(event)).toEqual({ sent: 2, gone: 0, failed: 0 });

    const result = { type: 'capture_result', attemptId: 'attempt-1', fakemon: 'fm-7', outcome: 'captured' };
    expect(backends.registry.json(alice1)).toEqual([result]);
    expect(backends.registry.json(alice2)).toEqual([result]);
    expect(backends.registry.json(bob)).toEqual([]);
  });

  it('capture_failed: only the player hears, with outcome and reason', async () => {
    const { connect, handler } = await setup();
    const [bob, alice] = [await connect('bob'), await connect('alice')];
    const event = eventOf('captureFailed', { attemptId: 'attempt-2', player: 'bob', fakemon: 'fm-7', reason: 'already_captured' });

    expect(await handler(event)).toEqual({ sent: 1, gone: 0, failed: 0 });
    expect(backends.registry.json(bob)).toEqual([
      { type: 'capture_result', attemptId: 'attempt-2', fakemon: 'fm-7', outcome: 'already_captured', reason: 'already_captured' },
    ]);
    expect(backends.registry.json(alice)).toEqual([]);
  });

  it('a gone connection loses its record and the player’s other connections still get the result', async () => {
    const { connect, handler, recordExists } = await setup();
    const live = await connect('alice');
    const stale = await connect('alice', false); // record left behind, socket gone

    expect(await handler(succeeded('alice'))).toEqual({ sent: 1, gone: 1, failed: 0 });
    expect(backends.registry.json(live)).toHaveLength(1);
    expect(await recordExists(stale)).toBe(false);
    expect(await recordExists(live)).toBe(true);
  });

  it('a 410 from a connection still completing $connect keeps its fresh record (no race with ws-connect)', async () => {
    const connectedAt = new Date('2024-05-14T07:40:00.000Z');
    const { connect, handler, recordExists } = await setup({ clock: () => new Date(connectedAt.getTime() + 5_000) });
    const connecting = await connect('alice', false); // record written 5 s ago, socket not registered yet
    expect(await handler(succeeded('alice'))).toEqual({ sent: 0, gone: 1, failed: 0 });
    expect(await recordExists(connecting)).toBe(true);
  });

  it('another failure: every post is attempted, then the handler throws so the event is retried', async () => {
    const { connect, handler } = await setup();
    const ok = await connect('alice');
    const broken = await connect('alice');
    const originalPost = backends.registry.post.bind(backends.registry);
    backends.registry.post = (id, data) => {
      if (id === broken) throw new Error('socket exploded');
      return originalPost(id, data);
    };
    try {
      const error = await handler(succeeded('alice')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeliveryError);
      expect((error as DeliveryError).report).toEqual({ sent: 1, gone: 0, failed: 1 });
      expect((error as DeliveryError).failures.map((f) => f.connectionId)).toEqual([broken]);
      expect(backends.registry.json(ok)).toHaveLength(1);
    } finally {
      backends.registry.post = originalPost;
    }
  });

  it('no connections, nothing to do', async () => {
    const { handler } = await setup();
    expect(await handler(succeeded('nobody'))).toEqual({ sent: 0, gone: 0, failed: 0 });
  });

  it('refuses events it does not handle (world changes are not its business)', async () => {
    const { handler } = await setup();
    await expect(handler(eventOf('captureAttempt', { attemptId: 'a-1', player: 'ash', fakemon: 'b' }))).rejects.toBeInstanceOf(ContractViolation);
    await expect(handler(eventOf('fled', { fakemon: 'b', cell: '881fb46625fffff' }))).rejects.toBeInstanceOf(ContractViolation);
  });

  it('config: needs the table, the index and an http(s) endpoint', () => {
    expect(() => loadDeliverResultConfig({ CONNECTIONS_TABLE: 't', WEBSOCKET_MANAGEMENT_ENDPOINT: 'abc' })).toThrow(
      'Invalid configuration for deliver-result: CONNECTIONS_BY_PLAYER_INDEX is required; WEBSOCKET_MANAGEMENT_ENDPOINT must be an http(s) URL (got "abc")',
    );
    expect(
      loadDeliverResultConfig({
        CONNECTIONS_TABLE: 't',
        CONNECTIONS_BY_PLAYER_INDEX: 'by-player',
        WEBSOCKET_MANAGEMENT_ENDPOINT: 'https://abc.execute-api.eu-west-1.amazonaws.com/dev',
      }),
    ).toEqual({
      connectionsTable: 't',
      connectionsByPlayerIndex: 'by-player',
      websocketManagementEndpoint: 'https://abc.execute-api.eu-west-1.amazonaws.com/dev',
    });
  });
});
