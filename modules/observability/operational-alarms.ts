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
 * The rule metrics alarmed on, with the per-rule series EventBridge publishes for a custom bus: "Metrics that
 * specify both the EventBusName and RuleName dimensions refer to a custom event bus"
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html). A bus-only series of
 * `ThrottledRules` or the latency metrics is not something to count on, so each rule is watched on its own.
 */
const ruleDimensions = (busName: string, ruleName: string): Record<string, string> => ({ EventBusName: busName, RuleName: ruleName });

/**
 * The alarms a platform team needs at 3 a.m.: per rule `FailedInvocations`, `InvocationsSentToDlq`,
 * `ThrottledRules` and p99 `IngestionToInvocationCompleteLatency`, every DLQ's visible messages, every Lambda's
 * errors and throttles, and the REST API's 5xx, all notifying the alarm topic, plus one dashboard. Alarm names are
 * `<prefix>-<what>`, the prefix never repeated.
 */
export class OperationalAlarms extends Construct {
  /** The alarms, by id. */
  public readonly alarms: Readonly<Record<string, CloudwatchMetricAlarm>>;
  /** The dashboard. */
  public readonly dashboard: CloudwatchDashboard;

  constructor(scope: Construct, id: string, props: OperationalAlarmsProps) {
    super(scope, id);
    const { thresholds: t, watched: w } = props;
    // Watched names mostly carry the environment prefix already; alarm names add it once.
    const local = (name: string): string => (name.startsWith(`${props.namePrefix}-`) ? name.slice(props.namePrefix.length + 1) : name);
    const specs: AlarmSpec[] = [
      ...w.ruleNames.flatMap((rule): AlarmSpec[] => [
        { id: `${local(rule)}-failed-invocations`, description: `Rule ${rule} failed to invoke a target`, namespace: 'AWS/Events', metricName: 'FailedInvocations', dimensions: ruleDimensions(w.busName, rule), threshold: t.failedInvocations },
        { id: `${local(rule)}-sent-to-dlq`, description: `Rule ${rule} sent events to a dead-letter queue`, namespace: 'AWS/Events', metricName: 'InvocationsSentToDlq', dimensions: ruleDimensions(w.busName, rule), threshold: 1 },
        { id: `${local(rule)}-throttled`, description: `Rule ${rule} on ${w.busName} was throttled`, namespace: 'AWS/Events', metricName: 'ThrottledRules', dimensions: ruleDimensions(w.busName, rule), threshold: 1 },
        {
          id: `${local(rule)}-latency-p99`,
          description: `p99 ingestion-to-invocation latency of rule ${rule} on ${w.busName} above ${t.ingestionToInvocationP99Ms} ms`,
          namespace: 'AWS/Events',
          metricName: 'IngestionToInvocationCompleteLatency',
          dimensions: ruleDimensions(w.busName, rule),
          threshold: t.ingestionToInvocationP99Ms,
          extendedStatistic: 'p99',
        },
      ]),
      ...w.deadLetterQueueNames.map((queue): AlarmSpec => ({
        id: `${local(queue)}-visible`,
        description: `Messages are waiting in dead-letter queue ${queue}`,
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: queue },
        threshold: t.dlqVisibleMessages,
        statistic: 'Maximum',
      })),
      ...w.functionNames.flatMap((fn): AlarmSpec[] => [
        { id: `${local(fn)}-errors`, description: `Function ${fn} is failing`, namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: fn }, threshold: t.lambdaErrors },
        { id: `${local(fn)}-throttles`, description: `Function ${fn} is throttled`, namespace: 'AWS/Lambda', metricName: 'Throttles', dimensions: { FunctionName: fn }, threshold: t.lambdaThrottles },
      ]),
      { id: 'rest-api-5xx', description: `REST API ${w.restApi.name} answers 5xx`, namespace: 'AWS/ApiGateway', metricName: '5XXError', dimensions: { ApiName: w.restApi.name, Stage: w.restApi.stage }, threshold: t.api5xx },
    ];
    const duplicate = specs.find((spec, i) => specs.findIndex((other) => slug(other.id) === slug(spec.id)) !== i);
    if (duplicate) throw new Error(`OperationalAlarms "${props.namePrefix}": two alarms would be named ${props.namePrefix}-${slug(duplicate.id)}`);

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
      ['Rule failures and DLQ', specs.filter((s) => s.metricName === 'FailedInvocations' || s.metricName === 'InvocationsSentToDlq')],
      ['Rule throttling and p99 latency', specs.filter((s) => s.metricName === 'ThrottledRules' || s.metricName === 'IngestionToInvocationCompleteLatency')],
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
