import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DeleteFunctionConcurrencyCommand, InvokeCommand, LambdaClient, PutFunctionConcurrencyCommand } from '@aws-sdk/client-lambda';
import { GetQueueAttributesCommand, GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { redriveQueue } from '../../scripts/lib/redrive';
import { e2eTarget, E2eTarget } from './support/target';
import { Player, PlayerDirectory, postJson } from './support/player';

jest.setTimeout(300_000);

let target: E2eTarget;
let lambda: LambdaClient;
let sqs: SQSClient;
let events: EventBridgeClient;
let players: PlayerDirectory;
const run = Date.now().toString(36);

beforeAll(async () => {
  target = await e2eTarget();
  lambda = new LambdaClient(target.client);
  sqs = new SQSClient(target.client);
  events = new EventBridgeClient(target.client);
  players = new PlayerDirectory(target);
});
afterAll(async () => {
  for (const client of [lambda, sqs, events]) client?.destroy();
  players?.destroy();
  await target?.stop();
});

async function visibleMessages(queueUrl: string): Promise<number> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
}

describe('dead letters, end to end', () => {
  it('a target that keeps failing is retried, lands in its DLQ with the error attributes, and redrive loses nothing nor the attempt ids', async () => {
    const captureFunction = `${target.stackName}-capture`;
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: `${target.stackName}-capture-dlq` }));
    const dlq = String(QueueUrl);
    const fakemon = `fm-dlq-${run}`;
    const player = await Player.connect(target.webSocketUrl, await players.signIn(`dlq_${run}`));
    try {
      const spawned = await lambda.send(new InvokeCommand({ FunctionName: target.outputs.spawn_function_name, Payload: Buffer.from(JSON.stringify({ fakemon: [fakemon] })) }));
      expect(spawned.FunctionError).toBeUndefined();

      // Reserved concurrency 0: every delivery to the capture function is throttled.
      await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: captureFunction, ReservedConcurrentExecutions: 0 }));
      const sent = 5;
      const responses = await Promise.all(Array.from({ length: sent }, () => postJson(`${target.restUrl}/captures`, { fakemon }, { token: player.token })));
      expect(responses.map((r) => r.status)).toEqual(Array(sent).fill(202));
      const attemptIds = responses.map((r) => String(r.body.attemptId));
      await target.settle();

      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: dlq, MaxNumberOfMessages: 10, VisibilityTimeout: 0, MessageAttributeNames: ['All'], WaitTimeSeconds: 1 }),
      );
      const inDlq = Messages.filter((m) => JSON.parse(String(m.Body)).detail?.fakemon === fakemon);
      const processed = player.messages.filter((m) => m.type === 'capture_result' && m.fakemon === fakemon).length;
      expect(processed + inDlq.length).toBe(sent);
      expect(inDlq).toHaveLength(sent);
      for (const message of inDlq) {
        expect(Object.keys(message.MessageAttributes ?? {})).toEqual(expect.arrayContaining(['ERROR_CODE', 'ERROR_MESSAGE', 'RULE_ARN', 'TARGET_ARN']));
        expect(message.MessageAttributes?.RULE_ARN.StringValue).toMatch(/:rule\/.+\/capture-attempt-rule$/);
        expect(message.MessageAttributes?.TARGET_ARN.StringValue).toMatch(new RegExp(`:function:${captureFunction}$`));
      }

      // Redrive once the function is healthy again: every event is processed, the queue ends empty.
      await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: captureFunction }));
      const totals = await redriveQueue({ sqs, events, queueUrl: dlq, busName: `${target.stackName}-bus`, dryRun: false });
      expect(totals).toMatchObject({ read: sent, redriven: sent, leftBehind: 0, permanent: 0 });
      await target.settle();
      const results: Array<Record<string, unknown>> = [];
      for (let i = 0; i < sent; i += 1) {
        results.push(await player.waitFor((m) => m.type === 'capture_result' && m.fakemon === fakemon && !results.includes(m), 30_000));
      }
      expect(results.map((r) => r.outcome).sort()).toEqual(['already_captured', 'already_captured', 'already_captured', 'already_captured', 'captured']);
      // the redriven events are new events, but each result carries the attempt id its client got in the 202
      expect(results.map((r) => String(r.attemptId)).sort()).toEqual([...attemptIds].sort());
      expect(await visibleMessages(dlq)).toBe(0);
    } finally {
      await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: captureFunction })).catch(() => undefined);
      await player.close();
    }
  });

  it('redrive leaves permanent failures (contract violations) in the DLQ unless asked to include them', async () => {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: `${target.stackName}-capture-dlq` }));
    const dlq = String(QueueUrl);
    // an attempt without an attempt id (as the API put them before attempt ids existed): capture refuses it every time
    const broken = { player: `old_${run}`, fakemon: `fm-old-${run}` };
    const put = await events.send(
      new PutEventsCommand({ Entries: [{ EventBusName: `${target.stackName}-bus`, Source: 'fakemon.attempt-to-capture-api', DetailType: 'fakemon.capture_attempt', Detail: JSON.stringify(broken) }] }),
    );
    expect(put.FailedEntryCount).toBe(0);
    await target.settle();
    const mine = (m: { Body?: string }): boolean => String(m.Body).includes(broken.fakemon);
    const peek = async () =>
      ((await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq, MaxNumberOfMessages: 10, VisibilityTimeout: 0, MessageAttributeNames: ['All'], WaitTimeSeconds: 1 }))).Messages ?? []).filter(mine);
    expect(await peek()).toHaveLength(1);

    const kept = await redriveQueue({ sqs, events, queueUrl: dlq, busName: `${target.stackName}-bus`, dryRun: false });
    expect(kept).toMatchObject({ redriven: 0, permanent: 1, leftBehind: 0 });
    expect(await peek()).toHaveLength(1);
    const forced = await redriveQueue({ sqs, events, queueUrl: dlq, busName: `${target.stackName}-bus`, dryRun: false, includePermanent: true });
    expect(forced).toMatchObject({ redriven: 1, permanent: 0 });
    await target.settle();
    expect(await peek()).toHaveLength(1); // it failed again and came straight back, as permanent failures do
  });
});
