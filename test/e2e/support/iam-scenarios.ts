/**
 * Named scenarios of the capture, deliver-result, world-updates and ws-watch functions, each exercising what the
 * function does with its role on AWS. A scenario throws when its flow does not complete. The IAM suite removes one
 * statement of a role at a time and expects at least one scenario of that function to fail: every statement is
 * needed by a named flow.
 */
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { InvocationType, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { LocalStack } from '../../../local/runtime';
import { localPlayers, Player, postJson, type SignedIn } from './player';
import { NOTRE_DAME } from './places';

export interface Scenario {
  readonly name: string;
  run(stack: LocalStack): Promise<void>;
}

/** How long a scenario waits for a flow that works locally in well under a second. */
const WAIT_MS = 4_000;
let counter = 0;
const unique = (prefix: string): string => `${prefix}_${Date.now().toString(36)}_${(counter += 1)}`;

/** Signs a new player in to the stack's pool and connects it. */
async function connectedPlayer(stack: LocalStack, prefix: string): Promise<Player & { readonly signedIn: SignedIn }> {
  const players = localPlayers(stack);
  try {
    const signedIn = await players.signIn(unique(prefix));
    return Object.assign(await Player.connect(stack.webSocketUrl, signedIn), { signedIn });
  } finally {
    players.destroy();
  }
}

function clients(stack: LocalStack) {
  const config = { region: stack.config.region, endpoint: stack.awsEndpoint, credentials: { accessKeyId: 'e2e-admin', secretAccessKey: 'e2e' } };
  return { lambda: new LambdaClient(config), sqs: new SQSClient(config), dynamodb: new DynamoDBClient(config) };
}

async function spawn(stack: LocalStack, lambda: LambdaClient, fakemon: string): Promise<void> {
  const result = await lambda.send(
    new InvokeCommand({ FunctionName: String(stack.config.outputs.spawn_function_name), Payload: Buffer.from(JSON.stringify({ fakemon: [fakemon], at: NOTRE_DAME })) }),
  );
  if (result.FunctionError) throw new Error(`spawn failed: ${Buffer.from(result.Payload ?? []).toString()}`);
}

/** A player captures a freshly spawned fakémon and gets the result over the WebSocket. */
async function captureAndNotify(stack: LocalStack): Promise<void> {
  const { lambda } = clients(stack);
  const player = await connectedPlayer(stack, 'ash');
  try {
    const fakemon = unique('fm');
    await spawn(stack, lambda, fakemon);
    const response = await postJson(`${stack.restUrl}/captures`, { fakemon }, { token: player.signedIn.tokens.idToken });
    if (response.status !== 202) throw new Error(`POST /captures answered ${response.status}`);
    const result = await player.waitFor((m) => m.type === 'capture_result' && m.attemptId === response.body.attemptId, WAIT_MS);
    if (result.outcome !== 'captured') throw new Error(`outcome ${String(result.outcome)}`);
  } finally {
    await player.close();
    lambda.destroy();
  }
}

/** A player watches a position: ws-watch records its cells and answers on the socket. */
async function watchAround(player: Player): Promise<void> {
  const answer = await player.watch(NOTRE_DAME, WAIT_MS);
  if (answer.type !== 'watching') throw new Error(`watch answered ${JSON.stringify(answer)}`);
}

/** A player watches a position and its answer arrives (ws-watch records its cells). */
async function watchPosition(stack: LocalStack): Promise<void> {
  const player = await connectedPlayer(stack, 'erika');
  try {
    await watchAround(player);
  } finally {
    await player.close();
  }
}

/** A spawned fakémon is pushed to a player watching its cell (world-updates queries the cell's watchers). */
async function spawnBroadcast(stack: LocalStack): Promise<void> {
  const { lambda } = clients(stack);
  const player = await connectedPlayer(stack, 'misty');
  try {
    await watchAround(player);
    const fakemon = unique('fm');
    await spawn(stack, lambda, fakemon);
    await player.waitFor((m) => m.type === 'world' && m.change === 'spawned' && m.fakemon === fakemon, WAIT_MS);
  } finally {
    await player.close();
    lambda.destroy();
  }
}

/** A connection that vanished without $disconnect is forgotten after PostToConnection answers 410. */
async function goneConnectionForgotten(stack: LocalStack): Promise<void> {
  const { lambda, dynamodb } = clients(stack);
  const player = await connectedPlayer(stack, 'brock');
  const stale = `${unique('stale').replace(/[-_]/g, '')}=`;
  const table = String(stack.config.outputs.connections_table);
  try {
    await dynamodb.send(
      new PutItemCommand({
        TableName: table,
        Item: { connectionId: { S: stale }, player: { S: player.name }, connectedAt: { S: new Date(Date.now() - 3_600_000).toISOString() }, expiresAt: { N: String(Math.floor(Date.now() / 1000) + 3600) } },
      }),
    );
    const fakemon = unique('fm');
    await spawn(stack, lambda, fakemon);
    const response = await postJson(`${stack.restUrl}/captures`, { fakemon }, { token: player.signedIn.tokens.idToken });
    await player.waitFor((m) => m.type === 'capture_result' && m.attemptId === response.body.attemptId, WAIT_MS);
    await stack.aws.settled();
    const { Item } = await dynamodb.send(new GetItemCommand({ TableName: table, Key: { connectionId: { S: stale } }, ConsistentRead: true }));
    if (Item) throw new Error(`the stale connection ${stale} is still in ${table}`);
  } finally {
    await player.close();
    lambda.destroy();
    dynamodb.destroy();
  }
}

/** A watcher whose connection vanished without $disconnect is withdrawn from the cell after PostToConnection answers 410. */
async function goneWatcherForgotten(stack: LocalStack): Promise<void> {
  const { lambda, dynamodb } = clients(stack);
  const player = await connectedPlayer(stack, 'gary');
  const stale = `${unique('stale').replace(/[-_]/g, '')}=`;
  const table = String(stack.config.outputs.watchers_table);
  try {
    const answer = await player.watch(NOTRE_DAME, WAIT_MS);
    const cell = String(answer.cell);
    await dynamodb.send(new PutItemCommand({ TableName: table, Item: { cell: { S: cell }, connectionId: { S: stale }, player: { S: 'gone_player' }, expiresAt: { N: String(Math.floor(Date.now() / 1000) + 3600) } } }));
    const fakemon = unique('fm');
    await spawn(stack, lambda, fakemon);
    await player.waitFor((m) => m.type === 'world' && m.change === 'spawned' && m.fakemon === fakemon, WAIT_MS);
    await stack.aws.settled();
    const { Item } = await dynamodb.send(new GetItemCommand({ TableName: table, Key: { cell: { S: cell }, connectionId: { S: stale } }, ConsistentRead: true }));
    if (Item) throw new Error(`the gone watcher ${stale} is still in ${table}`);
  } finally {
    await player.close();
    lambda.destroy();
    dynamodb.destroy();
  }
}

/** An event the function rejects is retried, then lands in the function's DLQ (its on-failure destination). */
function rejectedEventInDlq(functionSuffix: string): Scenario['run'] {
  return async (stack) => {
    const { lambda, sqs } = clients(stack);
    const marker = unique('rejected');
    try {
      await lambda.send(new InvokeCommand({ FunctionName: `${stack.stackName}-${functionSuffix}`, InvocationType: InvocationType.Event, Payload: Buffer.from(JSON.stringify({ marker })) }));
      await stack.aws.settled();
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: `${stack.stackName}-${functionSuffix}-dlq` }));
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0, WaitTimeSeconds: 1 }));
      const record = Messages.map((m) => JSON.parse(String(m.Body)) as { requestPayload?: { marker?: string }; requestContext?: { condition?: string } }).find((r) => r.requestPayload?.marker === marker);
      if (!record) throw new Error(`no on-failure record of ${marker} in the ${functionSuffix} DLQ`);
      if (record.requestContext?.condition !== 'RetriesExhausted') throw new Error(`condition ${String(record.requestContext?.condition)}`);
    } finally {
      lambda.destroy();
      sqs.destroy();
    }
  };
}

