import { TerraformStack, Testing } from 'cdktf';
import { AlarmTopic, OperationalAlarms } from '../../../modules/observability';

const thresholds = { dlqVisibleMessages: 1, lambdaErrors: 5, lambdaThrottles: 5, failedInvocations: 1, api5xx: 5, ingestionToInvocationP99Ms: 1000 };
const topicProps = { topicName: 'fakemon-x-alarms', accountId: '123456789012', region: 'eu-west-1', alarmNamePrefix: 'fakemon-x', kmsKeyId: 'alias/fakemon-bootstrap-alarm-topics' };

describe('AlarmTopic', () => {
  it.each(['alias/aws/sns', 'arn:aws:kms:eu-west-1:123456789012:alias/aws/sns'])('refuses the AWS-managed key %s, which CloudWatch cannot use', (kmsKeyId) => {
    expect(() => new AlarmTopic(new TerraformStack(Testing.app(), 't'), 'topic', { ...topicProps, kmsKeyId })).toThrow(
      'AlarmTopic "fakemon-x-alarms": ' + kmsKeyId + ' is an AWS-managed key, which CloudWatch cannot use; give a customer-managed key',
    );
  });

  it('lets only this account’s alarms with the environment prefix publish', () => {
    const stack = new TerraformStack(Testing.app(), 't');
    new AlarmTopic(stack, 'topic', topicProps);
    const { resource } = JSON.parse(Testing.synth(stack));
    expect(Object.values(resource.aws_sns_topic)[0]).toMatchObject({ kms_master_key_id: 'alias/fakemon-bootstrap-alarm-topics' });
    const [statement] = JSON.parse(String((Object.values(resource.aws_sns_topic_policy)[0] as { policy: string }).policy)).Statement;
    expect(statement).toMatchObject({
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' }, ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:fakemon-x-*' } },
    });
  });
});

describe('OperationalAlarms', () => {
  const build = (functionNames: string[], more: Array<{ name: string; ruleNames: string[]; deadLetterQueueNames: string[]; functionNames: string[] }> = []) => {
    const stack = new TerraformStack(Testing.app(), 't');
    new OperationalAlarms(stack, 'alarms', {
      namePrefix: 'fakemon-x',
      region: 'eu-west-1',
      alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:fakemon-x-alarms',
      thresholds,
      watched: {
        busName: 'fakemon-x-bus',
        groups: [{ name: 'first', ruleNames: ['a-rule'], deadLetterQueueNames: ['fakemon-x-a-dlq'], functionNames }, ...more],
        restApi: { name: 'fakemon-x-api', stage: 'v1' },
      },
    });
    return JSON.parse(Testing.synth(stack)).resource;
  };
  const synth = (functionNames: string[]): Array<Record<string, unknown>> => Object.values(build(functionNames).aws_cloudwatch_metric_alarm);

  it('names alarms <prefix>-<what>, never repeating the prefix of what they watch', () => {
    expect(synth(['fakemon-x-capture']).map((a) => a.alarm_name).sort()).toEqual([
      'fakemon-x-a-dlq-visible',
      'fakemon-x-a-rule-failed-invocations',
      'fakemon-x-a-rule-latency-p99',
      'fakemon-x-a-rule-sent-to-dlq',
      'fakemon-x-a-rule-throttled',
      'fakemon-x-capture-errors',
      'fakemon-x-capture-throttles',
      'fakemon-x-rest-api-5xx',
    ]);
  });

  it('watches rule throttling and latency per rule of the custom bus, with both dimensions', () => {
    const latency = synth([]).find((a) => a.metric_name === 'IngestionToInvocationCompleteLatency');
    expect(latency).toMatchObject({ dimensions: { EventBusName: 'fakemon-x-bus', RuleName: 'a-rule' }, extended_statistic: 'p99', threshold: 1000 });
  });

  it('refuses two watched things that would give one alarm name', () => {
    expect(() => synth(['fakemon-x-capture', 'capture'])).toThrow('OperationalAlarms "fakemon-x": two alarms would be named fakemon-x-capture-errors');
  });

  it('draws one dashboard row per watched group (flow), leaving out widgets with nothing to show', () => {
    const resource = build(['fakemon-x-capture'], [{ name: 'second', ruleNames: [], deadLetterQueueNames: [], functionNames: ['fakemon-x-notify-customer'] }]);
    const body = JSON.parse(String((Object.values(resource.aws_cloudwatch_dashboard)[0] as { dashboard_body: string }).dashboard_body)) as {
      widgets: Array<{ x: number; y: number; properties: { title: string; metrics: unknown[][] } }>;
    };
    const titled = Object.fromEntries(body.widgets.map((w) => [w.properties.title, w]));
    expect(Object.keys(titled)).toEqual([
      'first: rule failures and DLQ sends',
      'first: Lambda errors and throttles',
      'first: dead-letter queues',
      'second: Lambda errors and throttles',
      'Rule throttling',
      'Rule p99 ingestion-to-invocation latency (ms)',
      'REST API 5xx',
    ]);
    expect(titled['second: Lambda errors and throttles']).toMatchObject({ x: 0, y: 6 });
    expect(titled['second: Lambda errors and throttles'].properties.metrics).toEqual([
      ['AWS/Lambda', 'Errors', 'FunctionName', 'fakemon-x-notify-customer', { stat: 'Sum' }],
      ['AWS/Lambda', 'Throttles', 'FunctionName', 'fakemon-x-notify-customer', { stat: 'Sum' }],
    ]);
  });
});
