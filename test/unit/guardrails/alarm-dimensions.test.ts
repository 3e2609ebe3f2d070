import { guardedStacks, resourcesOf } from './stacks';

/**
 * An alarm on a series CloudWatch never receives stays OK forever. For a custom bus, EventBridge publishes rule
 * metrics with both the EventBusName and RuleName dimensions ("Metrics that specify both the EventBusName and
 * RuleName dimensions refer to a custom event bus";
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html), so every AWS/Events alarm here
 * watches a rule that exists on the stack's bus through exactly those two dimensions. The doc's table spells the
 * latency metric `IngestiontoInvocationCompleteLatency`; CloudWatch lists it as `IngestionToInvocationCompleteLatency`.
 */
const RULE_METRICS = [
  'FailedInvocations',
  'InvocationsSentToDlq',
  'InvocationsFailedToBeSentToDlq',
  'ThrottledRules',
  'TriggeredRules',
  'MatchedEvents',
  'Invocations',
  'InvocationAttempts',
  'SuccessfulInvocationAttempts',
  'RetryInvocationAttempts',
  'IngestionToInvocationCompleteLatency',
  'IngestionToInvocationStartLatency',
  'IngestionToInvocationSuccessLatency',
];
const CUSTOM_BUS_RULE_DIMENSIONS = ['EventBusName', 'RuleName'];

const stacks = guardedStacks().filter((s) => !s.bootstrap);

describe.each(stacks.map((s) => [s.name, s] as const))('%s alarms', (name, stack) => {
  const alarms = resourcesOf(stack.json, 'aws_cloudwatch_metric_alarm');
  const rulesOnBus = Object.values(stack.json.module ?? {}).flatMap((module) =>
    Object.keys((module.rules ?? {}) as object).map((key) => `${String(module.bus_name)}/${key.replace(/_/g, '-')}-rule`),
  );

  it('watch EventBridge rules only through the per-rule series of a custom bus, on rules that exist', () => {
    const events = alarms.filter(([, a]) => a.namespace === 'AWS/Events');
    expect(events.length).toBeGreaterThan(0);
    const wrong = events
      .filter(([, a]) => {
        const dimensions = (a.dimensions ?? {}) as Record<string, string>;
        return (
          !RULE_METRICS.includes(String(a.metric_name)) ||
          JSON.stringify(Object.keys(dimensions).sort()) !== JSON.stringify(CUSTOM_BUS_RULE_DIMENSIONS) ||
          !rulesOnBus.includes(`${dimensions.EventBusName}/${dimensions.RuleName}`)
        );
      })
      .map(([, a]) => `${String(a.alarm_name)}: ${String(a.metric_name)} ${JSON.stringify(a.dimensions)}`);
    expect(wrong).toEqual([]);
  });

  it('watch throttling and p99 latency on every rule of the bus', () => {
    for (const metric of ['ThrottledRules', 'IngestionToInvocationCompleteLatency']) {
      const watched = alarms.filter(([, a]) => a.metric_name === metric).map(([, a]) => `${(a.dimensions as Record<string, string>).EventBusName}/${(a.dimensions as Record<string, string>).RuleName}`);
      expect([metric, watched.sort()]).toEqual([metric, [...rulesOnBus].sort()]);
    }
  });

  it('are named <prefix>-<what>, the environment prefix once', () => {
    const wrong = alarms.map(([, a]) => String(a.alarm_name)).filter((alarm) => !alarm.startsWith(`${name}-`) || alarm.split(name).length !== 2);
    expect(wrong).toEqual([]);
  });
});
