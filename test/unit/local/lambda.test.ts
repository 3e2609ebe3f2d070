import * as fs from 'node:fs';
import {
  DeleteFunctionConcurrencyCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
  PutFunctionConcurrencyCommand,
} from '@aws-sdk/client-lambda';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { LocalAws, LocalFunctionConfig } from '../../../local/aws';
import { arn, clientConfig, eventually, startTestAws, writeZip } from './support';

const ECHO = `export const handler = async (event, context) => ({
  event,
  requestId: context.awsRequestId,
  functionName: context.functionName,
  remaining: context.getRemainingTimeInMillis(),
});`;
const THROWS = `export const handler = async () => { throw new TypeError('boom'); };`;
const SLEEPS = `export const handler = async (event) => { await new Promise((r) => setTimeout(r, event.ms)); return 'slept'; };`;
const ENV = `let count = 0;
export const handler = async (event) => {
  count += 1;
  if (event.set) process.env.SHARED = event.set;
  return {
    name: process.env.NAME,
    shared: process.env.SHARED ?? null,
    count,
    region: process.env.AWS_REGION,
    endpoint: process.env.AWS_ENDPOINT_URL,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    accessKey: process.env.AWS_ACCESS_KEY_ID,
    home: process.env.HOME ?? null,
  };
};`;
const CJS_CALLBACK = `exports.handler = function (event, context, callback) {
  console.log('value is', event.value);
  callback(null, { style: 'callback', value: event.value });
};`;
const SENDS_TO_SQS = `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export const handler = async (event) => {
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: JSON.stringify(event) }));
  return 'sent';
};`;

function fn(name: string, zipPath: string, extra: Partial<LocalFunctionConfig> = {}): LocalFunctionConfig {
  return {
    name,
    arn: arn('lambda', `function:${name}`),
    zipPath,
    handler: 'index.handler',
    runtime: 'nodejs20.x',
    environment: {},
    timeoutSeconds: 3,
    memoryMb: 128,
    ...extra,
  };
}

const decode = (payload: Uint8Array | undefined): unknown => JSON.parse(Buffer.from(payload ?? new Uint8Array()).toString('utf8'));

