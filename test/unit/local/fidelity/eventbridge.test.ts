/**
 * The EventBridge API edge against AWS, with the real EventBridge and SQS clients. Each case cites its source
 * above it (./support.ts lists the RECORDED files).
 */
import {
  DeleteRuleCommand,
  DescribeArchiveCommand,
  DescribeReplayCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  EventBridgeClient,
  ListArchivesCommand,
  ListReplaysCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  StartReplayCommand,
  TestEventPatternCommand,
  type PutEventsRequestEntry,
  type Target,
} from '@aws-sdk/client-eventbridge';
import { ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import type { LocalAws } from '../../../../local/aws';
import { arn, clientConfig, eventually, startTestAws } from '../support';
import { failure } from './support';

const PATTERN = { source: ['core.update-account-command'], 'detail-type': ['core.update-account-command'], detail: { command: ['update-account'] } };
const DETAIL = '{"command": "update-account", "payload": {"acc_id": "0a787ecb-4015", "sf_id": "baz"}}';
const ENTRY = { Source: 'core.update-account-command', DetailType: 'core.update-account-command', Detail: DETAIL };
const queueArn = (name: string) => arn('sqs', name);

let aws: LocalAws;
let events: EventBridgeClient;
let sqs: SQSClient;

beforeAll(async () => {
  aws = await startTestAws({
    queues: ['inbox', 'constant', 'path', 'transformed', 'dead-letters'].map((name) => ({
      name,
      arn: queueArn(name),
      visibilityTimeoutSeconds: 30,
      messageRetentionSeconds: 3600,
    })),
    buses: [
      {
        name: 'orders',
        arn: arn('events', 'event-bus/orders'),
        rules: [],
        archives: [{ name: 'orders-archive', arn: arn('events', 'archive/orders-archive'), retentionDays: 1, eventPattern: PATTERN }],
      },
      { name: 'other', arn: arn('events', 'event-bus/other'), rules: [], archives: [] },
    ],
  });
  events = new EventBridgeClient(clientConfig(aws.endpoint));
  sqs = new SQSClient(clientConfig(aws.endpoint));
});
afterAll(async () => {
  events.destroy();
  sqs.destroy();
  await aws.stop();
});

async function drain(queue: string): Promise<Message[]> {
  const url = `${aws.endpoint}/000000000000/${queue}`;
  return (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }))).Messages ?? [];
}

describe('TestEventPattern', () => {
  // RECORDED.eventPatterns test_event_pattern_source: an event without "resources" is tested (Result true, and false for another source).
  // https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_TestEventPattern.html lists resources among the mandatory fields; AWS does
  // not enforce it.
  it('does not require resources', async () => {
    const event = JSON.stringify({ id: '1', source: 'order', 'detail-type': 'Test', account: '000000000000', region: 'us-east-1', time: '2024-05-01T12:00:00Z' });
    expect((await events.send(new TestEventPatternCommand({ Event: event, EventPattern: '{"source":["order"],"detail-type":["Test"]}' }))).Result).toBe(true);
    expect((await events.send(new TestEventPatternCommand({ Event: event, EventPattern: '{"source":["shipment"],"detail-type":["Test"]}' }))).Result).toBe(false);
  });

  // RECORDED.eventPatterns test_invalid_json_event_pattern[*]: Jackson's message and source location.
  it.each([
    [
      'this is valid json but not a dict',
      "Unrecognized token 'this': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n at [Source: (String)\"this is valid json but not a dict\"; line: 1, column: 5]",
    ],
    ["{'bad': 'quotation'}", "Unexpected character (''' (code 39)): was expecting double-quote to start field name\n at [Source: (String)\"{'bad': 'quotation'}\"; line: 1, column: 2]"],
    [
      '{"not": closed mark"',
      "Unrecognized token 'closed': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n at [Source: (String)\"{\"not\": closed mark\"\"; line: 1, column: 15]",
    ],
    ['["not", "a", "dict", "but valid json"]', 'Filter is not an object\n at [Source: (String)"["not", "a", "dict", "but valid json"]"; line: 1, column: 2]'],
  ])('refuses the pattern %j with AWS text', async (pattern, reason) => {
    const event = '{"id": "1", "source": "test-source", "detail-type": "test-detail-type", "account": "123456789012", "region": "us-east-2", "time": "2022-07-13T13:48:01Z", "detail": {"test": "test"}}';
    const error = await failure(events.send(new TestEventPatternCommand({ Event: event, EventPattern: pattern })));
    expect(error).toMatchObject({ name: 'InvalidEventPatternException', $metadata: { httpStatusCode: 400 } });
    expect(error.message).toBe(`Event pattern is not valid. Reason: ${reason}`);
  });

  // RECORDED.eventPatterns test_plain_string_payload.
  it('refuses an event that is not a JSON object', async () => {
    const error = await failure(events.send(new TestEventPatternCommand({ Event: 'plain string', EventPattern: '{"body": {"test2": [{"numeric": [">", 100]}]}}' })));
    expect(error).toMatchObject({ name: 'ValidationException', message: 'Parameter Event is not valid.' });
  });
});

