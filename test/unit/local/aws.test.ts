import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { LocalAws } from '../../../local/aws';
import { arn, clientConfig, startTestAws, writeZip } from './support';

/** A SigV4-looking Authorization header (the local endpoint routes by its credential scope). */
function signedFor(service: string): Record<string, string> {
  return {
    authorization: `AWS4-HMAC-SHA256 Credential=local/20240101/us-east-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=00`,
    'x-amz-date': '20240101T000000Z',
  };
}

describe('local AWS endpoint', () => {
  let aws: LocalAws;

  beforeAll(async () => {
    aws = await startTestAws({ accountId: '123456789012' });
  });
  afterAll(async () => {
    await aws.stop();
  });

  it('answers an unknown awsJson operation with UnknownOperationException', async () => {
    const response = await fetch(aws.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.FlyToTheMoon', ...signedFor('events') },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'UnknownOperationException' });

    const unknownService = await fetch(aws.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'Kinesis_20131202.PutRecord' },
      body: '{}',
    });
    expect(unknownService.status).toBe(400);
    expect(await unknownService.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });

  it('answers unknown REST routes and services with an AWS-style error', async () => {
    const scheduler = await fetch(`${aws.endpoint}/nowhere`, { headers: signedFor('scheduler') });
    expect(scheduler.status).toBe(400);
    expect(scheduler.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    const unsigned = await fetch(`${aws.endpoint}/what`, { method: 'DELETE' });
    expect(unsigned.status).toBe(400);
    expect(await unsigned.json()).toMatchObject({ __type: 'UnknownOperationException' });
    const lambda = new LambdaClient(clientConfig(aws.endpoint));
    await expect(lambda.send(new InvokeCommand({ FunctionName: 'none' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    lambda.destroy();
  });

  it('answers STS GetCallerIdentity with the configured account', async () => {
    const response = await fetch(aws.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...signedFor('sts') },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(response.status).toBe(200);
    const xml = await response.text();
    expect(xml).toContain('<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">');
    expect(xml).toContain('<Account>123456789012</Account>');
    expect(xml).toContain('<Arn>arn:aws:iam::123456789012:root</Arn>');

    const invalid = await fetch(aws.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...signedFor('sts') },
      body: 'Action=AssumeRoleWithMagic&Version=2011-06-15',
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toContain('<Code>InvalidAction</Code>');
  });

  it('serves the control API: health and the clock', async () => {
    const health = (await (await fetch(`${aws.endpoint}/_local/health`)).json()) as { status: string; services: string[] };
    expect(health.status).toBe('ok');
    expect(health.services).toEqual(expect.arrayContaining(['events', 'sqs', 'dynamodb', 'scheduler', 'lambda', 'sts']));

    const before = aws.clock.now().getTime();
    const advanced = await fetch(`${aws.endpoint}/_local/clock/advance`, { method: 'POST', body: JSON.stringify({ seconds: 3600 }) });
    const state = (await advanced.json()) as { epochMillis: number; offsetMs: number };
    expect(state.epochMillis - before).toBeGreaterThanOrEqual(3_600_000);
    expect(state.offsetMs).toBeGreaterThanOrEqual(3_599_000);
    const read = (await (await fetch(`${aws.endpoint}/_local/clock`)).json()) as { now: string };
    expect(Date.parse(read.now)).toBeGreaterThanOrEqual(before + 3_600_000);

    const bad = await fetch(`${aws.endpoint}/_local/clock/advance`, { method: 'POST', body: JSON.stringify({ seconds: -1 }) });
    expect(bad.status).toBe(400);
  });

  it('mounts additional services by signing name', async () => {
    aws.registerService({
      name: 'execute-api',
      signingNames: ['execute-api'],
      handle: (request) => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path: request.url.pathname }) }),
    });
    const response = await fetch(`${aws.endpoint}/@connections/abc`, { method: 'POST', headers: signedFor('execute-api'), body: '{}' });
    expect(await response.json()).toEqual({ path: '/@connections/abc' });
  });
});

describe('stopping the local endpoint', () => {
  it('closes the port, workers and timers', async () => {
    const handles = (): Record<string, number> =>
      process.getActiveResourcesInfo().reduce<Record<string, number>>((counts, type) => ({ ...counts, [type]: (counts[type] ?? 0) + 1 }), {});
    // Handles of earlier tests finish closing on a later turn of the event loop.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const baseline = handles();
    const aws = await startTestAws({
      queues: [{ name: 'q', arn: arn('sqs', 'q'), visibilityTimeoutSeconds: 30, messageRetentionSeconds: 60 }],
      functions: [
        {
          name: 'fn',
          arn: arn('lambda', 'function:fn'),
          zipPath: await writeZip({ 'index.mjs': 'export const handler = async () => "hi";' }),
          handler: 'index.handler',
          runtime: 'nodejs20.x',
          environment: {},
          timeoutSeconds: 3,
          memoryMb: 128,
        },
      ],
      buses: [{ name: 'b', arn: arn('events', 'event-bus/b'), rules: [], archives: [] }],
    });
    const sqs = new SQSClient(clientConfig(aws.endpoint));
    const lambda = new LambdaClient(clientConfig(aws.endpoint));
    const events = new EventBridgeClient(clientConfig(aws.endpoint));
    await lambda.send(new InvokeCommand({ FunctionName: 'fn' }));
    await events.send(new PutEventsCommand({ Entries: [{ Source: 's', DetailType: 'd', Detail: '{}', EventBusName: 'b' }] }));
    const longPoll = sqs.send(new ReceiveMessageCommand({ QueueUrl: `${aws.endpoint}/000000000000/q`, WaitTimeSeconds: 20 })).catch((error: Error) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));

    const { endpoint, clock } = aws;
    await aws.stop();
    await longPoll;
    sqs.destroy();
    lambda.destroy();
    events.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));

    const after = handles();
    // Servers, sockets and worker ports are gone (Node's own unref'd HTTP date timer may linger, so timers
    // are checked on the local clock instead).
    for (const type of ['TCPServerWrap', 'TCPSocketWrap', 'MessagePort']) {
      expect({ type, count: after[type] ?? 0 }).toEqual({ type, count: baseline[type] ?? 0 });
    }
    expect(clock.pendingTimers()).toBe(0);
    await expect(fetch(`${endpoint}/_local/health`)).rejects.toThrow();
  });
});
