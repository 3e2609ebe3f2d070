import * as path from 'node:path';
import { buildArchitectureGraph, summarisePattern, type ArchitectureSource } from '../../../../local/architecture/from-stack';
import type { ArchitectureGraph } from '../../../../local/architecture/model';
import { readArchitectureSource } from '../../../../local/architecture/stack-diagram';
import { readSynthesizedStack } from '../../../../local/stack/terraform-json';
import { synthesizeStacks } from '../../../../scripts/lib/synth';

const endpoints = {
  accountId: '111111111111',
  region: 'eu-west-1',
  awsEndpoint: 'http://127.0.0.1:4566',
  restEndpoint: 'http://127.0.0.1:3000',
  webSocketEndpoint: 'ws://127.0.0.1:3001',
};
const [dev] = synthesizeStacks({}).filter((s) => s.name === 'fakemon-dev');
const source = readArchitectureSource(readSynthesizedStack(path.dirname(path.dirname(dev.dir)), 'fakemon-dev'), endpoints);
const graph = buildArchitectureGraph(source);

const edge = (g: ArchitectureGraph, from: string, to: string): string | undefined => g.edges.find((e) => e.from === from && e.to === to)?.kind;
const kindOf = (g: ArchitectureGraph, id: string): string | undefined => g.nodes.find((n) => n.id === id)?.kind;

/** The source with one role policy's statements filtered. */
function withoutStatements(sid: string): ArchitectureSource {
  return {
    ...source,
    resources: source.resources.map((r) => {
      if (r.type !== 'aws_iam_role_policy') return r;
      const policy = JSON.parse(String(r.attributes.policy)) as { Statement: Array<{ Sid?: string }> };
      return { ...r, attributes: { ...r.attributes, policy: JSON.stringify({ ...policy, Statement: policy.Statement.filter((s) => s.Sid !== sid) }) } };
    }),
  };
}

