/**
 * The built bundles, wired from the environment only (as in Lambda): SDK clients find the local
 * endpoints through AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE>, the management client through
 * WEBSOCKET_MANAGEMENT_ENDPOINT.
 */
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { buildHandlers, type BuildResult } from '../../../handlers/build';
import { InMemoryConnectionRegistry } from '../../../local/websocket/connection-registry';
import { startManagementApiServer, type ManagementApiServer } from '../../../local/websocket/management-api';
import { TEST_CREDENTIALS, TEST_REGION } from '../../support/aws';
import { createTables, startDynalite, type DynaliteServer, type TestTables } from '../../support/dynalite';
import { startEventBridgeRecorder, type EventBridgeRecorder } from '../../support/eventbridge';
import { eventOf, fixture } from '../../support/events';

jest.setTimeout(120_000);

const run = promisify(execFile);

let tmp: string;
let built: BuildResult[];
let dynamo: DynaliteServer;
let bus: EventBridgeRecorder;
let tables: TestTables;
let registry: InMemoryConnectionRegistry;
let api: ManagementApiServer;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'handlers-bundles-'));
  [built, dynamo, bus] = await Promise.all([
    buildHandlers({ outDir: tmp, functions: ['capture', 'deliver-result', 'ws-connect'], log: null }),
    startDynalite(),
    startEventBridgeRecorder(),
  ]);
  tables = await createTables(dynamo.client);
  registry = new InMemoryConnectionRegistry();
  api = await startManagementApiServer({ registry, stage: 'local' });
});
afterAll(async () => {
  await Promise.all([dynamo?.close(), bus?.close(), api?.close()]);
  await fs.rm(tmp, { recursive: true, force: true });
});

/** Invokes the built handler of `fn` in a fresh Node process with only `env`; returns its result and log lines. */
async function invoke(fn: string, event: unknown, env: Record<string, string>): Promise<{ result: unknown; logs: Record<string, unknown>[] }> {
  const bundle = (built.find((b) => b.name === fn) as BuildResult).bundlePath;
  const script = `const { handler } = await import(${JSON.stringify(`file://${bundle}`)});
const result = await handler(JSON.parse(process.env.EVENT), { awsRequestId: 'req-1' });
process.stdout.write('RESULT ' + JSON.stringify(result) + '\\n');`;
  const { stdout } = await run(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], {
    env: {
      PATH: process.env.PATH ?? '',
      AWS_REGION: TEST_REGION,
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      EVENT: JSON.stringify(event),
      ...env,
    },
  });
  const lines = stdout.trim().split('\n');
  const resultLine = lines.find((l) => l.startsWith('RESULT ')) as string;
  return {
    result: JSON.parse(resultLine.slice('RESULT '.length)),
    logs: lines.filter((l) => !l.startsWith('RESULT ')).map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('built bundles wired from the environment', () => {
  it('capture: AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL_EVENTBRIDGE are honoured', async () => {
    await dynamo.client.send(
      new PutItemCommand({
        TableName: tables.world,
        Item: { fakemonId: { S: 'fm-bundle' }, status: { S: 'wild' }, species: { S: 'leaf-owl' }, expiresAt: { N: String(Math.floor(Date.now() / 1000) + 600) } },
      }),
    );
    const event = eventOf('captureAttempt', { attemptId: 'attempt-bundle-1', player: 'alice', fakemon: 'fm-bundle' });
    const { result, logs } = await invoke('capture', event, {
      WORLD_TABLE: tables.world,
      COLLECTIONS_TABLE: tables.collections,
      ATTEMPTS_TABLE: tables.attempts,
      EVENT_BUS_NAME: 'fakemon-local',
      DODGE_PROBABILITY: '0',
      ATTEMPT_TTL_SECONDS: '3600',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_EVENTBRIDGE: bus.endpoint,
    });
    expect(result).toEqual({ attemptId: 'attempt-bundle-1', outcome: 'succeeded', replayed: false, emitted: true });
    expect(bus.ofType('fakemon.capture_succeeded').map((e) => e.detail)).toEqual([expect.objectContaining({ attemptId: 'attempt-bundle-1', player: 'alice' })]);
    const item = await dynamo.client.send(
      new GetItemCommand({ TableName: tables.collections, Key: { player: { S: 'alice' }, fakemonId: { S: 'fm-bundle' } } }),
    );
    expect(item.Item?.species?.S).toBe('leaf-owl');
    expect(logs).toEqual([
      expect.objectContaining({ level: 'info', function: 'capture', message: 'capture succeeded', attemptId: 'attempt-bundle-1', eventId: event.id, awsRequestId: 'req-1' }),
    ]);
  });

  it('ws-connect then deliver-result: AWS_ENDPOINT_URL and WEBSOCKET_MANAGEMENT_ENDPOINT (with a stage) are honoured', async () => {
    const connect = fixture<Record<string, any>>('ws-connect');
    const connectionId = connect.requestContext.connectionId as string;
    registry.connect(connectionId);
    const common = { CONNECTIONS_TABLE: tables.connections, WATCHERS_TABLE: tables.watchers, AWS_ENDPOINT_URL: dynamo.endpoint };
    expect((await invoke('ws-connect', connect, common)).result).toEqual({ statusCode: 200 });

    const { result } = await invoke('deliver-result', fixture('capture-failed'), {
      ...common,
      CONNECTIONS_BY_PLAYER_INDEX: tables.connectionsByPlayerIndex,
      WEBSOCKET_MANAGEMENT_ENDPOINT: api.endpoint,
    });
    expect(result).toEqual({ sent: 0, gone: 0, failed: 0 }); // the fixture is for bob, the connection is alice's

    const { result: toAlice } = await invoke(
      'deliver-result',
      eventOf('captureFailed', { attemptId: 'a-9', player: 'alice', fakemon: 'fm-1', reason: 'dodged' }),
      { ...common, CONNECTIONS_BY_PLAYER_INDEX: tables.connectionsByPlayerIndex, WEBSOCKET_MANAGEMENT_ENDPOINT: api.endpoint },
    );
    expect(toAlice).toEqual({ sent: 1, gone: 0, failed: 0 });
    expect(registry.json(connectionId)).toEqual([{ type: 'capture_result', attemptId: 'a-9', fakemon: 'fm-1', outcome: 'dodged', reason: 'dodged' }]);
  });
});