describe('local Lambda', () => {
  let aws: LocalAws;
  let lambda: LambdaClient;
  let sqs: SQSClient;
  let echoZip: string;

  beforeAll(async () => {
    echoZip = await writeZip({ 'index.mjs': ECHO });
    const envZip = await writeZip({ 'index.mjs': ENV });
    aws = await startTestAws({
      queues: [
        { name: 'inbox', arn: arn('sqs', 'inbox'), visibilityTimeoutSeconds: 30, messageRetentionSeconds: 3600 },
        { name: 'failures', arn: arn('sqs', 'failures'), visibilityTimeoutSeconds: 30, messageRetentionSeconds: 3600 },
      ],
      functions: [
        fn('echo', echoZip),
        fn('throws', await writeZip({ 'index.mjs': THROWS }), { onFailureDestinationArn: arn('sqs', 'failures') }),
        fn('sleeps', await writeZip({ 'index.mjs': SLEEPS }), { timeoutSeconds: 1 }),
        fn('env-a', envZip, { environment: { NAME: 'a' } }),
        fn('env-b', envZip, { environment: { NAME: 'b' } }),
        fn('callback', await writeZip({ 'index.js': CJS_CALLBACK })),
        fn('sender', await writeZip({ 'index.mjs': SENDS_TO_SQS }), { environment: { QUEUE_URL: 'set below' } }),
      ],
    });
    // The queue URL depends on the port the endpoint got.
    aws.services.lambda.addFunction({
      ...aws.services.lambda.getFunction('sender'),
      environment: { QUEUE_URL: `${aws.endpoint}/000000000000/inbox` },
    });
    lambda = new LambdaClient(clientConfig(aws.endpoint));
    sqs = new SQSClient(clientConfig(aws.endpoint));
  }, 30_000);

  afterAll(async () => {
    lambda.destroy();
    sqs.destroy();
    await aws.stop();
  });

  it('invokes synchronously and returns the handler result with a Lambda context', async () => {
    const response = await lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.from(JSON.stringify({ hello: 'world' })) }));
    expect(response.StatusCode).toBe(200);
    expect(response.FunctionError).toBeUndefined();
    expect(response.ExecutedVersion).toBe('$LATEST');
    const result = decode(response.Payload) as Record<string, unknown>;
    expect(result).toMatchObject({ event: { hello: 'world' }, functionName: 'echo' });
    expect(result.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.remaining).toBeGreaterThan(2000);
    expect(result.remaining).toBeLessThanOrEqual(3000);
  });

  it('accepts names and ARNs, runs CommonJS callback handlers, and tails logs', async () => {
    const response = await lambda.send(
      new InvokeCommand({ FunctionName: arn('lambda', 'function:callback'), Payload: Buffer.from('{"value":7}'), LogType: 'Tail' }),
    );
    expect(decode(response.Payload)).toEqual({ style: 'callback', value: 7 });
    const tail = Buffer.from(response.LogResult ?? '', 'base64').toString('utf8');
    expect(tail).toMatch(/^START RequestId: (\S+) Version: \$LATEST\n\S+Z\t\1\tINFO\tvalue is 7\nEND RequestId: \1\nREPORT RequestId: \1\t/);
    // A warm worker reports the logs of the invocation in progress.
    const again = await lambda.send(new InvokeCommand({ FunctionName: 'callback', Payload: Buffer.from('{"value":8}'), LogType: 'Tail' }));
    const secondTail = Buffer.from(again.LogResult ?? '', 'base64').toString('utf8');
    expect(secondTail).toContain('value is 8');
    expect(secondTail).not.toContain('value is 7');
  });

  it('returns an Unhandled function error with errorType, errorMessage and trace', async () => {
    const response = await lambda.send(new InvokeCommand({ FunctionName: 'throws', Payload: Buffer.from('{}') }));
    expect(response.StatusCode).toBe(200);
    expect(response.FunctionError).toBe('Unhandled');
    const error = decode(response.Payload) as { errorType: string; errorMessage: string; trace: string[] };
    expect(error.errorType).toBe('TypeError');
    expect(error.errorMessage).toBe('boom');
    expect(error.trace[0]).toBe('TypeError: boom');
  });

  it('enforces the timeout by stopping the worker', async () => {
    const started = Date.now();
    const response = await lambda.send(new InvokeCommand({ FunctionName: 'sleeps', Payload: Buffer.from('{"ms":10000}') }));
    expect(Date.now() - started).toBeLessThan(4000);
    expect(response.FunctionError).toBe('Unhandled');
    const error = decode(response.Payload) as { errorType: string; errorMessage: string };
    expect(error.errorType).toBe('Sandbox.Timedout');
    expect(error.errorMessage).toContain('Task timed out after 1.00 seconds');
    // The next invocation gets a fresh worker and succeeds.
    const after = await lambda.send(new InvokeCommand({ FunctionName: 'sleeps', Payload: Buffer.from('{"ms":1}') }));
    expect(decode(after.Payload)).toBe('slept');
  });

  it('isolates environments between functions and reuses warm workers', async () => {
    const a1 = decode((await lambda.send(new InvokeCommand({ FunctionName: 'env-a', Payload: Buffer.from('{"set":"from-a"}') }))).Payload);
    const b1 = decode((await lambda.send(new InvokeCommand({ FunctionName: 'env-b', Payload: Buffer.from('{}') }))).Payload);
    const a2 = decode((await lambda.send(new InvokeCommand({ FunctionName: 'env-a', Payload: Buffer.from('{}') }))).Payload);
    expect(a1).toMatchObject({ name: 'a', shared: 'from-a', count: 1, region: 'us-east-1', endpoint: aws.endpoint, functionName: 'env-a', accessKey: 'local' });
    expect(b1).toMatchObject({ name: 'b', shared: null, count: 1, functionName: 'env-b', home: null });
    // Same warm worker: module state and its own process.env survive between invocations.
    expect(a2).toMatchObject({ name: 'a', shared: 'from-a', count: 2 });
  });

  it('lets handlers call the local endpoint with the SDK the runtime provides', async () => {
    const response = await lambda.send(new InvokeCommand({ FunctionName: 'sender', Payload: Buffer.from('{"n":1}') }));
    expect(decode(response.Payload)).toBe('sent');
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: `${aws.endpoint}/000000000000/inbox`, WaitTimeSeconds: 2 }));
    expect(received.Messages?.[0].Body).toBe('{"n":1}');
  });

  it('accepts Event invocations (202) and DryRun (204)', async () => {
    const event = await lambda.send(new InvokeCommand({ FunctionName: 'sender', InvocationType: 'Event', Payload: Buffer.from('{"n":2}') }));
    expect(event.StatusCode).toBe(202);
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: `${aws.endpoint}/000000000000/inbox`, WaitTimeSeconds: 5 }));
    expect(received.Messages?.[0].Body).toBe('{"n":2}');
    const dryRun = await lambda.send(new InvokeCommand({ FunctionName: 'echo', InvocationType: 'DryRun' }));
    expect(dryRun.StatusCode).toBe(204);
  });

  it('retries failed asynchronous invocations twice, then sends the record to the on-failure destination', async () => {
    await lambda.send(new InvokeCommand({ FunctionName: 'throws', InvocationType: 'Event', Payload: Buffer.from('{"order":42}') }));
    const received = await eventually(async () => {
      const response = await sqs.send(new ReceiveMessageCommand({ QueueUrl: `${aws.endpoint}/000000000000/failures` }));
      return response.Messages?.[0];
    });
    const record = JSON.parse(received.Body ?? '{}');
    expect(record).toMatchObject({
      version: '1.0',
      requestContext: { functionArn: `${arn('lambda', 'function:throws')}:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: { order: 42 },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'TypeError', errorMessage: 'boom' },
    });
  });

  it('answers ResourceNotFoundException for unknown functions', async () => {
    await expect(lambda.send(new InvokeCommand({ FunctionName: 'missing' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
      // Invoke names the version it looked for (see test/unit/local/fidelity/lambda.test.ts).
      message: `Function not found: ${arn('lambda', 'function:missing')}:$LATEST`,
    });
  });

  it('enforces reserved concurrency and manages it through the API', async () => {
    await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'sleeps', ReservedConcurrentExecutions: 1 }));
    expect((await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: 'sleeps' }))).ReservedConcurrentExecutions).toBe(1);
    const busy = lambda.send(new InvokeCommand({ FunctionName: 'sleeps', Payload: Buffer.from('{"ms":400}') }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(lambda.send(new InvokeCommand({ FunctionName: 'sleeps', Payload: Buffer.from('{"ms":1}') }))).rejects.toMatchObject({
      name: 'TooManyRequestsException',
      Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded',
      $metadata: { httpStatusCode: 429 },
    });
    expect(decode((await busy).Payload)).toBe('slept');

    await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'sleeps', ReservedConcurrentExecutions: 0 }));
    await expect(lambda.send(new InvokeCommand({ FunctionName: 'sleeps', InvocationType: 'Event', Payload: Buffer.from('{"ms":1}') }))).rejects.toMatchObject({
      name: 'TooManyRequestsException',
    });
    await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'sleeps' }));
    expect((await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: 'sleeps' }))).ReservedConcurrentExecutions).toBeUndefined();
    expect(decode((await lambda.send(new InvokeCommand({ FunctionName: 'sleeps', Payload: Buffer.from('{"ms":1}') }))).Payload)).toBe('slept');
  });

  it('describes and lists functions', async () => {
    const described = await lambda.send(new GetFunctionCommand({ FunctionName: 'env-a' }));
    expect(described.Configuration).toMatchObject({
      FunctionName: 'env-a',
      FunctionArn: arn('lambda', 'function:env-a'),
      Handler: 'index.handler',
      Runtime: 'nodejs20.x',
      Timeout: 3,
      MemorySize: 128,
      Environment: { Variables: { NAME: 'a' } },
      State: 'Active',
    });
    expect(described.Configuration?.CodeSha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const listed = await lambda.send(new ListFunctionsCommand({}));
    expect(listed.Functions?.map((f) => f.FunctionName)).toEqual(['callback', 'echo', 'env-a', 'env-b', 'sender', 'sleeps', 'throws']);
  });

  it('re-extracts the package when the zip changes', async () => {
    const replacement = await writeZip({ 'index.mjs': `export const handler = async () => 'v2';` });
    fs.copyFileSync(replacement, echoZip);
    const future = new Date(Date.now() + 5000);
    fs.utimesSync(echoZip, future, future);
    const response = await lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.from('{}') }));
    expect(decode(response.Payload)).toBe('v2');
  });
});
