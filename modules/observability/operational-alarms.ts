import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import type { AlarmThresholds } from '../config/environment-config';

/** One group of watched resources (a flow, or the bus's own debug log): one row of the dashboard. */
export interface WatchedGroup {
  /** What the group is (the flow's name), the title of its dashboard row. */
  readonly name: string;
  /** Rule names (as created on the bus). */
  readonly ruleNames: readonly string[];
  /** Dead-letter queue names. */
  readonly deadLetterQueueNames: readonly string[];
  /** Lambda function names. */
  readonly functionNames: readonly string[];
}

/** What the alarms watch. */
export interface WatchedResources {
  /** The bus. */
  readonly busName: string;
  /** The groups (flows), each alarmed the same way and drawn as one row of the dashboard. */
  readonly groups: readonly WatchedGroup[];
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
  /** The watched group, for the dashboard (undefined: the whole stack). */
  readonly group?: string;
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

/** The alarms of one watched group: per rule, per dead-letter queue, per function. */
function groupAlarms(group: WatchedGroup, busName: string, t: AlarmThresholds, local: (name: string) => string): AlarmSpec[] {
  return [
    ...group.ruleNames.flatMap((rule): AlarmSpec[] => [
      { id: `${local(rule)}-failed-invocations`, group: group.name, description: `Rule ${rule} failed to invoke a target`, namespace: 'AWS/Events', metricName: 'FailedInvocations', dimensions: ruleDimensions(busName, rule), threshold: t.failedInvocations },
      { id: `${local(rule)}-sent-to-dlq`, group: group.name, description: `Rule ${rule} sent events to a dead-letter queue`, namespace: 'AWS/Events', metricName: 'InvocationsSentToDlq', dimensions: ruleDimensions(busName, rule), threshold: 1 },
      { id: `${local(rule)}-throttled`, group: group.name, description: `Rule ${rule} on ${busName} was throttled`, namespace: 'AWS/Events', metricName: 'ThrottledRules', dimensions: ruleDimensions(busName, rule), threshold: 1 },
      {
        id: `${local(rule)}-latency-p99`,
        group: group.name,
        description: `p99 ingestion-to-invocation latency of rule ${rule} on ${busName} above ${t.ingestionToInvocationP99Ms} ms`,
        namespace: 'AWS/Events',
        metricName: 'IngestionToInvocationCompleteLatency',
        dimensions: ruleDimensions(busName, rule),
        threshold: t.ingestionToInvocationP99Ms,
        extendedStatistic: 'p99',
      },
    ]),
    ...group.deadLetterQueueNames.map((queue): AlarmSpec => ({
      id: `${local(queue)}-visible`,
      group: group.name,
      description: `Messages are waiting in dead-letter queue ${queue}`,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: queue },
      threshold: t.dlqVisibleMessages,
      statistic: 'Maximum',
    })),
    ...group.functionNames.flatMap((fn): AlarmSpec[] => [
      { id: `${local(fn)}-errors`, group: group.name, description: `Function ${fn} is failing`, namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: fn }, threshold: t.lambdaErrors },
      { id: `${local(fn)}-throttles`, group: group.name, description: `Function ${fn} is throttled`, namespace: 'AWS/Lambda', metricName: 'Throttles', dimensions: { FunctionName: fn }, threshold: t.lambdaThrottles },
    ]),
  ];
}

/**
 * The alarms a platform team needs at 3 a.m.: per rule `FailedInvocations`, `InvocationsSentToDlq`,
 * `ThrottledRules` and p99 `IngestionToInvocationCompleteLatency`, every DLQ's visible messages, every Lambda's
 * errors and throttles, and the REST API's 5xx, all notifying the alarm topic, plus one dashboard with a row per
 * watched group (flow). Alarm names are
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
      ...w.groups.flatMap((group) => groupAlarms(group, w.busName, t, local)),
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
    const widget = (title: string, group: AlarmSpec[]): Record<string, unknown> => ({
      type: 'metric',
      width: 8,
      height: 6,
      properties: { title, region: props.region, view: 'timeSeries', stat: 'Sum', period: 300, metrics: group.map(metric) },
    });
    // One row per group: its rules' failures and dead-letter sends, its functions, its dead-letter queues; then the
    // stack-wide rows. Empty widgets are left out (CloudWatch refuses a metric widget without metrics).
    const rows: Array<Array<[string, AlarmSpec[]]>> = [
      ...w.groups.map((group): Array<[string, AlarmSpec[]]> => {
        const mine = specs.filter((s) => s.group === group.name);
        return [
          [`${group.name}: rule failures and DLQ sends`, mine.filter((s) => s.metricName === 'FailedInvocations' || s.metricName === 'InvocationsSentToDlq')],
          [`${group.name}: Lambda errors and throttles`, mine.filter((s) => s.namespace === 'AWS/Lambda')],
          [`${group.name}: dead-letter queues`, mine.filter((s) => s.namespace === 'AWS/SQS')],
        ];
      }),
      [
        ['Rule throttling', specs.filter((s) => s.metricName === 'ThrottledRules')],
        ['Rule p99 ingestion-to-invocation latency (ms)', specs.filter((s) => s.metricName === 'IngestionToInvocationCompleteLatency')],
        ['REST API 5xx', specs.filter((s) => s.namespace === 'AWS/ApiGateway')],
      ],
    ];
    const widgets = rows.flatMap((row, y) =>
      row.filter(([, group]) => group.length > 0).map(([title, group], x) => ({ ...widget(title, group), x: x * 8, y: y * 6 })),
    );
    this.dashboard = new CloudwatchDashboard(this, 'dashboard', {
      dashboardName: `${props.namePrefix}-operations`,
      dashboardBody: JSON.stringify({ widgets }),
    });
  }
}
