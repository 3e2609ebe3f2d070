import { DynamoDBClient, PutItemCommand, GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DescribeArchiveCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { e2eTarget, E2eTarget } from './support/target';
import { Player, PlayerDirectory, postJson } from './support/player';
import { HOTEL_DE_VILLE, MONTMARTRE, NOTRE_DAME } from './support/places';

jest.setTimeout(120_000);

let target: E2eTarget;
let lambda: LambdaClient;
let dynamodb: DynamoDBClient;
let events: EventBridgeClient;
let players: PlayerDirectory;
const run = `${Date.now().toString(36)}`;

beforeAll(async () => {
  target = await e2eTarget();
  lambda = new LambdaClient(target.client);
  dynamodb = new DynamoDBClient(target.client);
  events = new EventBridgeClient(target.client);
  players = new PlayerDirectory(target);
});
afterAll(async () => {
  lambda?.destroy();
  dynamodb?.destroy();
  events?.destroy();
  players?.destroy();
  await target?.stop();
});

/** Signs `name` in and connects it to the WebSocket API. */
const join = async (name: string): Promise<Player> => Player.connect(target.webSocketUrl, await players.signIn(name));

async function spawn(fakemon: string[], at: { lat: number; lng: number } = NOTRE_DAME): Promise<void> {
  const result = await lambda.send(
    new InvokeCommand({ FunctionName: target.outputs.spawn_function_name, Payload: Buffer.from(JSON.stringify({ fakemon, at })) }),
  );
  expect(result.FunctionError).toBeUndefined();
}

const capture = (player: Player, fakemon: string): Promise<{ status: number; body: Record<string, unknown> }> =>
  postJson(`${target.restUrl}/captures`, { fakemon }, { token: player.token });

describe('the capture flow, end to end', () => {
  it('a captured fakémon reaches its player as capture_result, a player nearby as a world update, and a player far away not at all', async () => {
    const ash = await join(`ash_${run}`);
    const misty = await join(`misty_${run}`);
    const brock = await join(`brock_${run}`);
    try {
      expect(await misty.watch(HOTEL_DE_VILLE)).toMatchObject({ type: 'watching', cells: expect.any(Array) });
      expect(await brock.watch(MONTMARTRE)).toMatchObject({ type: 'watching' });
      const fakemon = `fm-solo-${run}`;
      await spawn([fakemon], NOTRE_DAME);
      const spawned = await misty.waitFor((m) => m.type === 'world' && m.change === 'spawned' && m.fakemon === fakemon);
      expect(spawned).toMatchObject({ lat: NOTRE_DAME.lat, lng: NOTRE_DAME.lng, cell: expect.stringMatching(/^[0-9a-f]{15}$/), expiresAt: expect.any(String) });

      const response = await capture(ash, fakemon);
      expect(response.status).toBe(202);
      expect(response.body.attemptId).toEqual(expect.any(String));

      const result = await ash.waitFor((m) => m.type === 'capture_result' && m.attemptId === response.body.attemptId);
      expect(result).toMatchObject({ fakemon, outcome: 'captured' });
      const update = await misty.waitFor((m) => m.type === 'world' && m.change === 'captured' && m.fakemon === fakemon);
      expect(update).toEqual({ type: 'world', change: 'captured', fakemon, capturedAt: expect.any(String), cell: spawned.cell }); // no player named
      await target.settle();
      expect(brock.messages.filter((m) => m.type !== 'watching')).toEqual([]);
      expect(ash.messages.filter((m) => m.type === 'world')).toEqual([]); // ash watches nothing
      expect(misty.messages.filter((m) => m.type === 'capture_result')).toEqual([]);
    } finally {
      await Promise.all([ash.close(), misty.close(), brock.close()]);
    }
  });

  it('a watch that is not {"action":"watch","lat","lng"} is answered with an error on the socket', async () => {
    const misty = await join(`sloppy_watch_${run}`);
    try {
      expect(await misty.watch({ lat: 91, lng: 2 })).toEqual({ type: 'error', action: 'watch', message: 'apiBodies.watch violates its contract: lat: must be <= 90' });
      misty.send(JSON.stringify({ action: 'watch', lat: 48.85, lng: 2.35, player: 'somebody' }));
      await misty.waitFor((m) => m.type === 'error' && String(m.message).includes('unknown field "player"'));
    } finally {
      await misty.close();
    }
  });

  it('a result reaches only its player while world updates are being pushed to a crowd elsewhere', async () => {
    const crowd = await Promise.all(Array.from({ length: 12 }, (_, i) => join(`crowd_${i}_${run}`)));
    const [capturer, bystander] = await Promise.all([join(`lone_${run}`), join(`bystander_${run}`)]);
    try {
      await Promise.all(crowd.map((p) => p.watch(NOTRE_DAME)));
      await Promise.all([capturer.watch(MONTMARTRE), bystander.watch(MONTMARTRE)]);
      const lone = `fm-lone-${run}`;
      await spawn([lone], MONTMARTRE);
      await bystander.waitFor((m) => m.type === 'world' && m.change === 'spawned' && m.fakemon === lone);
      // 40 spawns around Notre-Dame (480 pushes to the crowd), and the capture in Montmartre at the same time.
      const busy = Array.from({ length: 40 }, (_, i) => `fm-crowd-${i}-${run}`);
      const [response] = await Promise.all([capture(capturer, lone), ...busy.map((id) => spawn([id], NOTRE_DAME))]);
      expect(response.status).toBe(202);
      expect(await capturer.waitFor((m) => m.type === 'capture_result' && m.attemptId === response.body.attemptId, 30_000)).toMatchObject({ outcome: 'captured' });
      for (const p of crowd) await p.waitFor((m) => m.type === 'world' && m.fakemon === busy[busy.length - 1], 30_000);
      await bystander.waitFor((m) => m.type === 'world' && m.change === 'captured' && m.fakemon === lone);
      await target.settle();
      const results = [...crowd, bystander].flatMap((p) => p.messages.filter((m) => m.type === 'capture_result'));
      expect(results).toEqual([]);
      expect(capturer.messages.filter((m) => m.type === 'capture_result')).toHaveLength(1);
      for (const p of [capturer, bystander]) expect(p.messages.filter((m) => m.type === 'world' && busy.includes(String(m.fakemon)))).toEqual([]);
      for (const p of crowd) expect(p.messages.filter((m) => m.type === 'world' && m.change === 'spawned' && busy.includes(String(m.fakemon)))).toHaveLength(busy.length);
    } finally {
      await Promise.all([...crowd, capturer, bystander].map((p) => p.close()));
    }
  });

  it('100 players racing for one fakémon: exactly one captured, 99 already_captured, one collection entry', async () => {
    const fakemon = `fm-race-${run}`;
    await spawn([fakemon]);
    // Connected 20 at a time: the race is the captures, not 100 cold $connect authorizers fetching the JWKS at once.
    const racers: Player[] = [];
    for (let i = 0; i < 100; i += 20) racers.push(...(await Promise.all(Array.from({ length: 20 }, (_, j) => join(`racer_${i + j}_${run}`)))));
    try {
      const responses = await Promise.all(racers.map((p) => capture(p, fakemon)));
      expect(responses.map((r) => r.status)).toEqual(Array(100).fill(202));
      const results = await Promise.all(
        racers.map((p, i) => p.waitFor((m) => m.type === 'capture_result' && m.attemptId === responses[i].body.attemptId, 30_000)),
      );
      const outcomes = results.map((r) => r.outcome);
      expect(outcomes.filter((o) => o === 'captured')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'already_captured')).toHaveLength(99);

      const { Items = [] } = await dynamodb.send(
        new ScanCommand({ TableName: target.outputs.collections_table, FilterExpression: 'fakemonId = :f', ExpressionAttributeValues: { ':f': { S: fakemon } } }),
      );
      expect(Items).toHaveLength(1);
      const winner = racers[outcomes.indexOf('captured')].name;
      expect(Items[0].player.S).toBe(winner);
    } finally {
      await Promise.all(racers.map((p) => p.close()));
    }
  });

  it('50 malformed requests all answer 400 with a JSON error body and put nothing on the bus', async () => {
    const archiveName = `${target.stackName}-archive`;
    const { tokens } = await players.signIn(`sloppy_${run}`);
    await target.settle();
    const before = (await events.send(new DescribeArchiveCommand({ ArchiveName: archiveName }))).EventCount;
    const bad: Array<[string, unknown, boolean]> = [
      ['not JSON', '{"fakemon": "fm",', true],
      ['missing fakemon', {}, false],
      ['naming a player (the caller comes from the token)', { player: 'ash', fakemon: 'fm' }, false],
      ['empty fakemon', { fakemon: '' }, false],
      ['wrong type', { fakemon: 42 }, false],
      ['too long', { fakemon: 'x'.repeat(65) }, false],
      ['unknown field', { fakemon: 'fm', shiny: true }, false],
      ['array', [], false],
      ['null', 'null', true],
      ['empty body', '', true],
    ];
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => postJson(`${target.restUrl}/captures`, bad[i % bad.length][1], { raw: bad[i % bad.length][2], token: tokens.idToken })),
    );
    for (const [i, response] of responses.entries()) {
      expect([i, response.status]).toEqual([i, 400]);
      expect(response.body).toEqual({ message: 'Invalid request body', requestId: expect.any(String) });
    }
    await target.settle();
    const after = (await events.send(new DescribeArchiveCommand({ ArchiveName: archiveName }))).EventCount;
    expect(after).toBe(before);
  });

  it('a connection that dropped without $disconnect is removed on GoneException; the player’s other connections still get the result', async () => {
    const player = await join(`gone_${run}`);
    const watcher = await join(`watcher_${run}`);
    const stale = `stale${run}AAAA=`;
    try {
      await watcher.watch(NOTRE_DAME);
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
      const response = await capture(player, fakemon);
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
