import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { ZipFile } from 'yazl';
import { createWriteStream } from 'node:fs';
import { startLocalAws } from '../../local/aws';
import { readSynthesizedStack } from '../../local/stack/terraform-json';
import { toLocalStackConfig } from '../../local/stack/to-local-config';
import { EventBus, EventPattern } from '../../modules/event-bus';
import { HandlerFunction } from '../../modules/handler-function';
import { EncryptedQueue } from '../../modules/queue';

jest.setTimeout(60_000);

const work = mkdtempSync(path.join(os.tmpdir(), 'fidelity-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const retryPolicy = { maximumEventAgeSeconds: 60, maximumRetryAttempts: 0 };
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** A stack built with the project's constructs: a bus whose one rule sends to a queue, and one function. */
function synthesize(name: string, pattern: EventPattern, zipPath: string): string {
  const outdir = path.join(work, name);
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'fidelity');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  const dlq = new EncryptedQueue(stack, 'dlq', { queueName: 'fidelity-dlq' });
  const inbox = new EncryptedQueue(stack, 'inbox', { queueName: 'fidelity-inbox' });
  new EventBus(stack, 'bus', {
    busName: 'fidelity-bus',
    roleName: `fidelity-${name}`,
    rules: { orders: { description: 'orders', eventPattern: pattern, targets: [{ kind: 'sqs', name: 'inbox', queue: inbox.queue, deadLetterQueue: dlq.queue, retryPolicy }] } },
  });
  new HandlerFunction(stack, 'fn', { functionName: 'fidelity-fn', zipPath, statements: [], logRetentionDays: 1 });
  app.synth();
  return outdir;
}

function writeZip(file: string, source: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const zip = new ZipFile();
    zip.addBuffer(Buffer.from(source), 'index.mjs', { mtime: new Date(0), mode: 0o644 });
    zip.end();
    zip.outputStream.pipe(createWriteStream(file)).on('close', resolve).on('error', reject);
  });
}

/** Runs a synthesized stack locally and reports what the stack does with two events and one invocation. */
async function runStack(outdir: string): Promise<{ routed: string[]; invoked: unknown }> {
  const config = toLocalStackConfig(readSynthesizedStack(outdir, 'fidelity'), {
    accountId: '000000000000',
    region: 'us-east-1',
    awsEndpoint: 'http://127.0.0.1:0',
    restEndpoint: 'http://127.0.0.1:0',
    webSocketEndpoint: 'ws://127.0.0.1:0',
  });
  const aws = await startLocalAws({ port: 0, functions: config.functions, queues: config.queues, buses: config.buses, functionLogs: 'silent' });
  const client = { endpoint: aws.endpoint, region: 'us-east-1', credentials };
  const events = new EventBridgeClient(client);
  const sqs = new SQSClient(client);
  const lambda = new LambdaClient(client);
  try {
    await events.send(
      new PutEventsCommand({
        Entries: ['shop', 'store'].map((source) => ({ EventBusName: 'fidelity-bus', Source: source, DetailType: 'order', Detail: JSON.stringify({ source }) })),
      }),
    );
    await aws.settled();
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'fidelity-inbox' }));
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    const invoked = await lambda.send(new InvokeCommand({ FunctionName: 'fidelity-fn', Payload: Buffer.from('{}') }));
    return {
      routed: Messages.map((m) => String(JSON.parse(String(m.Body)).source)).sort(),
      invoked: JSON.parse(Buffer.from(invoked.Payload ?? []).toString()),
    };
  } finally {
    for (const c of [events, sqs, lambda]) c.destroy();
    await aws.stop();
  }
}

describe('the local runtime runs the synthesized stack, not a copy', () => {
  it('a rule pattern changed in the constructs changes the local routing', async () => {
    const zip = path.join(work, 'routing.zip');
    await writeZip(zip, 'export const handler = async () => ({ ok: true });');
    expect((await runStack(synthesize('shop', { source: ['shop'] }, zip))).routed).toEqual(['shop']);
    expect((await runStack(synthesize('store', { source: ['store'] }, zip))).routed).toEqual(['store']);
    expect((await runStack(synthesize('both', { source: [{ prefix: 's' }] }, zip))).routed).toEqual(['shop', 'store']);
  });

  it('a rebuilt zip is what runs', async () => {
    const zip = path.join(work, 'versioned.zip');
    await writeZip(zip, 'export const handler = async () => ({ version: "one" });');
    expect((await runStack(synthesize('v1', { source: ['shop'] }, zip))).invoked).toEqual({ version: 'one' });
    await writeZip(zip, 'export const handler = async () => ({ version: "two" });');
    expect((await runStack(synthesize('v2', { source: ['shop'] }, zip))).invoked).toEqual({ version: 'two' });
  });
});
