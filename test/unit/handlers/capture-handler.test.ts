/**
 * The capture handler against a real DynamoDB API (dynalite + TransactWriteItems) and a recording
 * EventBridge endpoint, through the real SDK clients.
 */
import { DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import type { CaptureConfig } from '../../../handlers/src/capture/config';
import { loadCaptureConfig } from '../../../handlers/src/capture/config';
import { makeHandler, TransientCaptureError, type CaptureDeps } from '../../../handlers/src/capture/handler';
import { PublishError } from '../../../handlers/src/adapters/eventbridge';
import { ContractViolation } from '../../../handlers/src/events/contract-violation';
import { ConfigError } from '../../../handlers/src/shared/config';
import { silentLogger } from '../../../handlers/src/shared/logger';
import { localClientConfig } from '../../support/aws';
import { useHandlerBackends } from '../../support/handler-backends';
import { eventOf } from '../../support/events';
import { recordingLogger } from '../../support/logger';

jest.setTimeout(60_000);

const NOW = new Date('2024-05-14T07:42:21.000Z');
const NOW_EPOCH = Math.floor(NOW.getTime() / 1000);

const backends = useHandlerBackends();

function config(overrides: Partial<CaptureConfig> = {}): CaptureConfig {
  return {
    worldTable: backends.tables.world,
    collectionsTable: backends.tables.collections,
    attemptsTable: backends.tables.attempts,
    eventBusName: 'fakemon-test',
    dodgeProbability: 0,
    attemptTtlSeconds: 3600,
    ...overrides,
  };
}

function handlerWith(overrides: Partial<CaptureDeps> = {}, configOverrides: Partial<CaptureConfig> = {}) {
  return makeHandler({
    dynamodb: backends.dynamo.client,
    eventBridge: backends.bus.client,
    config: config(configOverrides),
    clock: () => NOW,
    logger: silentLogger,
    backoff: async () => undefined,
    ...overrides,
  });
}

async function spawnWild(fakemonId: string, expiresAt = NOW_EPOCH + 600, species = 'leaf-owl', cell?: string): Promise<void> {
  await backends.dynamo.client.send(
    new PutItemCommand({
      TableName: backends.tables.world,
      Item: { fakemonId: { S: fakemonId }, status: { S: 'wild' }, species: { S: species }, expiresAt: { N: String(expiresAt) }, ...(cell ? { cell: { S: cell } } : {}) },
    }),
  );
}

const CELL = '881fb46625fffff';

/** Counts the SDK commands the handler's clients send while `run` runs. */
async function countingCalls<T>(run: (deps: Partial<CaptureDeps>) => Promise<T>): Promise<{ result: T; calls: Record<string, number> }> {
  const dynamodb = new DynamoDBClient(localClientConfig(backends.dynamo.endpoint));
  const calls: Record<string, number> = {};
  dynamodb.middlewareStack.add((next, context) => async (args) => {
    calls[context.commandName ?? '?'] = (calls[context.commandName ?? '?'] ?? 0) + 1;
    return next(args);
  }, { step: 'initialize', name: 'countCalls' });
  try {
    return { result: await run({ dynamodb }), calls };
  } finally {
    dynamodb.destroy();
  }
}

async function world(fakemonId: string) {
  return (await backends.dynamo.client.send(new GetItemCommand({ TableName: backends.tables.world, Key: { fakemonId: { S: fakemonId } }, ConsistentRead: true }))).Item;
}

async function collectionEntriesOf(fakemonId: string) {
  const scan = await backends.dynamo.client.send(
    new ScanCommand({
      TableName: backends.tables.collections,
      FilterExpression: 'fakemonId = :f',
      ExpressionAttributeValues: { ':f': { S: fakemonId } },
      ConsistentRead: true,
    }),
  );
  return scan.Items ?? [];
}

async function attempt(attemptId: string) {
  return (await backends.dynamo.client.send(new GetItemCommand({ TableName: backends.tables.attempts, Key: { attemptId: { S: attemptId } }, ConsistentRead: true }))).Item;
}

/** A capture attempt as the API puts it on the bus; the event id starts out equal to the attempt id. */
const captureAttempt = (player: string, fakemon: string, id: string = randomUUID()) => eventOf('captureAttempt', { attemptId: id, player, fakemon }, { id });

describe('capture handler', () => {
  it('200 concurrent attempts on one fakémon: exactly one capture, 199 already_captured, one collection entry', async () => {
    const fakemon = `fm-race-${randomUUID()}`;
    await spawnWild(fakemon);
    const handler = handlerWith();
    const events = Array.from({ length: 200 }, (_, i) => captureAttempt(`player_${i}`, fakemon));

    const results = await Promise.all(events.map((e) => handler(e)));

    const succeeded = backends.bus.ofType('fakemon.capture_succeeded');
    const failed = backends.bus.ofType('fakemon.capture_failed');
    expect(succeeded).toHaveLength(1);
    expect(failed).toHaveLength(199);
    expect(failed.every((e) => e.detail.reason === 'already_captured')).toBe(true);
    expect(backends.bus.events.every((e) => e.Source === 'fakemon.capture-service' && e.EventBusName === 'fakemon-test')).toBe(true);
    expect(results.filter((r) => r.outcome === 'succeeded')).toHaveLength(1);

    const winner = succeeded[0]?.detail as { player: string; attemptId: string; capturedAt: string };
    const entries = await collectionEntriesOf(fakemon);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      player: { S: winner.player },
      fakemonId: { S: fakemon },
      species: { S: 'leaf-owl' },
      attemptId: { S: winner.attemptId },
      capturedAt: { S: winner.capturedAt },
    });
    expect(await world(fakemon)).toMatchObject({ status: { S: 'captured' }, capturedBy: { S: winner.player }, capturedAt: { S: winner.capturedAt } });

    // every attempt is recorded with its outcome and a TTL
    const records = await Promise.all(events.map((e) => attempt(String(e.id))));
    expect(records.filter((r) => r?.outcome?.S === 'succeeded')).toHaveLength(1);
    expect(records.filter((r) => r?.outcome?.S === 'failed' && r.reason?.S === 'already_captured')).toHaveLength(199);
    expect(records.every((r) => r?.expiresAt?.N === String(NOW_EPOCH + 3600))).toBe(true);
  });

  it('an attempt after the capture is settled from a read: one GetItem and one conditional PutItem, no transaction', async () => {
    const fakemon = `fm-late-${randomUUID()}`;
    await spawnWild(fakemon, NOW_EPOCH + 600, 'leaf-owl', CELL);
    const winner = await countingCalls((deps) => handlerWith(deps)(captureAttempt('alice', fakemon)));
    expect(winner.result).toMatchObject({ outcome: 'succeeded' });
    expect(winner.calls).toEqual({ GetItemCommand: 1, TransactWriteItemsCommand: 1 });
    expect(backends.bus.ofType('fakemon.capture_succeeded')[0]?.detail).toMatchObject({ player: 'alice', fakemon, cell: CELL });

    const loser = await countingCalls((deps) => handlerWith(deps)(captureAttempt('bob', fakemon)));
    expect(loser.result).toMatchObject({ outcome: 'failed', reason: 'already_captured', replayed: false, emitted: true });
    expect(loser.calls).toEqual({ GetItemCommand: 1, PutItemCommand: 1 });
    expect(await world(fakemon)).toMatchObject({ status: { S: 'captured' }, capturedBy: { S: 'alice' } });
  });

  it('the first attempt to find a fakémon fled marks it and announces fakemon.fled in its cell; a redelivery re-emits it, later attempts do not', async () => {
    const fakemon = `fm-gone-${randomUUID()}`;
    await spawnWild(fakemon, NOW_EPOCH - 1, 'leaf-owl', CELL);
    const handler = handlerWith();
    const first = captureAttempt('alice', fakemon);
    expect(await handler(first)).toMatchObject({ outcome: 'failed', reason: 'fled', replayed: false });
    expect(await world(fakemon)).toMatchObject({ status: { S: 'fled' } });
    expect(await handler(captureAttempt('bob', fakemon))).toMatchObject({ outcome: 'failed', reason: 'fled' });
    expect(await handler(first)).toMatchObject({ outcome: 'failed', reason: 'fled', replayed: true, emitted: true });
    expect(backends.bus.ofType('fakemon.fled').map((e) => [e.Source, e.detail])).toEqual([
      ['fakemon.capture-service', { fakemon, cell: CELL }],
      ['fakemon.capture-service', { fakemon, cell: CELL }],
    ]);
    expect(backends.bus.ofType('fakemon.capture_failed')).toHaveLength(3);
    expect(await handler({ ...first, 'replay-name': 'replay-1' })).toMatchObject({ emitted: false });
    expect(backends.bus.ofType('fakemon.fled')).toHaveLength(2);
  });

  it('an archive replay of a settled attempt changes nothing and emits nothing; of an unseen attempt, it captures', async () => {
    const fakemon = `fm-replay-${randomUUID()}`;
    await spawnWild(fakemon);
    const handler = handlerWith({});
    const event = captureAttempt('alice', fakemon);
    await handler(event);
    const before = backends.bus.ofType('fakemon.capture_succeeded').length;
    expect(await handler({ ...event, 'replay-name': 'replay-1' })).toMatchObject({ outcome: 'succeeded', replayed: true, emitted: false });
    expect(backends.bus.ofType('fakemon.capture_succeeded')).toHaveLength(before);

    const other = `fm-replay-${randomUUID()}`;
    await spawnWild(other);
    expect(await handler({ ...captureAttempt('bob', other), 'replay-name': 'replay-1' })).toMatchObject({ outcome: 'succeeded', replayed: false, emitted: true });
    expect(backends.bus.ofType('fakemon.capture_succeeded')).toHaveLength(before + 1);
    expect(await collectionEntriesOf(fakemon)).toHaveLength(1);
  });

  it('the same attempt delivered twice: one collection entry, the same outcome emitted again', async () => {
    const fakemon = `fm-dup-${randomUUID()}`;
    await spawnWild(fakemon);
    const event = captureAttempt('alice', fakemon);
    let now = NOW;
    const handler = handlerWith({ clock: () => now });

    const first = await handler(event);
    now = new Date(NOW.getTime() + 30_000); // the redelivery comes later
    const second = await handler(event);

    expect(first).toEqual({ attemptId: event.id, outcome: 'succeeded', replayed: false, emitted: true });
    expect(second).toEqual({ attemptId: event.id, outcome: 'succeeded', replayed: true, emitted: true });
    const emitted = backends.bus.ofType('fakemon.capture_succeeded');
    expect(emitted).toHaveLength(2);
    expect(emitted[1]?.Detail).toBe(emitted[0]?.Detail);
    expect(emitted[0]?.detail).toEqual({ attemptId: event.id, player: 'alice', fakemon, capturedAt: NOW.toISOString() });
    expect(await collectionEntriesOf(fakemon)).toHaveLength(1);
  });

  it('the same attempt delivered twice at once still captures once', async () => {
    const fakemon = `fm-dup2-${randomUUID()}`;
    await spawnWild(fakemon);
    const event = captureAttempt('alice', fakemon);
    const handler = handlerWith();

    const results = await Promise.all([handler(event), handler(event), handler(event)]);

    expect(results.map((r) => r.outcome)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(backends.bus.ofType('fakemon.capture_succeeded').map((e) => e.Detail)).size).toBe(1);
    expect(backends.bus.ofType('fakemon.capture_failed')).toHaveLength(0);
    expect(await collectionEntriesOf(fakemon)).toHaveLength(1);
  });

  it('a fakémon past its expiry has fled, and stays fled for that attempt', async () => {
    const fakemon = `fm-fled-${randomUUID()}`;
    await spawnWild(fakemon, NOW_EPOCH - 1);
    const event = captureAttempt('alice', fakemon);
    const handler = handlerWith();

    expect(await handler(event)).toEqual({ attemptId: event.id, outcome: 'failed', reason: 'fled', replayed: false, emitted: true });
    await spawnWild(fakemon); // respawned meanwhile: the recorded outcome still wins for this attempt
    expect(await handler(event)).toEqual({ attemptId: event.id, outcome: 'failed', reason: 'fled', replayed: true, emitted: true });

    expect(backends.bus.ofType('fakemon.capture_failed').map((e) => e.detail)).toEqual([
      { attemptId: event.id, player: 'alice', fakemon, reason: 'fled' },
      { attemptId: event.id, player: 'alice', fakemon, reason: 'fled' },
    ]);
    expect(await collectionEntriesOf(fakemon)).toHaveLength(0);
    expect(await attempt(String(event.id))).toMatchObject({ outcome: { S: 'failed' }, reason: { S: 'fled' } });
  });

  it('an unknown fakémon is not_found', async () => {
    const event = captureAttempt('alice', `fm-nowhere-${randomUUID()}`);
    expect(await handlerWith()(event)).toMatchObject({ outcome: 'failed', reason: 'not_found' });
    expect(backends.bus.ofType('fakemon.capture_failed')[0]?.detail).toMatchObject({ reason: 'not_found' });
  });

  it('a dodge is recorded and leaves the world unchanged; a retry keeps the dodge even when it rolls otherwise', async () => {
    const fakemon = `fm-dodge-${randomUUID()}`;
    await spawnWild(fakemon);
    const event = captureAttempt('alice', fakemon);
    const dodging = handlerWith({ dodgeRoll: () => 0.1 }, { dodgeProbability: 0.5 });
    const lucky = handlerWith({ dodgeRoll: () => 0.9 }, { dodgeProbability: 0.5 });

    expect(await dodging(event)).toMatchObject({ outcome: 'failed', reason: 'dodged', replayed: false });
    expect(await lucky(event)).toMatchObject({ outcome: 'failed', reason: 'dodged', replayed: true });
    expect(await world(fakemon)).toMatchObject({ status: { S: 'wild' } });
    expect((await world(fakemon))?.capturedBy).toBeUndefined();
    expect(await collectionEntriesOf(fakemon)).toHaveLength(0);

    // another attempt that does not dodge captures it
    expect(await lucky(captureAttempt('bob', fakemon))).toMatchObject({ outcome: 'succeeded' });
  });

  it('a redriven attempt (same detail, new event id) keeps its attempt id and its outcome: the winner is not told already_captured', async () => {
    const fakemon = `fm-redrive-${randomUUID()}`;
    await spawnWild(fakemon);
    const handler = handlerWith();
    const original = captureAttempt('alice', fakemon);
    expect(await handler(original)).toMatchObject({ attemptId: original.id, outcome: 'succeeded', replayed: false });

    const redriven = { ...original, id: randomUUID() }; // PutEvents gives a redriven event a new id
    expect(await handler(redriven)).toMatchObject({ attemptId: original.id, outcome: 'succeeded', replayed: true, emitted: true });
    const emitted = backends.bus.ofType('fakemon.capture_succeeded').map((e) => e.detail);
    expect(emitted).toEqual([expect.objectContaining({ attemptId: original.id, player: 'alice' }), expect.objectContaining({ attemptId: original.id, player: 'alice' })]);
    expect(backends.bus.ofType('fakemon.capture_failed')).toHaveLength(0);
  });

  it("an attempt id another player already used is discarded: nothing recorded, nothing emitted, the owner's outcome untouched", async () => {
    const fakemon = `fm-taken-${randomUUID()}`;
    await spawnWild(fakemon);
    const handler = handlerWith();
    const owner = captureAttempt('alice', fakemon);
    await handler(owner);
    const { logger, lines } = recordingLogger('capture');
    const squatter = eventOf('captureAttempt', { attemptId: String(owner.id), player: 'misty', fakemon }, { id: randomUUID() });

    expect(await handlerWith({ logger })(squatter)).toEqual({ attemptId: owner.id, outcome: 'discarded', reason: 'attempt_id_taken', replayed: false, emitted: false });
    expect(backends.bus.ofType('fakemon.capture_succeeded').map((e) => e.detail)).toEqual([expect.objectContaining({ player: 'alice' })]);
    expect(backends.bus.ofType('fakemon.capture_failed')).toHaveLength(0);
    expect(await attempt(String(owner.id))).toMatchObject({ player: { S: 'alice' }, outcome: { S: 'succeeded' } });
    expect(lines.find((l) => l.level === 'warn')).toMatchObject({ message: 'capture attempt discarded: its attempt id belongs to another player', owner: 'alice', player: 'misty' });

    // also when the fakémon is gone by then (the failure path reads the record back)
    const gone = eventOf('captureAttempt', { attemptId: String(owner.id), player: 'misty', fakemon: `fm-none-${randomUUID()}` });
    expect(await handler(gone)).toMatchObject({ outcome: 'discarded' });
    expect(backends.bus.ofType('fakemon.capture_failed')).toHaveLength(0);
  });

  it('throws when PutEvents reports failed entries, and the retry emits the recorded outcome once captured', async () => {
    const fakemon = `fm-bus-${randomUUID()}`;
    await spawnWild(fakemon);
    const event = captureAttempt('alice', fakemon);
    const handler = handlerWith();

    backends.bus.failNextEntries(1);
    await expect(handler(event)).rejects.toBeInstanceOf(PublishError);
    expect(backends.bus.events).toHaveLength(0);

    expect(await handler(event)).toMatchObject({ outcome: 'succeeded', replayed: true, emitted: true });
    expect(backends.bus.ofType('fakemon.capture_succeeded')).toHaveLength(1);
    expect(await collectionEntriesOf(fakemon)).toHaveLength(1);
  });

  it('throws when PutEvents itself fails', async () => {
    const fakemon = `fm-bus2-${randomUUID()}`;
    await spawnWild(fakemon);
    backends.bus.failNextRequests(1, 500);
    await expect(handlerWith()(captureAttempt('alice', fakemon))).rejects.toThrow();
  });

  it('retries a conflicting transaction, then gives up with a transient error', async () => {
    const fakemon = `fm-conflict-${randomUUID()}`;
    await spawnWild(fakemon);
    const before = backends.dynamo.transactions;
    backends.dynamo.failNextTransactions(2);
    expect(await handlerWith()(captureAttempt('alice', fakemon))).toMatchObject({ outcome: 'succeeded' });
    expect(backends.dynamo.transactions - before).toBe(3);

    const other = `fm-conflict2-${randomUUID()}`;
    await spawnWild(other);
    backends.dynamo.failNextTransactions(3);
    await expect(handlerWith({ maxTransactionAttempts: 3 })(captureAttempt('alice', other))).rejects.toBeInstanceOf(TransientCaptureError);
    expect(backends.bus.ofType('fakemon.capture_succeeded')).toHaveLength(1);
  });

  it('refuses an event that breaks the contract, without writing or emitting anything', async () => {
    const { logger, lines } = recordingLogger('capture');
    const bad = eventOf('captureAttempt', { player: 'alice', fakemon: '' } as never);
    await expect(handlerWith({ logger })(bad)).rejects.toBeInstanceOf(ContractViolation);
    expect(backends.bus.requests).toBe(0);
    expect(lines.at(-1)).toMatchObject({ level: 'error', message: 'capture attempt rejected: contract violation', function: 'capture' });
  });

  it('logs one JSON line per attempt with the attempt id', async () => {
    const fakemon = `fm-log-${randomUUID()}`;
    await spawnWild(fakemon);
    const { logger, lines } = recordingLogger('capture');
    const event = captureAttempt('alice', fakemon);
    await handlerWith({ logger })(event, { awsRequestId: 'req-1' });
    expect(lines.filter((l) => l.level !== 'debug')).toEqual([
      expect.objectContaining({
        level: 'info',
        message: 'capture succeeded',
        function: 'capture',
        attemptId: event.id,
        correlationId: event.id,
        awsRequestId: 'req-1',
        outcome: 'succeeded',
      }),
    ]);
  });

  it('queries by player work on the collections table layout', async () => {
    const fakemon = `fm-col-${randomUUID()}`;
    const player = `collector_${randomUUID().slice(0, 8)}`;
    await spawnWild(fakemon, NOW_EPOCH + 60, 'frost-fox');
    await handlerWith()(captureAttempt(player, fakemon));
    const { Items } = await backends.dynamo.client.send(
      new QueryCommand({ TableName: backends.tables.collections, KeyConditionExpression: 'player = :p', ExpressionAttributeValues: { ':p': { S: player } } }),
    );
    expect(Items?.map((i) => [i.fakemonId?.S, i.species?.S])).toEqual([[fakemon, 'frost-fox']]);
  });
});

