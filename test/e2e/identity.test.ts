/**
 * Players are who their token says, end to end (local runtime or E2E_TARGET=aws): players sign in to the stack's
 * user pool with the real Cognito SDK client; REST routes need the ID token (`Authorization`), `$connect` needs it
 * as `?token=`. Unauthenticated calls get API Gateway's 401
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-integrate-with-cognito.html,
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html).
 */
import { DynamoDBClient, GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { randomUUID } from 'node:crypto';
import { connectSocket, Player, PlayerDirectory, postJson } from './support/player';
import { NOTRE_DAME } from './support/places';
import { e2eTarget, E2eTarget } from './support/target';

jest.setTimeout(120_000);

let target: E2eTarget;
let players: PlayerDirectory;
let lambda: LambdaClient;
let dynamodb: DynamoDBClient;
const run = Date.now().toString(36);

beforeAll(async () => {
  target = await e2eTarget();
  players = new PlayerDirectory(target);
  lambda = new LambdaClient(target.client);
  dynamodb = new DynamoDBClient(target.client);
});
afterAll(async () => {
  players?.destroy();
  lambda?.destroy();
  dynamodb?.destroy();
  await target?.stop();
});

async function spawn(fakemon: string): Promise<void> {
  const result = await lambda.send(new InvokeCommand({ FunctionName: target.outputs.spawn_function_name, Payload: Buffer.from(JSON.stringify({ fakemon: [fakemon], at: NOTRE_DAME })) }));
  expect(result.FunctionError).toBeUndefined();
}

const refusedWith = (url: string): Promise<number | 'open'> =>
  connectSocket(url).then(
    (socket) => {
      socket.close();
      return 'open' as const;
    },
    (error: { statusCode?: number }) => error.statusCode ?? -1,
  );

describe('identity, end to end', () => {
  it('refuses requests without a valid token: 401 on every REST route and on $connect', async () => {
    const routes: Array<[string, unknown]> = [
      ['/captures', { fakemon: 'fm-1' }],
      ['/carts/cart-1/items', { product: 'potion', quantity: 1 }],
      ['/carts/cart-1/checkout', {}],
    ];
    for (const [path, body] of routes) {
      expect(await postJson(`${target.restUrl}${path}`, body)).toEqual({ status: 401, body: { message: 'Unauthorized' } });
      expect((await postJson(`${target.restUrl}${path}`, body, { token: 'not-a-token' })).status).toBe(401);
    }
    expect(await refusedWith(target.webSocketUrl)).toBe(401);
    expect(await refusedWith(`${target.webSocketUrl}?player=misty`)).toBe(401);
    expect(await refusedWith(`${target.webSocketUrl}?token=not-a-token`)).toBe(401);
  });

  it("A's token cannot capture as B, and A never receives B's results (?player= means nothing)", async () => {
    const fakemon = `fm-id-${run}`;
    await spawn(fakemon);
    const [a, b] = await Promise.all([players.signIn(`alice_${run}`), players.signIn(`bob_${run}`)]);
    const eavesdropper = await Player.connect(target.webSocketUrl, a, `&player=${b.name}`);
    const bob = await Player.connect(target.webSocketUrl, b);
    try {
      expect(await eavesdropper.watch(NOTRE_DAME)).toMatchObject({ type: 'watching' });
      expect((await postJson(`${target.restUrl}/captures`, { player: b.name, fakemon }, { token: a.tokens.idToken })).status).toBe(400);
      const response = await postJson(`${target.restUrl}/captures`, { fakemon }, { token: b.tokens.idToken });
      expect(response.status).toBe(202);
      await bob.waitFor((m) => m.type === 'capture_result' && m.attemptId === response.body.attemptId);
      // Nearby, A hears that the fakémon is gone, but not who took it.
      const update = await eavesdropper.waitFor((m) => m.type === 'world' && m.change === 'captured' && m.fakemon === fakemon);
      expect(JSON.stringify(update)).not.toContain(b.name);
      expect(eavesdropper.messages.filter((m) => m.type === 'capture_result')).toEqual([]);
      const { Items = [] } = await dynamodb.send(
        new ScanCommand({ TableName: target.outputs.collections_table, FilterExpression: 'fakemonId = :f', ExpressionAttributeValues: { ':f': { S: fakemon } } }),
      );
      expect(Items.map((i) => i.player?.S)).toEqual([b.name]);
    } finally {
      await Promise.all([eavesdropper.close(), bob.close()]);
    }
  });

  it('a refreshed token works on REST and on the WebSocket', async () => {
    const signedIn = await players.signIn(`refresh_${run}`);
    const refreshed = await players.refresh(signedIn);
    expect(refreshed.tokens.idToken).not.toBe(signedIn.tokens.idToken);
    const player = await Player.connect(target.webSocketUrl, refreshed);
    try {
      const fakemon = `fm-refresh-${run}`;
      await spawn(fakemon);
      const response = await postJson(`${target.restUrl}/captures`, { fakemon }, { token: refreshed.tokens.idToken });
      expect(response.status).toBe(202);
      expect(await player.waitFor((m) => m.type === 'capture_result' && m.attemptId === response.body.attemptId)).toMatchObject({ outcome: 'captured' });
    } finally {
      await player.close();
    }
  });

  it('an Idempotency-Key retry is the same attempt: same attempt id, one capture, one record; another player cannot take the key', async () => {
    const fakemon = `fm-idem-${run}`;
    await spawn(fakemon);
    const [signedIn, other] = await Promise.all([players.signIn(`retry_${run}`), players.signIn(`taker_${run}`)]);
    const player = await Player.connect(target.webSocketUrl, signedIn);
    const taker = await Player.connect(target.webSocketUrl, other);
    const key = randomUUID();
    try {
      const first = await postJson(`${target.restUrl}/captures`, { fakemon }, { token: signedIn.tokens.idToken, idempotencyKey: key });
      await player.waitFor((m) => m.type === 'capture_result' && m.attemptId === key);
      const retry = await postJson(`${target.restUrl}/captures`, { fakemon }, { token: signedIn.tokens.idToken, idempotencyKey: key });
      expect([first, retry]).toEqual([
        { status: 202, body: { attemptId: key } },
        { status: 202, body: { attemptId: key } },
      ]);
      const taken = await postJson(`${target.restUrl}/captures`, { fakemon }, { token: other.tokens.idToken, idempotencyKey: key });
      expect(taken).toEqual({ status: 202, body: { attemptId: key } });
      await target.settle();

      const results = player.messages.filter((m) => m.type === 'capture_result' && m.attemptId === key);
      expect(results.map((r) => r.outcome)).toEqual(['captured', 'captured']); // a retry re-sends the recorded outcome
      expect(taker.messages.filter((m) => m.type === 'capture_result')).toEqual([]);
      const { Item } = await dynamodb.send(new GetItemCommand({ TableName: `${target.stackName}-attempts`, Key: { attemptId: { S: key } }, ConsistentRead: true }));
      expect(Item).toMatchObject({ player: { S: signedIn.name }, outcome: { S: 'succeeded' } });
      const { Items = [] } = await dynamodb.send(
        new ScanCommand({ TableName: target.outputs.collections_table, FilterExpression: 'fakemonId = :f', ExpressionAttributeValues: { ':f': { S: fakemon } } }),
      );
      expect(Items.map((i) => i.player?.S)).toEqual([signedIn.name]);
    } finally {
      await Promise.all([player.close(), taker.close()]);
    }
  });
});