describe('architecture graph of a synthesized stack', () => {
  it('is plain data with unique ids and no dangling edge', () => {
    expect(JSON.parse(JSON.stringify(graph))).toEqual(graph);
    const ids = graph.nodes.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of graph.edges) {
      expect(ids).toContain(e.from);
      expect(ids).toContain(e.to);
    }
  });

  it('gives every node of a kind its column, left to right', () => {
    const columns = Object.fromEntries(graph.nodes.map((n) => [n.kind, n.column]));
    expect(columns).toMatchObject({
      'rest-route': 'edges-in',
      'websocket-route': 'edges-in',
      schedule: 'edges-in',
      bus: 'buses',
      rule: 'rules',
      function: 'functions',
      table: 'stores',
      'dead-letter-queue': 'stores',
      'websocket-push': 'edges-out',
      topic: 'edges-out',
    });
  });

  it('sends each route to the bus its PutEvents template names', () => {
    expect(edge(graph, 'rest-route:POST /captures', 'bus:fakemon-dev-bus')).toBe('puts-events');
    const elsewhere: ArchitectureSource = {
      ...source,
      config: {
        ...source.config,
        restApis: source.config.restApis.map((api) => ({
          ...api,
          routes: api.routes.map((r) => ({
            ...r,
            integration: { ...r.integration, requestTemplates: { 'application/json': String(r.integration.requestTemplates['application/json']).replace(/fakemon-dev-bus/g, 'other-bus') } },
          })),
        })),
      },
    };
    expect(edge(buildArchitectureGraph(elsewhere), 'rest-route:POST /captures', 'bus:fakemon-dev-bus')).toBeUndefined();
  });

  it('links bus → rule → target and each target’s DLQ from the rules of the module block', () => {
    const rule = 'rule:fakemon-dev-bus/capture-attempt-rule';
    expect(edge(graph, 'bus:fakemon-dev-bus', rule)).toBe('matches');
    expect(edge(graph, rule, 'function:fakemon-dev-capture')).toBe('invokes');
    expect(edge(graph, rule, 'queue:fakemon-dev-capture-dlq')).toBe('dead-letter');
    expect(edge(graph, 'rule:fakemon-dev-bus/cart-reminder-due-rule', 'queue:fakemon-dev-cart-reminders')).toBe('delivers');
    expect(edge(graph, 'rule:fakemon-dev-bus/debug-all-rule', 'log-group:/aws/events/fakemon-dev-debug')).toBe('delivers');
    expect(edge(graph, 'queue:fakemon-dev-cart-reminders', 'queue:fakemon-dev-cart-reminders-dlq')).toBe('dead-letter');
    expect(kindOf(graph, 'queue:fakemon-dev-capture-dlq')).toBe('dead-letter-queue');
    expect(kindOf(graph, 'queue:fakemon-dev-cart-reminders')).toBe('queue');
  });

  it('reads what each function touches from its role’s policy', () => {
    expect(edge(graph, 'function:fakemon-dev-capture', 'table:fakemon-dev-world')).toBe('writes');
    expect(edge(graph, 'function:fakemon-dev-capture', 'table:fakemon-dev-collections')).toBe('writes');
    expect(edge(graph, 'function:fakemon-dev-capture', 'bus:fakemon-dev-bus')).toBe('puts-events');
    expect(edge(graph, 'function:fakemon-dev-capture', 'table:fakemon-dev-connections')).toBeUndefined();
    expect(edge(graph, 'function:fakemon-dev-deliver-result', 'websocket-push:fakemon-dev-ws/@connections')).toBe('pushes');
    expect(edge(graph, 'function:fakemon-dev-cart-reminder', 'schedule-group:fakemon-dev-cart-reminders')).toBe('creates-schedules');

    const withoutCollection = buildArchitectureGraph(withoutStatements('AddToCollection'));
    expect(edge(withoutCollection, 'function:fakemon-dev-capture', 'table:fakemon-dev-collections')).toBeUndefined();
    expect(edge(withoutCollection, 'function:fakemon-dev-capture', 'table:fakemon-dev-world')).toBe('writes');
  });

  it('follows the role a function passes to EventBridge Scheduler: its schedules put on the bus and dead-letter to its DLQ', () => {
    const group = 'schedule-group:fakemon-dev-cart-reminders';
    expect(edge(graph, group, 'bus:fakemon-dev-bus')).toBe('puts-events');
    expect(edge(graph, group, 'queue:fakemon-dev-cart-reminder-schedules-dlq')).toBe('dead-letter');
    const notPassed = buildArchitectureGraph(withoutStatements('PassSchedulerRole'));
    expect(edge(notPassed, group, 'bus:fakemon-dev-bus')).toBeUndefined();
  });

  it('draws a schedule with its target and DLQ, and the WebSocket routes with their function', () => {
    expect(edge(graph, 'schedule:fakemon-dev-spawn/spawn-schedule', 'function:fakemon-dev-spawn')).toBe('invokes');
    expect(edge(graph, 'schedule:fakemon-dev-spawn/spawn-schedule', 'queue:fakemon-dev-spawn-dlq')).toBe('dead-letter');
    expect(edge(graph, 'websocket-route:fakemon-dev-ws/$connect', 'function:fakemon-dev-ws-connect')).toBe('invokes');
  });

  it('counts the alarms and links them to the topic they notify', () => {
    const alarms = graph.nodes.find((n) => n.kind === 'alarms');
    expect(alarms?.label).toBe(`${source.resources.filter((r) => r.type === 'aws_cloudwatch_metric_alarm').length} alarms`);
    expect(edge(graph, String(alarms?.id), 'topic:fakemon-dev-alarms')).toBe('notifies');
  });

  it('draws a pipe from its source through its enrichment to its target', () => {
    const queue = source.config.queues.find((q) => q.name === 'fakemon-dev-cart-reminders');
    const fn = source.config.functions.find((f) => f.name === 'fakemon-dev-deliver-result');
    const withPipe: ArchitectureSource = {
      ...source,
      resources: [
        ...source.resources,
        {
          type: 'aws_pipes_pipe',
          name: 'reminders',
          attributes: { name: 'fakemon-dev-reminders-pipe', arn: 'arn:aws:pipes:eu-west-1:111111111111:pipe/fakemon-dev-reminders-pipe', source: queue?.arn, enrichment: fn?.arn, target: 'arn:aws:events:eu-west-1:111111111111:event-bus/fakemon-dev-bus' },
        },
      ],
    };
    const piped = buildArchitectureGraph(withPipe);
    expect(kindOf(piped, 'pipe:fakemon-dev-reminders-pipe')).toBe('pipe');
    expect(edge(piped, 'queue:fakemon-dev-cart-reminders', 'pipe:fakemon-dev-reminders-pipe')).toBe('delivers');
    expect(edge(piped, 'pipe:fakemon-dev-reminders-pipe', 'function:fakemon-dev-deliver-result')).toBe('invokes');
    expect(edge(piped, 'pipe:fakemon-dev-reminders-pipe', 'bus:fakemon-dev-bus')).toBe('puts-events');
  });
});

describe('pattern summary', () => {
  it.each([
    [{ source: ['a'], 'detail-type': ['fakemon.spawned'] }, 'fakemon.spawned'],
    [{ 'detail-type': ['fakemon.capture_succeeded', 'fakemon.capture_failed'] }, 'fakemon.{capture_succeeded | capture_failed}'],
    [{ source: ['cart.api'] }, 'source cart.api'],
    [{ source: [{ prefix: '' }] }, 'every event'],
    [{ detail: { ok: [true] } }, '{"detail":{"ok":[true]}}'],
    [{ detail: { amount: [{ numeric: ['>', 100] }], currency: ['EUR'] } }, '{"detail":{"amount":[{"numeric":[">",100]}]…'],
    [{ 'detail-type': ['a-very-long-detail-type-name-one', 'another-long-detail-type-two'] }, 'a-very-long-detail-type-name-one | another-…'],
  ])('summarises %j as %s', (pattern, expected) => {
    expect(summarisePattern(pattern)).toBe(expected);
  });
});
