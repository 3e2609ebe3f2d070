import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import type { AlarmThresholds } from '../config/environment-config';

/** What the alarms watch. */
export interface WatchedResources {
  /** The bus. */
  readonly busName: string;
  /** Rule names (as created on the bus). */
  readonly ruleNames: readonly string[];
  /** Dead-letter queue names. */
  readonly deadLetterQueueNames: readonly string[];
  /** Lambda function names. */
  readonly functionNames: readonly string[];
  /** The REST API and its stage. */
  readonly restApi: { readonly name: string; readonly stage: string };
}

/** Props of {@link OperationalAlarms}. */
export interface OperationalAlarmsProps {
  /** Prefix of alarm and dashboard names. */
  readonly namePrefix: string;
  /** Region of the metrics (for the dashboard). */
  readonly region: string;
  /** ARN of the topic alarms notify. */
  readonly alarmTopicArn: string;
  /** Thresholds. */
  readonly thresholds: AlarmThresholds;
  /** What to watch. */
  readonly watched: WatchedResources;
}

interface AlarmSpec {
  readonly id: string;
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  readonly threshold: number;
  readonly statistic?: string;
  readonly extendedStatistic?: string;
}

const slug = (value: string): string => value.replace(/[^A-Za-z0-9-]/g, '-');

/**
 * The alarms a platform team needs at 3 a.m.: per rule `FailedInvocations` and `InvocationsSentToDlq`, the
 * bus's `ThrottledRules` and p99 `IngestionToInvocationCompleteLatency`, every DLQ's visible messages, every
 * Lambda's errors and throttles, and the REST API's 5xx, all notifying the alarm topic, plus one dashboard.
 */
export class OperationalAlarms extends Construct {
  /** The alarms, by id. */
  public readonly alarms: Readonly<Record<string, CloudwatchMetricAlarm>>;
  /** The dashboard. */
  public readonly dashboard: CloudwatchDashboard;

  constructor(scope: Construct, id: string, props: OperationalAlarmsProps) {
    super(scope, id);
    const { thresholds: t, watched: w } = props;
    const specs: AlarmSpec[] = [
      ...w.ruleNames.flatMap((rule): AlarmSpec[] => [
        { id: `${rule}-failed-invocations`, description: `Rule ${rule} failed to invoke a target`, namespace: 'AWS/Events', metricName: 'FailedInvocations', dimensions: { EventBusName: w.busName, RuleName: rule }, threshold: t.failedInvocations },
        { id: `${rule}-sent-to-dlq`, description: `Rule ${rule} sent events to a dead-letter queue`, namespace: 'AWS/Events', metricName: 'InvocationsSentToDlq', dimensions: { EventBusName: w.busName, RuleName: rule }, threshold: 1 },
      ]),
      { id: 'bus-throttled-rules', description: `Rules on ${w.busName} were throttled`, namespace: 'AWS/Events', metricName: 'ThrottledRules', dimensions: { EventBusName: w.busName }, threshold: 1 },
      {
        id: 'bus-latency-p99',
        description: `p99 ingestion-to-invocation latency on ${w.busName} above ${t.ingestionToInvocationP99Ms} ms`,
        namespace: 'AWS/Events',
        metricName: 'IngestionToInvocationCompleteLatency',
        dimensions: { EventBusName: w.busName },
        threshold: t.ingestionToInvocationP99Ms,
        extendedStatistic: 'p99',
      },
      ...w.deadLetterQueueNames.map((queue): AlarmSpec => ({
        id: `${queue}-visible`,
        description: `Messages are waiting in dead-letter queue ${queue}`,
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: queue },
        threshold: t.dlqVisibleMessages,
        statistic: 'Maximum',
      })),
      ...w.functionNames.flatMap((fn): AlarmSpec[] => [
        { id: `${fn}-errors`, description: `Function ${fn} is failing`, namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: fn }, threshold: t.lambdaErrors },
        { id: `${fn}-throttles`, description: `Function ${fn} is throttled`, namespace: 'AWS/Lambda', metricName: 'Throttles', dimensions: { FunctionName: fn }, threshold: t.lambdaThrottles },
      ]),
      { id: 'rest-api-5xx', description: `REST API ${w.restApi.name} answers 5xx`, namespace: 'AWS/ApiGateway', metricName: '5XXError', dimensions: { ApiName: w.restApi.name, Stage: w.restApi.stage }, threshold: t.api5xx },
    ];

    const alarms: Record<string, CloudwatchMetricAlarm> = {};
    for (const spec of specs) {
      alarms[spec.id] = new CloudwatchMetricAlarm(this, slug(spec.id), {
        alarmName: `${props.namePrefix}-${slug(spec.id)}`,
        alarmDescription: spec.description,
        namespace: spec.namespace,
        metricName: spec.metricName,
        dimensions: spec.dimensions,
        statistic: spec.extendedStatistic ? undefined : (spec.statistic ?? 'Sum'),
        extendedStatistic: spec.extendedStatistic,
        period: 300,
        evaluationPeriods: 1,
        threshold: spec.threshold,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        treatMissingData: 'notBreaching',
        alarmActions: [props.alarmTopicArn],
        okActions: [props.alarmTopicArn],
      });
    }
    this.alarms = alarms;

    const metric = (spec: AlarmSpec): unknown[] => [
      spec.namespace,
      spec.metricName,
      ...Object.entries(spec.dimensions).flat(),
      { stat: spec.extendedStatistic ?? spec.statistic ?? 'Sum' },
    ];
    const widget = (title: string, group: AlarmSpec[], index: number): Record<string, unknown> => ({
      type: 'metric',
      x: (index % 2) * 12,
      y: Math.floor(index / 2) * 6,
      width: 12,
      height: 6,
      properties: { title, region: props.region, view: 'timeSeries', stat: 'Sum', period: 300, metrics: group.map(metric) },
    });
    const groups: Array<[string, AlarmSpec[]]> = [
      ['Rule failures and DLQ', specs.filter((s) => s.namespace === 'AWS/Events' && s.dimensions.RuleName)],
      ['Bus throttling and p99 latency', specs.filter((s) => s.namespace === 'AWS/Events' && !s.dimensions.RuleName)],
      ['Dead-letter queues', specs.filter((s) => s.namespace === 'AWS/SQS')],
      ['Lambda errors and throttles', specs.filter((s) => s.namespace === 'AWS/Lambda')],
      ['REST API 5xx', specs.filter((s) => s.namespace === 'AWS/ApiGateway')],
    ];
    this.dashboard = new CloudwatchDashboard(this, 'dashboard', {
      dashboardName: `${props.namePrefix}-operations`,
      dashboardBody: JSON.stringify({ widgets: groups.map(([title, group], i) => widget(title, group, i)) }),
    });
  }
}