describe('PutEvents', () => {
  // https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html — Entries: "Maximum number of 10 items";
  // text: RECORDED.events test_put_events_exceed_limit_ten_entries[custom] (each entry printed as the service's Java model prints it).
  it('refuses 11 entries with the text AWS sends', async () => {
    const entries: PutEventsRequestEntry[] = Array.from({ length: 11 }, () => ({ ...ENTRY, EventBusName: 'orders' }));
    const error = await failure(events.send(new PutEventsCommand({ Entries: entries })));
    const printed = `PutEventsRequestEntry(time=null, source=core.update-account-command, resources=null, detailType=core.update-account-command, detail=${DETAIL}, eventBusName=orders, traceHeader=null, kmsKeyIdentifier=null, internalMetadata=null)`;
    expect(error).toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    expect(error.message).toBe(`1 validation error detected: Value '[${Array(11).fill(printed).join(', ')}]' at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10`);
  });

  // RECORDED.events test_put_event_malformed_detail[*].
  it.each([['a string', '"string"'], ['an array', '["a"]'], ['malformed JSON', '{"a": ']])('fails an entry whose Detail is %s', async (_label, detail) => {
    const result = await events.send(new PutEventsCommand({ Entries: [{ ...ENTRY, Detail: detail }] }));
    expect(result).toMatchObject({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' }] });
  });
});

describe('archives and replays', () => {
  // RECORDED.archives test_list_archive_error_unknown_source_arn.
  it('ListArchives on a bus that does not exist answers ResourceNotFoundException', async () => {
    const error = await failure(events.send(new ListArchivesCommand({ EventSourceArn: arn('events', 'event-bus/doesnotexist') })));
    expect(error).toMatchObject({ name: 'ResourceNotFoundException', message: 'Event bus doesnotexist does not exist.', $metadata: { httpStatusCode: 400 } });
  });

  // https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DescribeArchive.html — SizeBytes: "The size of the archive, in bytes"; the
  // value: RECORDED.archives test_list_archive_with_events[True-custom] — 10 of these events make EventCount 10 and SizeBytes 1590.
  it('counts archive SizeBytes as AWS does', async () => {
    await events.send(new PutEventsCommand({ Entries: Array.from({ length: 10 }, () => ({ ...ENTRY, EventBusName: 'orders' })) }));
    const archive = await events.send(new DescribeArchiveCommand({ ArchiveName: 'orders-archive' }));
    expect(archive).toMatchObject({ EventCount: 10, SizeBytes: 1590 });
    const [listed] = (await events.send(new ListArchivesCommand({ EventSourceArn: arn('events', 'event-bus/orders') }))).Archives ?? [];
    expect(listed).toMatchObject({ ArchiveName: 'orders-archive', EventCount: 10, SizeBytes: 1590, State: 'ENABLED' });
  });

  const window = () => ({ EventStartTime: new Date(Date.now() - 3_600_000), EventEndTime: new Date(Date.now() + 60_000) });

  // RECORDED.archives test_start_replay_error_unknown_archive.
  it('StartReplay of an archive that does not exist is a ValidationException', async () => {
    const error = await failure(
      events.send(new StartReplayCommand({ ReplayName: 'r-missing-archive', EventSourceArn: arn('events', 'archive/doesnotexist'), Destination: { Arn: arn('events', 'event-bus/orders') }, ...window() })),
    );
    expect(error).toMatchObject({ name: 'ValidationException', message: 'Parameter EventSourceArn is not valid. Reason: Archive doesnotexist does not exist.' });
  });

  // RECORDED.archives test_start_replay_error_unknown_event_bus: a destination bus that does not exist is reported as such; an existing
  // other bus as a cross-bus replay.
  it('StartReplay checks that the destination bus exists before it checks that it is the archive bus', async () => {
    const input = (destination: string) => new StartReplayCommand({ ReplayName: 'r-destination', EventSourceArn: arn('events', 'archive/orders-archive'), Destination: { Arn: destination }, ...window() });
    expect(await failure(events.send(input(arn('events', 'event-bus/doesnotexist'))))).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Event bus doesnotexist does not exist.',
    });
    expect(await failure(events.send(input(arn('events', 'event-bus/other'))))).toMatchObject({
      name: 'ValidationException',
      message: 'Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.',
    });
  });

  // RECORDED.archives test_start_replay_error_invalid_end_time[0]: with a wrong destination too, the time range is reported first.
  it('StartReplay checks the time range before the destination', async () => {
    const start = new Date(Date.now() - 500);
    const error = await failure(
      events.send(
        new StartReplayCommand({ ReplayName: 'r-times', EventSourceArn: arn('events', 'archive/orders-archive'), Destination: { Arn: arn('events', 'event-bus/other') }, EventStartTime: start, EventEndTime: new Date(start.getTime() - 10_000) }),
      ),
    );
    expect(error).toMatchObject({ name: 'ValidationException', message: 'Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime.' });
  });

  // RECORDED.archives test_start_list_describe_canceled_replay[custom] and test_list_replays_with_prefix: a COMPLETED replay has no StateReason.
  it('a completed replay carries no StateReason', async () => {
    await events.send(new StartReplayCommand({ ReplayName: 'r-complete', EventSourceArn: arn('events', 'archive/orders-archive'), Destination: { Arn: arn('events', 'event-bus/orders') }, ...window() }));
    const replay = await eventually(async () => {
      const described = await events.send(new DescribeReplayCommand({ ReplayName: 'r-complete' }));
      return described.State === 'COMPLETED' ? described : undefined;
    });
    expect(replay.StateReason).toBeUndefined();
    const [listed] = (await events.send(new ListReplaysCommand({ NamePrefix: 'r-complete' }))).Replays ?? [];
    expect(listed).toMatchObject({ ReplayName: 'r-complete', State: 'COMPLETED' });
    expect(listed.StateReason).toBeUndefined();
  });
});

