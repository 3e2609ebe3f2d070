import * as fs from 'node:fs';
import {
  CancelReplayCommand,
  DescribeArchiveCommand,
  DescribeEventBusCommand,
  DescribeReplayCommand,
  DescribeRuleCommand,
  EventBridgeClient,
  ListArchivesCommand,
  ListReplaysCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  StartReplayCommand,
  TestEventPatternCommand,
} from '@aws-sdk/client-eventbridge';
import { ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import type { LocalAws, LocalBusConfig, LocalTargetConfig } from '../../../local/aws';
import { arn, clientConfig, eventually, startTestAws, tempDir, writeZip } from './support';

const BUS = 'fakemon';
const BUS_ARN = arn('events', `event-bus/${BUS}`);
const ruleArn = (name: string): string => arn('events', `rule/${BUS}/${name}`);
const queueArn = (name: string): string => arn('sqs', name);
const retry = { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 };
const queueTarget = (id: string, queue: string, extra: Partial<LocalTargetConfig> = {}): LocalTargetConfig => ({
  id,
  arn: queueArn(queue),
  retryPolicy: retry,
  ...extra,
});

const QUEUE_NAMES = ['delivered', 'transformed', 'input-path', 'constant', 'dlq', 'replayed'];

function busConfig(throttledArn: string): LocalBusConfig {
  return {
    name: BUS,
    arn: BUS_ARN,
    rules: [
      { name: 'to-queue', arn: ruleArn('to-queue'), eventPattern: { source: ['test.app'] }, state: 'ENABLED', targets: [queueTarget('q', 'delivered')] },
      {
        name: 'transform',
        arn: ruleArn('transform'),
        eventPattern: { 'detail-type': ['transform'] },
        state: 'ENABLED',
        description: 'shapes inputs',
        targets: [
          queueTarget('template', 'transformed', {
            inputTransformer: {
              inputPaths: { player: '$.detail.player', level: '$.detail.level', source: '$.source' },
              inputTemplate: '{"who": "<player>", "level": <level>, "from": "<source>", "rule": "<aws.events.rule-name>"}',
            },
          }),
          queueTarget('path', 'input-path', { inputPath: '$.detail' }),
          queueTarget('constant', 'constant', { input: '{"fixed":true}' }),
        ],
      },
      {
        name: 'throttled',
        arn: ruleArn('throttled'),
        eventPattern: { 'detail-type': ['throttle'] },
        state: 'ENABLED',
        targets: [{ id: 'lambda', arn: throttledArn, retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 }, deadLetterArn: queueArn('dlq') }],
      },
      {
        name: 'missing',
        arn: ruleArn('missing'),
        eventPattern: { 'detail-type': ['missing'] },
        state: 'ENABLED',
        targets: [{ id: 'gone', arn: arn('lambda', 'function:does-not-exist'), retryPolicy: retry, deadLetterArn: queueArn('dlq') }],
      },
      {
        name: 'no-dlq',
        arn: ruleArn('no-dlq'),
        eventPattern: { 'detail-type': ['drop'] },
        state: 'ENABLED',
        targets: [{ id: 'lambda', arn: throttledArn, retryPolicy: { maximumRetryAttempts: 1, maximumEventAgeInSeconds: 60 } }],
      },
      {
        name: 'debug',
        arn: ruleArn('debug'),
        eventPattern: { source: [{ prefix: '' }] },
        state: 'ENABLED',
        targets: [{ id: 'log', arn: arn('logs', 'log-group:/aws/events/fakemon-debug'), retryPolicy: retry }],
      },
      { name: 'disabled', arn: ruleArn('disabled'), eventPattern: { source: ['test.app'] }, state: 'DISABLED', targets: [queueTarget('q', 'transformed')] },
      {
        name: 'replayable',
        arn: ruleArn('replayable'),
        eventPattern: { 'detail-type': ['replayable'] },
        state: 'ENABLED',
        targets: [queueTarget('q', 'replayed')],
      },
    ],
    archives: [{ name: 'fakemon-archive', arn: arn('events', 'archive/fakemon-archive'), retentionDays: 7 }],
  };
}

