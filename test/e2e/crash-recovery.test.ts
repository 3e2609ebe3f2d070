/**
 * With `--data-dir`, the local runtime keeps what it acknowledged: the process is killed with SIGKILL in the
 * middle of a burst of captures and cart items, restarted on the same data dir, and every request that was
 * answered 202 must be processed — each capture attempt gets its attempt record, each cart item its
 * reminder schedule. On AWS an event EventBridge accepted is delivered or retried for up to 24 hours, then
 * dead-lettered (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html), and
 * Lambda keeps an asynchronous event in its queue until it is processed; duplicates are possible and the
 * handlers must cope with them (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html),
 * so a duplicate after recovery is fine, a loss is not.
 * Local only: it kills the runtime's process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BatchGetItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { scheduleNameFor } from '../../handlers/src/cart-reminder/domain';
import { findPlayerPool, signInPlayer } from '../../scripts/lib/players';
import { postCapture, postCartItem } from './support/game-requests';
import { startRuntimeProcess, type RuntimeProcess } from './support/runtime-process';

jest.setTimeout(180_000);
const local = process.env.E2E_TARGET !== 'aws';
const describeLocal = local ? describe : describe.skip;

const CAPTURES = 200;
const CART_ITEMS = 100;
/** Requests in flight at once during the burst. */
const CONCURRENCY = 16;
/**
 * The kill comes once this share of the burst was acknowledged, with requests still in flight (and all of
 * those sent stay under the dev stage's throttling burst of 200 requests).
 */
const KILL_AFTER_SHARE = 0.5;
const ATTEMPTS_TABLE = 'fakemon-dev-attempts';
const WORLD_TABLE = 'fakemon-dev-world';
const REMINDER_GROUP = 'fakemon-dev-cart-reminders';
const credentials = { accessKeyId: 'crash', secretAccessKey: 'crash' };

type Request = { kind: 'capture'; fakemon: string } | { kind: 'cart'; cartId: string };

/** What the burst got acknowledged before the kill. */
interface Acknowledged {
  readonly attemptIds: string[];
  readonly cartIds: string[];
  /** Requests sent whose answer never came (the kill cut them off). */
  unanswered: number;
}

/** One signed-in player (an ID token) per request in flight, from the stack's user pool. */
async function signInPlayers(runtime: RuntimeProcess, run: string): Promise<string[]> {
  const cognito = new CognitoIdentityProviderClient({ endpoint: runtime.awsEndpoint, region: 'eu-west-1', credentials });
  try {
    const pool = await findPlayerPool(cognito, 'fakemon-dev');
    return await Promise.all(Array.from({ length: CONCURRENCY }, async (_, i) => (await signInPlayer(cognito, pool, `crash_${run}_${i}`)).idToken));
  } finally {
    cognito.destroy();
  }
}

/** Sends the burst with CONCURRENCY requests in flight (one player each) and SIGKILLs the runtime once enough were acknowledged. */
async function burstAndKill(runtime: RuntimeProcess, tokens: readonly string[], requests: readonly Request[]): Promise<Acknowledged> {
  const acknowledged: Acknowledged = { attemptIds: [], cartIds: [], unanswered: 0 };
  const killAt = Math.floor(requests.length * KILL_AFTER_SHARE);
  let next = 0;
  let killed: Promise<void> | undefined;
  const worker = async (token: string): Promise<void> => {
    while (next < requests.length && !killed) {
      const request = requests[next++];
      const answer =
        request.kind === 'capture'
          ? await postCapture(runtime.restUrl, token, request.fakemon)
          : await postCartItem(runtime.restUrl, token, request.cartId, { product: 'potion', quantity: 1 });
      if (!answer) acknowledged.unanswered += 1;
      else if (answer.status !== 202) throw new Error(`unexpected answer to ${JSON.stringify(request)}: ${answer.status} ${JSON.stringify(answer.body)}`);
      else if (request.kind === 'capture') acknowledged.attemptIds.push(String(answer.body.attemptId));
      else acknowledged.cartIds.push(request.cartId);
      if (!killed && acknowledged.attemptIds.length + acknowledged.cartIds.length >= killAt) killed = runtime.kill9();
    }
  };
  await Promise.all(tokens.map((token) => worker(token)));
  await killed;
  return acknowledged;
}

async function missingAttempts(dynamodb: DynamoDBClient, attemptIds: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  for (let i = 0; i < attemptIds.length; i += 100) {
    let keys = attemptIds.slice(i, i + 100).map((id) => ({ attemptId: { S: id } }));
    while (keys.length > 0) {
      const result = await dynamodb.send(new BatchGetItemCommand({ RequestItems: { [ATTEMPTS_TABLE]: { Keys: keys, ProjectionExpression: 'attemptId' } } }));
      for (const item of result.Responses?.[ATTEMPTS_TABLE] ?? []) found.add(String(item.attemptId?.S));
      keys = (result.UnprocessedKeys?.[ATTEMPTS_TABLE]?.Keys as typeof keys | undefined) ?? [];
    }
  }
  return attemptIds.filter((id) => !found.has(id));
}