describe('rules and targets through the API', () => {
  // RECORDED.events test_put_list_with_prefix_describe_delete_rule[default] and [custom]: the ARNs and the ListRules / DescribeRule shapes.
  it('creates rules on the default and a custom bus, and lists and describes them as AWS does', async () => {
    expect((await events.send(new PutRuleCommand({ Name: 'api-default', EventPattern: JSON.stringify(PATTERN) }))).RuleArn).toBe(arn('events', 'rule/api-default'));
    expect((await events.send(new PutRuleCommand({ Name: 'api-custom', EventBusName: 'orders', EventPattern: JSON.stringify(PATTERN) }))).RuleArn).toBe(
      arn('events', 'rule/orders/api-custom'),
    );
    expect((await events.send(new ListRulesCommand({ NamePrefix: 'api-custom', EventBusName: 'orders' }))).Rules).toEqual([
      { Arn: arn('events', 'rule/orders/api-custom'), EventBusName: 'orders', EventPattern: JSON.stringify(PATTERN), Name: 'api-custom', State: 'ENABLED' },
    ]);
    const described = await events.send(new DescribeRuleCommand({ Name: 'api-custom', EventBusName: 'orders' }));
    expect(described).toMatchObject({ Arn: arn('events', 'rule/orders/api-custom'), CreatedBy: '000000000000', EventBusName: 'orders', Name: 'api-custom', State: 'ENABLED' });
    expect(JSON.parse(described.EventPattern as string)).toEqual(PATTERN);
  });

  // https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html — "A rule must contain at least an EventPattern or
  // ScheduleExpression"; the text AWS answers: github.com/awsdocs/aws-cloudformation-user-guide/pull/456.
  it('refuses a rule with neither pattern nor schedule', async () => {
    expect(await failure(events.send(new PutRuleCommand({ Name: 'api-empty' })))).toMatchObject({
      name: 'ValidationException',
      message: 'Parameter(s) EventPattern or ScheduleExpression must be specified.',
    });
  });

  // RECORDED.events test_describe_nonexistent_rule.
  it('describes a missing rule as AWS does', async () => {
    expect(await failure(events.send(new DescribeRuleCommand({ Name: 'doesnotexist' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Rule doesnotexist does not exist on EventBus default.',
    });
  });

  // RECORDED.events test_put_target_id_validation.
  it.each([
    ['an id with invalid characters', '!@#$@!#$', "Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+"],
    ['an id over 64 characters', 'x'.repeat(65), 'Member must have length less than or equal to 64'],
  ])('refuses a target with %s', async (_label, id, constraint) => {
    await events.send(new PutRuleCommand({ Name: 'api-ids', EventPattern: JSON.stringify(PATTERN) }));
    const error = await failure(events.send(new PutTargetsCommand({ Rule: 'api-ids', Targets: [{ Id: id, Arn: queueArn('inbox') }] })));
    expect(error).toMatchObject({ name: 'ValidationException', message: `1 validation error detected: Value '${id}' at 'targets.1.member.id' failed to satisfy constraint: ${constraint}` });
  });

  // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html — "Targets per rule: 5"; error: RECORDED.events test_add_exceed_fife_targets_per_rule.
  it('refuses a sixth target', async () => {
    await events.send(new PutRuleCommand({ Name: 'api-five', EventPattern: JSON.stringify(PATTERN) }));
    const five: Target[] = Array.from({ length: 5 }, (_, i) => ({ Id: `t${i}`, Arn: queueArn('inbox') }));
    await events.send(new PutTargetsCommand({ Rule: 'api-five', Targets: five }));
    await events.send(new PutTargetsCommand({ Rule: 'api-five', Targets: [{ Id: 't0', Arn: queueArn('constant') }] }));
    expect(await failure(events.send(new PutTargetsCommand({ Rule: 'api-five', Targets: [{ Id: 't5', Arn: queueArn('inbox') }] })))).toMatchObject({
      name: 'LimitExceededException',
      message: 'The requested resource exceeds the maximum number allowed.',
    });
    await events.send(new DeleteRuleCommand({ Name: 'api-five', Force: true }));
  });

  // RECORDED.eventInputs test_put_event_input_path_and_input_transformer and test_put_events_with_input_transformer_missing_keys.
  it('refuses two input kinds on one target and a template placeholder without a path', async () => {
    await events.send(new PutRuleCommand({ Name: 'api-inputs', EventPattern: JSON.stringify(PATTERN) }));
    const both = await failure(
      events.send(new PutTargetsCommand({ Rule: 'api-inputs', Targets: [{ Id: 'both', Arn: queueArn('inbox'), InputPath: '$.detail', InputTransformer: { InputTemplate: '"x"' } }] })),
    );
    expect(both).toMatchObject({ name: 'ValidationException', message: 'Only one of Input, InputPath, or InputTransformer must be provided for target both.' });
    const missing = await failure(
      events.send(
        new PutTargetsCommand({
          Rule: 'api-inputs',
          Targets: [
            {
              Id: 'tpl',
              Arn: queueArn('inbox'),
              InputTransformer: { InputPathsMap: { 'detail-type': '$.detail-type' }, InputTemplate: '"Event of <detail-type> type, with not defined key <notdefinedkey>"' },
            },
          ],
        }),
      ),
    );
    expect(missing).toMatchObject({ name: 'ValidationException', message: 'InputTemplate for target tpl contains invalid placeholder notdefinedkey.' });
  });

  // RECORDED.events test_put_list_remove_target[default], test_update_rule_with_targets and test_delete_rule_with_targets.
  it('lists targets as they were given, keeps them when the rule is updated, and deletes a rule only without targets', async () => {
    await events.send(new PutRuleCommand({ Name: 'api-life', EventPattern: JSON.stringify(PATTERN) }));
    expect(await events.send(new PutTargetsCommand({ Rule: 'api-life', Targets: [{ Id: 'queue', Arn: queueArn('inbox') }] }))).toMatchObject({ FailedEntryCount: 0, FailedEntries: [] });
    expect((await events.send(new ListTargetsByRuleCommand({ Rule: 'api-life' }))).Targets).toEqual([{ Id: 'queue', Arn: queueArn('inbox') }]);
    await events.send(new PutRuleCommand({ Name: 'api-life', EventPattern: JSON.stringify({ source: ['other'] }) }));
    expect((await events.send(new ListTargetsByRuleCommand({ Rule: 'api-life' }))).Targets).toEqual([{ Id: 'queue', Arn: queueArn('inbox') }]);
    expect(await failure(events.send(new DeleteRuleCommand({ Name: 'api-life' })))).toMatchObject({ name: 'ValidationException', message: "Rule can't be deleted since it has targets." });
    expect(await events.send(new RemoveTargetsCommand({ Rule: 'api-life', Ids: ['queue'] }))).toMatchObject({ FailedEntryCount: 0, FailedEntries: [] });
    expect((await events.send(new ListTargetsByRuleCommand({ Rule: 'api-life' }))).Targets).toEqual([]);
    await events.send(new DeleteRuleCommand({ Name: 'api-life' }));
    expect((await events.send(new ListRulesCommand({ NamePrefix: 'api-life' }))).Rules).toEqual([]);
  });

  // https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutTargets.html — Input ("Valid JSON text passed to the target"),
  // InputPath ("The value of the JSONPath that is used for extracting part of the matched event"), InputTransformer; and
  // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html for the template.
  it('routes matching events to API targets with their Input, InputPath and InputTransformer', async () => {
    await events.send(new PutRuleCommand({ Name: 'api-route', EventBusName: 'orders', EventPattern: JSON.stringify(PATTERN) }));
    await events.send(
      new PutTargetsCommand({
        Rule: 'api-route',
        EventBusName: 'orders',
        Targets: [
          { Id: 'constant', Arn: queueArn('constant'), Input: '{"fixed":true}' },
          { Id: 'path', Arn: queueArn('path'), InputPath: '$.detail.payload' },
          { Id: 'transformed', Arn: queueArn('transformed'), InputTransformer: { InputPathsMap: { acc: '$.detail.payload.acc_id' }, InputTemplate: '{"account": <acc>, "rule": "<aws.events.rule-name>"}' } },
        ],
      }),
    );
    await events.send(new PutEventsCommand({ Entries: [{ ...ENTRY, EventBusName: 'orders' }, { ...ENTRY, Source: 'elsewhere', EventBusName: 'orders' }] }));
    await aws.settled();
    expect((await drain('constant')).map((m) => JSON.parse(m.Body as string))).toEqual([{ fixed: true }]);
    expect((await drain('path')).map((m) => JSON.parse(m.Body as string))).toEqual([{ acc_id: '0a787ecb-4015', sf_id: 'baz' }]);
    expect((await drain('transformed')).map((m) => JSON.parse(m.Body as string))).toEqual([{ account: '0a787ecb-4015', rule: 'api-route' }]);
    await events.send(new RemoveTargetsCommand({ Rule: 'api-route', EventBusName: 'orders', Ids: ['constant', 'path', 'transformed'] }));
  });

  // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html — a failed delivery goes to the target's DLQ with RULE_ARN,
  // TARGET_ARN, ERROR_CODE and ERROR_MESSAGE attributes once the RetryPolicy is spent.
  it('sends what an API target cannot take to its dead-letter queue, after its retry policy', async () => {
    await events.send(new PutRuleCommand({ Name: 'api-dlq', EventBusName: 'orders', EventPattern: JSON.stringify(PATTERN) }));
    await events.send(
      new PutTargetsCommand({
        Rule: 'api-dlq',
        EventBusName: 'orders',
        Targets: [{ Id: 'gone', Arn: arn('lambda', 'function:gone'), RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 }, DeadLetterConfig: { Arn: queueArn('dead-letters') } }],
      }),
    );
    await events.send(new PutEventsCommand({ Entries: [{ ...ENTRY, EventBusName: 'orders' }] }));
    await aws.settled();
    const [dead] = await drain('dead-letters');
    expect(JSON.parse(dead.Body as string)).toMatchObject({ source: 'core.update-account-command', detail: JSON.parse(DETAIL) });
    expect(dead.MessageAttributes).toMatchObject({
      RULE_ARN: { StringValue: arn('events', 'rule/orders/api-dlq') },
      TARGET_ARN: { StringValue: arn('lambda', 'function:gone') },
      ERROR_CODE: { StringValue: 'NO_RESOURCE' },
      RETRY_ATTEMPTS: { StringValue: '0' },
    });
    await events.send(new RemoveTargetsCommand({ Rule: 'api-dlq', EventBusName: 'orders', Ids: ['gone'] }));
  });

  // https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DisableRule.html — "When you disable a rule, incoming events might continue to
  // match to the disabled rule" for a short time; then it matches none. States: RECORDED.events test_disable_re_enable_rule[default].
  it('a disabled rule routes nothing until it is enabled again', async () => {
    await events.send(new PutRuleCommand({ Name: 'api-toggle', EventPattern: JSON.stringify(PATTERN) }));
    await events.send(new PutTargetsCommand({ Rule: 'api-toggle', Targets: [{ Id: 'queue', Arn: queueArn('inbox') }] }));
    await events.send(new DisableRuleCommand({ Name: 'api-toggle' }));
    expect((await events.send(new DescribeRuleCommand({ Name: 'api-toggle' }))).State).toBe('DISABLED');
    await events.send(new PutEventsCommand({ Entries: [ENTRY] }));
    await aws.settled();
    expect(await drain('inbox')).toEqual([]);
    await events.send(new EnableRuleCommand({ Name: 'api-toggle' }));
    expect((await events.send(new DescribeRuleCommand({ Name: 'api-toggle' }))).State).toBe('ENABLED');
    await events.send(new PutEventsCommand({ Entries: [ENTRY] }));
    await aws.settled();
    expect(await drain('inbox')).toHaveLength(1);
  });
});
