import { App, TerraformStack, Testing } from 'cdktf';
import { EventBus, EVENTBRIDGE_MODULE, EventBusProps } from '../../../modules/event-bus';
import { captureRule, dlq, inbox, retryPolicy } from './fixtures';

type Json = Record<string, Record<string, Record<string, Record<string, unknown>>>>;

function synth(props: Partial<EventBusProps> = {}): Json {
  const stack = new TerraformStack(Testing.app(), 'test');
  new EventBus(stack, 'bus', {
    busName: 'fakemon-test-bus',
    roleName: 'fakemon-test-eventbridge',
    rules: {
      capture_attempt: captureRule,
      reminders: {
        description: 'to the inbox',
        eventPattern: { 'detail-type': ['cart.reminder_due'] },
        targets: [{ kind: 'sqs', name: 'inbox', queue: inbox, deadLetterQueue: dlq, retryPolicy }],
      },
      debug_all: {
        description: 'debug',
        eventPattern: { source: [{ prefix: '' }] },
        targets: [{ kind: 'log-group', name: 'debug-log', logGroup: { arn: 'arn:aws:logs:eu-west-1:111111111111:log-group:debug', name: 'debug' } }],
      },
    },
    ...props,
  });
  return JSON.parse(Testing.synth(stack)) as Json;
}

const moduleBlock = (json: Json): Record<string, unknown> => Object.values(json.module)[0] as Record<string, unknown>;

describe('EventBus', () => {
  const saved = process.env.EVENTBRIDGE_MODULE_SOURCE;
  afterEach(() => {
    if (saved === undefined) delete process.env.EVENTBRIDGE_MODULE_SOURCE;
    else process.env.EVENTBRIDGE_MODULE_SOURCE = saved;
  });

  it('references the registry module pinned to 3.17.1 when no override is set', () => {
    delete process.env.EVENTBRIDGE_MODULE_SOURCE;
    const block = moduleBlock(synth());
    expect(block.source).toBe('terraform-aws-modules/eventbridge/aws');
    expect(block.version).toBe('3.17.1');
    expect(EVENTBRIDGE_MODULE).toEqual({ source: 'terraform-aws-modules/eventbridge/aws', version: '3.17.1' });
  });

  it('points at a local directory without a version when EVENTBRIDGE_MODULE_SOURCE is set', () => {
    process.env.EVENTBRIDGE_MODULE_SOURCE = '/tmp/terraform-aws-eventbridge';
    const block = moduleBlock(synth());
    expect(block.source).toBe('/tmp/terraform-aws-eventbridge');
    expect(block).not.toHaveProperty('version');
  });

  it('grants each Lambda target an invoke permission scoped to its rule ARN', () => {
    const permissions = Object.values(synth().resource.aws_lambda_permission);
    expect(permissions).toHaveLength(1);
    expect(permissions[0]).toMatchObject({
      action: 'lambda:InvokeFunction',
      function_name: 'capture',
      principal: 'events.amazonaws.com',
      source_arn: expect.stringMatching(/^\$\{module\.bus_module_[A-F0-9]+\.eventbridge_rule_arns\.capture_attempt\}$/),
    });
  });

  it('writes one queue policy per queue, scoped to the sending rules with aws:SourceArn', () => {
    const policies = Object.values(synth().resource.aws_sqs_queue_policy) as Array<{ queue_url: string; policy: string }>;
    const byUrl = Object.fromEntries(policies.map((p) => [p.queue_url, JSON.parse(p.policy)]));
    expect(Object.keys(byUrl).sort()).toEqual([dlq.url, inbox.url].sort());
    const dlqStatement = byUrl[dlq.url].Statement[0];
    expect(dlqStatement).toMatchObject({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: dlq.arn, Principal: { Service: 'events.amazonaws.com' } });
    expect(dlqStatement.Condition.ArnEquals['aws:SourceArn']).toEqual([
      expect.stringContaining('eventbridge_rule_arns.capture_attempt'),
      expect.stringContaining('eventbridge_rule_arns.reminders'),
    ]);
    expect(byUrl[inbox.url].Statement[0].Condition.ArnEquals['aws:SourceArn']).toEqual([expect.stringContaining('eventbridge_rule_arns.reminders')]);
  });

  it('leaves log-group targets to the account-wide logs resource policy of the bootstrap stack', () => {
    expect(synth().resource.aws_cloudwatch_log_resource_policy).toBeUndefined();
  });

  it('refuses a role name already used by another bus in the app', () => {
    const app = new App();
    const stack = new TerraformStack(app, 'one');
    new EventBus(stack, 'a', { busName: 'a-bus', roleName: 'shared-role' });
    expect(() => new EventBus(new TerraformStack(app, 'two'), 'b', { busName: 'b-bus', roleName: 'shared-role' })).toThrow(
      'EventBus "b-bus": roleName "shared-role" is already used by bus "a-bus"',
    );
  });

  it('refuses the ARN of an unknown rule', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const bus = new EventBus(stack, 'bus', { busName: 'x-bus', roleName: 'x-role' });
    expect(() => bus.ruleArn('nope')).toThrow('EventBus "x-bus": no rule "nope"');
  });
});