describe('capture configuration', () => {
  const env = { WORLD_TABLE: 'w', COLLECTIONS_TABLE: 'c', ATTEMPTS_TABLE: 'a', EVENT_BUS_NAME: 'b' };

  it('reads the environment with defaults', () => {
    expect(loadCaptureConfig(env)).toEqual({
      worldTable: 'w',
      collectionsTable: 'c',
      attemptsTable: 'a',
      eventBusName: 'b',
      dodgeProbability: 0.1,
      attemptTtlSeconds: 604800,
    });
    expect(loadCaptureConfig({ ...env, DODGE_PROBABILITY: '0.25', ATTEMPT_TTL_SECONDS: '3600' })).toMatchObject({
      dodgeProbability: 0.25,
      attemptTtlSeconds: 3600,
    });
  });

  it('names every problem at once', () => {
    expect(() => loadCaptureConfig({ WORLD_TABLE: 'w', DODGE_PROBABILITY: '1.5', ATTEMPT_TTL_SECONDS: 'soon' })).toThrow(
      new ConfigError('capture', [
        'COLLECTIONS_TABLE is required',
        'ATTEMPTS_TABLE is required',
        'EVENT_BUS_NAME is required',
        'DODGE_PROBABILITY must be a number between 0 and 1 (got "1.5")',
        'ATTEMPT_TTL_SECONDS must be an integer >= 60 (got "soon")',
      ]),
    );
  });
});