describe('local EventBridge', () => {
  let aws: LocalAws;
  let events: EventBridgeClient;
  let sqs: SQSClient;
  let logsDir: string;

  const receive = async (queue: string, waitSeconds = 5): Promise<Message> => {
    const response = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: `${aws.endpoint}/000000000000/${queue}`,
        WaitTimeSeconds: waitSeconds,
        MessageAttributeNames: ['All'],
      }),
    );
    const message = response.Messages?.[0];
    if (!message) throw new Error(`nothing on ${queue}`);
    return message;
  };

  beforeAll(async () => {
    logsDir = tempDir('local-logs-');
    const throttledArn = arn('lambda', 'function:throttled');
    aws = await startTestAws({
      logsDir,
      queues: QUEUE_NAMES.map((name) => ({ name, arn: queueArn(name), visibilityTimeoutSeconds: 30, messageRetentionSeconds: 3600 })),
      functions: [
        {
          name: 'throttled',
          arn: throttledArn,
          zipPath: await writeZip({ 'index.mjs': 'export const handler = async () => "ok";' }),
          handler: 'index.handler',
          runtime: 'nodejs20.x',
          environment: {},
          timeoutSeconds: 3,
          memoryMb: 128,
          reservedConcurrency: 0,
        },
      ],
      buses: [busConfig(throttledArn)],
    });
    events = new EventBridgeClient(clientConfig(aws.endpoint));
    sqs = new SQSClient(clientConfig(aws.endpoint));
  });

  afterAll(async () => {
    events.destroy();
    sqs.destroy();
    await aws.stop();
  });

  it('validates the number of entries', async () => {
    const entry = { Source: 'test.app', DetailType: 't', Detail: '{}', EventBusName: BUS };
    await expect(events.send(new PutEventsCommand({ Entries: Array.from({ length: 11 }, () => entry) }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('Member must have length less than or equal to 10'),
    });
    await expect(events.send(new PutEventsCommand({ Entries: [] }))).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('rejects a request whose entries exceed 256 KB', async () => {
    const big = JSON.stringify({ data: 'x'.repeat(140_000) });
    const entry = { Source: 'test.size', DetailType: 'big', Detail: big, EventBusName: BUS };
    await expect(events.send(new PutEventsCommand({ Entries: [entry, entry] }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Total size of the entries in the request is over the limit.',
    });
  });

  it('reports per-entry errors and counts failed entries', async () => {
    const result = await events.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'test.app', DetailType: 'ok', Detail: '{"a":1}', EventBusName: BUS },
          { DetailType: 'no-source', Detail: '{}', EventBusName: BUS },
          { Source: 'test.app', Detail: '{}', EventBusName: BUS },
          { Source: 'test.app', DetailType: 'no-detail', EventBusName: BUS },
          { Source: 'test.app', DetailType: 'bad', Detail: '{not json', EventBusName: BUS },
          { Source: 'test.app', DetailType: 'ok', Detail: '{}', EventBusName: 'no-such-bus' },
        ],
      }),
    );
    expect(result.FailedEntryCount).toBe(5);
    expect(result.Entries?.[0].EventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(result.Entries?.slice(1).map((entry) => entry.ErrorCode)).toEqual([
      'InvalidArgument',
      'InvalidArgument',
      'InvalidArgument',
      'MalformedDetail',
      'ResourceNotFoundException',
    ]);
    expect(result.Entries?.[1].ErrorMessage).toBe('Parameter Source is not valid. Reason: Source is a required argument.');
    expect(result.Entries?.[4].ErrorMessage).toBe('Detail is malformed.');
    await receive('delivered'); // the valid entry
  });

  it('delivers the event envelope exactly as EventBridge does', async () => {
    const time = new Date('2024-05-01T12:34:56.789Z');
    const result = await events.send(
      new PutEventsCommand({
        Entries: [{ Source: 'test.app', DetailType: 'order.placed', Detail: '{"order":7}', Resources: ['arn:x'], Time: time, EventBusName: BUS_ARN }],
      }),
    );
    const message = await receive('delivered');
    const envelope = JSON.parse(message.Body ?? '{}');
    expect(Object.keys(envelope)).toEqual(['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail']);
    expect(envelope).toEqual({
      version: '0',
      id: result.Entries?.[0].EventId,
      'detail-type': 'order.placed',
      source: 'test.app',
      account: '000000000000',
      time: '2024-05-01T12:34:56Z',
      region: 'us-east-1',
      resources: ['arn:x'],
      detail: { order: 7 },
    });
  });

  it('applies InputTransformer, InputPath and Input', async () => {
    await events.send(
      new PutEventsCommand({ Entries: [{ Source: 'game', DetailType: 'transform', Detail: '{"player":"ash","level":12}', EventBusName: BUS }] }),
    );
    expect(JSON.parse((await receive('transformed')).Body ?? '')).toEqual({ who: 'ash', level: 12, from: 'game', rule: 'transform' });
    expect(JSON.parse((await receive('input-path')).Body ?? '')).toEqual({ player: 'ash', level: 12 });
    expect((await receive('constant')).Body).toBe('{"fixed":true}');
  });

  it('retries a throttled Lambda target, then writes the event to its DLQ with the error attributes', async () => {
    const before = { ...aws.services.events.counters };
    const result = await events.send(new PutEventsCommand({ Entries: [{ Source: 'test.retry', DetailType: 'throttle', Detail: '{"n":1}', EventBusName: BUS }] }));
    const message = await receive('dlq');
    const attributes = Object.fromEntries(Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, value.StringValue]));
    expect(attributes).toMatchObject({
      RULE_ARN: ruleArn('throttled'),
      TARGET_ARN: arn('lambda', 'function:throttled'),
      ERROR_CODE: 'THROTTLING',
      RETRY_ATTEMPTS: '2',
      EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttempts',
    });
    expect(attributes.ERROR_MESSAGE).toContain('Rate Exceeded.');
    const body = JSON.parse(message.Body ?? '{}');
    expect(body).toMatchObject({ id: result.Entries?.[0].EventId, 'detail-type': 'throttle', detail: { n: 1 } });
    const counters = aws.services.events.counters;
    expect(counters.retried - before.retried).toBe(2);
    expect(counters.sentToDlq - before.sentToDlq).toBe(1);
    expect(counters.failedInvocations - before.failedInvocations).toBe(3);
  });

  it('sends events for a missing target straight to the DLQ without retries', async () => {
    await events.send(new PutEventsCommand({ Entries: [{ Source: 'test.missing', DetailType: 'missing', Detail: '{}', EventBusName: BUS }] }));
    const message = await receive('dlq');
    expect(message.MessageAttributes?.ERROR_CODE?.StringValue).toBe('NO_RESOURCE');
    expect(message.MessageAttributes?.RETRY_ATTEMPTS?.StringValue).toBe('0');
    expect(message.MessageAttributes?.EXHAUSTED_RETRY_CONDITION).toBeUndefined();
  });

  it('drops and counts events that fail without a DLQ', async () => {
    const before = aws.services.events.counters.dropped;
    await events.send(new PutEventsCommand({ Entries: [{ Source: 'test.drop', DetailType: 'drop', Detail: '{}', EventBusName: BUS }] }));
    await aws.settled();
    expect(aws.services.events.counters.dropped - before).toBe(1);
    expect(aws.services.events.delivery.failures.at(-1)).toMatchObject({ outcome: 'dropped', errorCode: 'THROTTLING', retryAttempts: 1 });
  });

  it('writes one JSON line per event to the log group file', async () => {
    const result = await events.send(new PutEventsCommand({ Entries: [{ Source: 'test.logs', DetailType: 'logged', Detail: '{"x":1}', EventBusName: BUS }] }));
    const file = `${logsDir}/aws_events_fakemon-debug.log`;
    const line = await eventually(() => {
      if (!fs.existsSync(file)) return undefined;
      return fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .find((candidate) => candidate.includes(result.Entries?.[0].EventId ?? '?'));
    });
    expect(JSON.parse(line)).toMatchObject({ source: 'test.logs', 'detail-type': 'logged', detail: { x: 1 } });
  });

  it('archives events and replays them with replay-name to the selected rules', async () => {
    const start = new Date(aws.clock.now().getTime() - 60_000);
    const put = await events.send(new PutEventsCommand({ Entries: [{ Source: 'test.replay', DetailType: 'replayable', Detail: '{"r":1}', EventBusName: BUS }] }));
    const original = JSON.parse((await receive('replayed')).Body ?? '{}');
    expect(original['replay-name']).toBeUndefined();

    const archive = await events.send(new DescribeArchiveCommand({ ArchiveName: 'fakemon-archive' }));
    expect(archive).toMatchObject({ ArchiveName: 'fakemon-archive', EventSourceArn: BUS_ARN, State: 'ENABLED', RetentionDays: 7 });
    expect(archive.EventCount).toBeGreaterThan(0);
    expect(archive.SizeBytes).toBeGreaterThan(0);
    expect((await events.send(new ListArchivesCommand({ NamePrefix: 'fakemon' }))).Archives?.[0].ArchiveName).toBe('fakemon-archive');

    const end = new Date(aws.clock.now().getTime() + 1000);
    const started = await events.send(
      new StartReplayCommand({
        ReplayName: 'replay-1',
        EventSourceArn: arn('events', 'archive/fakemon-archive'),
        EventStartTime: start,
        EventEndTime: end,
        Destination: { Arn: BUS_ARN, FilterArns: [ruleArn('replayable')] },
      }),
    );
    expect(started.State).toBe('STARTING');
    const replayed = JSON.parse((await receive('replayed')).Body ?? '{}');
    expect(replayed).toMatchObject({ id: put.Entries?.[0].EventId, 'replay-name': 'replay-1', detail: { r: 1 } });

    const described = await eventually(async () => {
      const response = await events.send(new DescribeReplayCommand({ ReplayName: 'replay-1' }));
      return response.State === 'COMPLETED' ? response : undefined;
    });
    expect(described.EventLastReplayedTime).toBeInstanceOf(Date);
    expect(described.ReplayEndTime).toBeInstanceOf(Date);
    expect((await events.send(new ListReplaysCommand({}))).Replays?.map((replay) => replay.ReplayName)).toEqual(['replay-1']);
    await expect(events.send(new CancelReplayCommand({ ReplayName: 'replay-1' }))).rejects.toMatchObject({ name: 'IllegalStatusException' });
    await expect(
      events.send(
        new StartReplayCommand({
          ReplayName: 'replay-1',
          EventSourceArn: arn('events', 'archive/fakemon-archive'),
          EventStartTime: start,
          EventEndTime: end,
          Destination: { Arn: BUS_ARN },
        }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceAlreadyExistsException' });
    await expect(
      events.send(
        new StartReplayCommand({
          ReplayName: 'replay-2',
          EventSourceArn: arn('events', 'archive/fakemon-archive'),
          EventStartTime: end,
          EventEndTime: start,
          Destination: { Arn: BUS_ARN },
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('tests event patterns', async () => {
    const event = JSON.stringify({
      id: '1',
      account: '000000000000',
      source: 'fakemon.world',
      time: '2024-01-01T00:00:00Z',
      region: 'us-east-1',
      resources: [],
      'detail-type': 'fakemon.spawned',
      detail: { species: 'pikachu' },
    });
    const yes = await events.send(new TestEventPatternCommand({ EventPattern: '{"detail":{"species":["pikachu"]}}', Event: event }));
    const no = await events.send(new TestEventPatternCommand({ EventPattern: '{"source":["other"]}', Event: event }));
    expect([yes.Result, no.Result]).toEqual([true, false]);
    await expect(events.send(new TestEventPatternCommand({ EventPattern: '{"source":"not-an-array"}', Event: event }))).rejects.toMatchObject({
      name: 'InvalidEventPatternException',
    });
  });

  it('lists and describes rules, targets and buses', async () => {
    const rules = await events.send(new ListRulesCommand({ EventBusName: BUS, NamePrefix: 't' }));
    expect(rules.Rules?.map((rule) => rule.Name)).toEqual(['throttled', 'to-queue', 'transform']);
    const described = await events.send(new DescribeRuleCommand({ Name: 'transform', EventBusName: BUS }));
    expect(described).toMatchObject({
      Name: 'transform',
      Arn: ruleArn('transform'),
      State: 'ENABLED',
      EventBusName: BUS,
      Description: 'shapes inputs',
      EventPattern: '{"detail-type":["transform"]}',
    });
    const targets = await events.send(new ListTargetsByRuleCommand({ Rule: 'throttled', EventBusName: BUS }));
    expect(targets.Targets?.[0]).toMatchObject({
      Id: 'lambda',
      Arn: arn('lambda', 'function:throttled'),
      RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
      DeadLetterConfig: { Arn: queueArn('dlq') },
    });
    const bus = await events.send(new DescribeEventBusCommand({ Name: BUS }));
    expect(bus).toMatchObject({ Name: BUS, Arn: BUS_ARN });
    await expect(events.send(new DescribeRuleCommand({ Name: 'nope', EventBusName: BUS }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: `Rule nope does not exist on EventBus ${BUS}.`,
    });
    await expect(events.send(new DescribeEventBusCommand({ Name: 'nope' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('does not deliver to disabled rules', async () => {
    const before = aws.services.events.counters.matched;
    await events.send(new PutEventsCommand({ Entries: [{ Source: 'test.app', DetailType: 'x', Detail: '{}', EventBusName: BUS }] }));
    await receive('delivered');
    await aws.settled();
    // to-queue and debug match; the disabled rule with the same pattern does not.
    expect(aws.services.events.counters.matched - before).toBe(2);
  });
});

describe('rules created through the API with a data directory', () => {
  const bus = (rules: LocalBusConfig['rules'] = []): LocalBusConfig => ({ name: BUS, arn: BUS_ARN, rules, archives: [] });
  const queues = [{ name: 'kept', arn: queueArn('kept'), visibilityTimeoutSeconds: 30, messageRetentionSeconds: 3600 }];

  it('keeps them, with their targets, across a restart; rules of the stack come from the stack again', async () => {
    const dataDir = tempDir();
    const stackRule = { name: 'from-stack', arn: ruleArn('from-stack'), eventPattern: { source: ['stack'] }, state: 'ENABLED', targets: [] };
    const first = await startTestAws({ dataDir, queues, buses: [bus([stackRule])] });
    const client = new EventBridgeClient(clientConfig(first.endpoint));
    await client.send(new PutRuleCommand({ Name: 'from-api', EventBusName: BUS, EventPattern: '{"source":["api"]}' }));
    await client.send(new PutTargetsCommand({ Rule: 'from-api', EventBusName: BUS, Targets: [{ Id: 'kept', Arn: queueArn('kept'), InputPath: '$.detail' }] }));
    // A change to the stack's rule lasts until the stack is started again (like drift until the next apply).
    await client.send(new PutRuleCommand({ Name: 'from-stack', EventBusName: BUS, EventPattern: '{"source":["changed"]}' }));
    client.destroy();
    await first.stop();

    const second = await startTestAws({ dataDir, queues, buses: [bus([stackRule])] });
    const again = new EventBridgeClient(clientConfig(second.endpoint));
    const sqs = new SQSClient(clientConfig(second.endpoint));
    try {
      expect((await again.send(new ListTargetsByRuleCommand({ Rule: 'from-api', EventBusName: BUS }))).Targets).toEqual([
        { Id: 'kept', Arn: queueArn('kept'), InputPath: '$.detail' },
      ]);
      expect((await again.send(new DescribeRuleCommand({ Name: 'from-stack', EventBusName: BUS }))).EventPattern).toBe('{"source":["stack"]}');
      await again.send(new PutEventsCommand({ Entries: [{ Source: 'api', DetailType: 'kept', Detail: '{"survived":true}', EventBusName: BUS }] }));
      await second.settled();
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: `${second.endpoint}/000000000000/kept` }));
      expect(Messages.map((message) => JSON.parse(message.Body as string))).toEqual([{ survived: true }]);
    } finally {
      again.destroy();
      sqs.destroy();
      await second.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
