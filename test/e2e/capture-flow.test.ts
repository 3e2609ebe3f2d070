import { DynamoDBClient, PutItemCommand, GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DescribeArchiveCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { e2eTarget, E2eTarget } from './support/target';
import { Player, postJson } from './support/player';

jest.setTimeout(120_000);

let target: E2eTarget;
let lambda: LambdaClient;
let dynamodb: DynamoDBClient;
let events: EventBridgeClient;
const run = `${Date.now().toString(36)}`;

beforeAll(async () => {
  target = await e2eTarget();
  lambda = new LambdaClient(target.client);
  dynamodb = new DynamoDBClient(target.client);
  events = new EventBridgeClient(target.client);
});
afterAll(async () => {
  lambda?.destroy();
  dynamodb?.destroy();
  events?.destroy();
  await target?.stop();
});

async function spawn(fakemon: string[]): Promise<void> {
  const result = await lambda.send(
    new InvokeCommand({ FunctionName: target.outputs.spawn_function_name, Payload: Buffer.from(JSON.stringify({ fakemon })) }),
  );
  expect(result.FunctionError).toBeUndefined();
}

const capture = (player: string, fakemon: string): Promise<{ status: number; body: Record<string, unknown> }> =>
  postJson(`${target.restUrl}/captures`, { player, fakemon });

describe('the capture flow, end to end', () => {
  it('a captured fakémon reaches its player as capture_result and every other player as a world update', async () => {
    const ash = await Player.connect(target.webSocketUrl, `ash-${run}`);
    const misty = await Player.connect(target.webSocketUrl, `misty-${run}`);
    try {
      const fakemon = `fm-solo-${run}`;
      await spawn([fakemon]);
      await misty.waitFor((m) => m.type === 'world' && m.change === 'spawned' && m.fakemon === fakemon);

      const response = await capture(ash.name, fakemon);
      expect(response.status).toBe(202);
      expect(response.body.attemptId).toEqual(expect.any(String));

      const result = await ash.waitFor((m) => m.type === 'capture_result' && m.attemptId === response.body.attemptId);
      expect(result).toMatchObject({ fakemon, outcome: 'captured' });
      await misty.waitFor((m) => m.type === 'world' && m.change === 'captured' && m.fakemon === fakemon);
    } finally {
      await Promise.all([ash.close(), misty.close()]);
    }
  });

  it('100 players racing for one fakémon: exactly one captured, 99 already_captured, one collection entry', async () => {
    const fakemon = `fm-race-${run}`;
    await spawn([fakemon]);
    const players = await Promise.all(Array.from({ length: 100 }, (_, i) => Player.connect(target.webSocketUrl, `racer-${i}-${run}`)));
    try {
      const responses = await Promise.all(players.map((p) => capture(p.name, fakemon)));
      expect(responses.map((r) => r.status)).toEqual(Array(100).fill(202));
      const results = await Promise.all(
        players.map((p, i) => p.waitFor((m) => m.type === 'capture_result' && m.attemptId === responses[i].body.attemptId, 30_000)),
      );
      const outcomes = results.map((r) => r.outcome);
      expect(outcomes.filter((o) => o === 'captured')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'already_captured')).toHaveLength(99);

      const { Items = [] } = await dynamodb.send(
        new ScanCommand({ TableName: target.outputs.collections_table, FilterExpression: 'fakemonId = :f', ExpressionAttributeValues: { ':f': { S: fakemon } } }),
      );
      expect(Items).toHaveLength(1);
      const winner = players[outcomes.indexOf('captured')].name;
      expect(Items[0].player.S).toBe(winner);
    } finally {
      await Promise.all(players.map((p) => p.close()));
    }
  });

  it('50 malformed requests all answer 400 with an error body and put nothing on the bus', async () => {
    const archiveName = `${target.stackName}-archive`;
    await target.settle();
    const before = (await events.send(new DescribeArchiveCommand({ ArchiveName: archiveName }))).EventCount;
    const bad: Array<[string, unknown, boolean]> = [
      ['not JSON', '{"player": "ash",', true],
      ['missing fakemon', { player: 'ash' }, false],
      ['missing player', { fakemon: 'fm' }, false],
      ['empty player', { player: '', fakemon: 'fm' }, false],
      ['wrong type', { player: 42, fakemon: 'fm' }, false],
      ['too long', { player: 'x'.repeat(65), fakemon: 'fm' }, false],
      ['unknown field', { player: 'ash', fakemon: 'fm', shiny: true }, false],
      ['array', [], false],
      ['null', 'null', true],
      ['empty body', '', true],
    ];
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => postJson(`${target.restUrl}/captures`, bad[i % bad.length][1], bad[i % bad.length][2])));
    for (const [i, response] of responses.entries()) {
      expect([i, response.status]).toEqual([i, 400]);
      expect(response.body.message).toEqual(expect.any(String));
    }
    expect(responses.filter((r) => r.body.errors !== undefined).length).toBeGreaterThan(0);
    await target.settle();
    const after = (await events.send(new DescribeArchiveCommand({ ArchiveName: archiveName }))).EventCount;
    expect(after).toBe(before);
  });

  it('a connection that dropped without $disconnect is removed on GoneException; the player’s other connections still get the result', async () => {
    const player = await Player.connect(target.webSocketUrl, `gone-${run}`);
    const watcher = await Player.connect(target.webSocketUrl, `watcher-${run}`);
    const stale = `stale${run}AAAA=`;
    try {
      // A connection record whose socket is gone, as after a client vanished without $disconnect.
      await dynamodb.send(
        new PutItemCommand({
          TableName: target.outputs.connections_table,
          Item: {
            connectionId: { S: stale },
            player: { S: player.name },
            connectedAt: { S: new Date(Date.now() - 3_600_000).toISOString() }, // connected an hour ago
            expiresAt: { N: String(Math.floor(Date.now() / 1000) + 3600) },
          },
        }),
      );
      const fakemon = `fm-gone-${run}`;
      await spawn([fakemon]);
      const response = await capture(player.name, fakemon);
      expect(response.status).toBe(202);
      await player.waitFor((m) => m.type === 'capture_result' && m.attemptId === response.body.attemptId);
      await watcher.waitFor((m) => m.type === 'world' && m.change === 'captured' && m.fakemon === fakemon);
      await target.settle();
      const { Item } = await dynamodb.send(new GetItemCommand({ TableName: target.outputs.connections_table, Key: { connectionId: { S: stale } }, ConsistentRead: true }));
      expect(Item).toBeUndefined();
    } finally {
      await Promise.all([player.close(), watcher.close()]);
    }
  });
});