async function missingSchedules(scheduler: SchedulerClient, cartIds: readonly string[]): Promise<string[]> {
  const names = new Set<string>();
  let token: string | undefined;
  do {
    const page = await scheduler.send(new ListSchedulesCommand({ GroupName: REMINDER_GROUP, NextToken: token }));
    for (const schedule of page.Schedules ?? []) names.add(String(schedule.Name));
    token = page.NextToken;
  } while (token);
  return cartIds.filter((cartId) => !names.has(scheduleNameFor(cartId)));
}

/** Where a request falls in the burst, as a fraction of its own kind's list. */
function position(request: Request, captures: readonly Request[], carts: readonly Request[]): number {
  return request.kind === 'capture' ? captures.indexOf(request) / captures.length : carts.indexOf(request) / carts.length;
}

describeLocal('--data-dir: kill -9 in the middle of a burst, then restart', () => {
  let dataDir: string;
  let runtime: RuntimeProcess | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'fakemon-crash-'));
  });
  afterAll(async () => {
    await runtime?.kill9();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('processes every capture and cart item that was answered 202', async () => {
    const run = Date.now().toString(36);
    const captures: Request[] = Array.from({ length: CAPTURES }, (_, i) => ({ kind: 'capture', fakemon: `fm-${run}-${i}` }));
    const carts: Request[] = Array.from({ length: CART_ITEMS }, (_, i) => ({ kind: 'cart', cartId: `cart-${run}-${i}` }));
    // Interleaved, so both kinds are in flight when the kill comes.
    const requests = [...captures, ...carts].sort((a, b) => position(a, captures, carts) - position(b, captures, carts));

    runtime = await startRuntimeProcess({ dataDir });
    expect(runtime.output()).not.toContain('in memory');
    // A DynamoDB write acknowledged before the burst has to survive the kill on its own (dynalite's LevelDB).
    const marker = { fakemonId: { S: `crash-marker-${run}` }, status: { S: 'wild' } };
    const before = new DynamoDBClient({ endpoint: runtime.awsEndpoint, region: 'eu-west-1', credentials });
    await before.send(new PutItemCommand({ TableName: WORLD_TABLE, Item: marker }));
    before.destroy();
    const acknowledged = await burstAndKill(runtime, await signInPlayers(runtime, run), requests);
    runtime = undefined;
    expect(acknowledged.attemptIds.length).toBeGreaterThan(0);
    expect(acknowledged.cartIds.length).toBeGreaterThan(0);

    runtime = await startRuntimeProcess({ dataDir });
    // The kill came mid-burst: the restart found acknowledged work still to do.
    const resumed = /data dir .*: state and acknowledged work are kept on disk; resumed ([^\n]+)/.exec(runtime.output())?.[1];
    expect(resumed).toMatch(/[1-9]\d* (event deliveries|asynchronous invocations)/);
    const client = { endpoint: runtime.awsEndpoint, region: 'eu-west-1', credentials };
    const dynamodb = new DynamoDBClient(client);
    const scheduler = new SchedulerClient(client);
    try {
      let lostAttempts: string[] = acknowledged.attemptIds;
      let lostCarts: string[] = acknowledged.cartIds;
      const deadline = Date.now() + 60_000;
      while ((lostAttempts.length > 0 || lostCarts.length > 0) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        lostAttempts = await missingAttempts(dynamodb, lostAttempts);
        lostCarts = await missingSchedules(scheduler, lostCarts);
      }
      process.stdout.write(
        `crash test: ${acknowledged.attemptIds.length} captures and ${acknowledged.cartIds.length} cart items answered 202 before the kill ` +
          `(${acknowledged.unanswered} cut off); after the restart ${acknowledged.attemptIds.length - lostAttempts.length} attempt records ` +
          `and ${acknowledged.cartIds.length - lostCarts.length} schedules (the restart resumed ${resumed})\n`,
      );
      expect({ lostAttempts, lostCarts }).toEqual({ lostAttempts: [], lostCarts: [] });
      // DynamoDB (dynalite's LevelDB) kept the write it acknowledged before the kill.
      expect((await dynamodb.send(new GetItemCommand({ TableName: WORLD_TABLE, Key: { fakemonId: marker.fakemonId } }))).Item).toEqual(marker);
    } finally {
      dynamodb.destroy();
      scheduler.destroy();
    }
    expect(await runtime.stop()).toBe(0);
    runtime = undefined;
  });
});