/** The function's output reaches its CloudWatch Logs log group (Lambda writes it with the execution role). */
function logsReachLogGroup(functionSuffix: string, trigger: (stack: LocalStack) => Promise<void>): Scenario['run'] {
  return async (stack) => {
    const fn = stack.config.functions.find((f) => f.name === `${stack.stackName}-${functionSuffix}`);
    const group = fn?.logGroupName ?? '';
    const before = stack.aws.services.logs.read(group).length;
    await trigger(stack).catch(() => undefined);
    await stack.aws.settled();
    const lines = stack.aws.services.logs.read(group).slice(before);
    if (!lines.some((line) => line.message.startsWith('REPORT RequestId:'))) throw new Error(`no invocation of ${functionSuffix} reached ${group}`);
  };
}

export const CAPTURE_SCENARIOS: readonly Scenario[] = [
  { name: 'a capture attempt is settled and its result reaches the player', run: captureAndNotify },
  { name: 'a capture attempt capture rejects ends in the capture DLQ', run: rejectedEventInDlq('capture') },
  { name: "capture's logs reach its log group", run: logsReachLogGroup('capture', captureAndNotify) },
];

export const DELIVER_RESULT_SCENARIOS: readonly Scenario[] = [
  { name: 'a capture result reaches the player', run: captureAndNotify },
  { name: 'a connection gone without $disconnect is forgotten after a 410', run: goneConnectionForgotten },
  { name: 'an event deliver-result rejects ends in its DLQ', run: rejectedEventInDlq('deliver-result') },
  { name: "deliver-result's logs reach its log group", run: logsReachLogGroup('deliver-result', captureAndNotify) },
];

export const WORLD_UPDATES_SCENARIOS: readonly Scenario[] = [
  { name: 'a spawned fakémon is pushed to a player watching its cell', run: spawnBroadcast },
  { name: 'a watcher gone without $disconnect is withdrawn after a 410', run: goneWatcherForgotten },
  { name: 'an event world-updates rejects ends in its DLQ', run: rejectedEventInDlq('world-updates') },
  { name: "world-updates' logs reach its log group", run: logsReachLogGroup('world-updates', spawnBroadcast) },
];

export const WS_WATCH_SCENARIOS: readonly Scenario[] = [
  { name: 'a player watches a position and is answered', run: watchPosition },
  { name: "ws-watch's logs reach its log group", run: logsReachLogGroup('ws-watch', watchPosition) },
];

/** Runs every scenario; returns the names of those that failed, with their errors. */
export async function failingScenarios(stack: LocalStack, scenarios: readonly Scenario[]): Promise<Array<{ name: string; error: string }>> {
  const failed: Array<{ name: string; error: string }> = [];
  for (const scenario of scenarios) {
    try {
      await scenario.run(stack);
    } catch (error) {
      failed.push({ name: scenario.name, error: (error as Error).message.split('\n')[0] ?? '' });
    }
  }
  return failed;
}
