/**
 * Stack → architecture graph. Pure: it reads what the local runtime reads (the {@link LocalStackConfig} of a
 * synthesized stack) plus the resolved attributes of every resource, and decides what the picture shows.
 *
 * Where an arrow comes from:
 * - routes → bus: the bus named in the route's PutEvents template (`EventBusName`, else `default`, as PutEvents
 *   does); routes → function: a Lambda integration URI; WebSocket routes → their proxy function;
 * - bus → rule → target, target → its DLQ, schedule → target and DLQ, function → on-failure destination,
 *   queue → redrive DLQ: the runtime's own config;
 * - function → table / bus / schedule group / WebSocket connections / queue: the function role's inline
 *   policies (least privilege makes them the list of what each function touches); schedule group → bus / DLQ:
 *   the policy of the role a function may pass to EventBridge Scheduler for schedules it creates there;
 * - alarms → topic: the alarms' actions; pipes: source, enrichment and target of each `aws_pipes_pipe`.
 */
import type { LocalBusConfig, LocalFunctionConfig, LocalQueueConfig, LocalRuleConfig, LocalScheduleConfig, LocalTableConfig } from '../aws/model';
import type { LocalRestApiConfig, LocalRestRoute } from '../apigateway/model';
import type { LocalStackConfig, LocalWebSocketApiDefinition } from '../stack/to-local-config';
import { allowedAccess, arnMatches, type AllowedAccess } from './iam';
import { COLUMNS, type ArchitectureEdge, type ArchitectureGraph, type ArchitectureNode, type Column, type EdgeKind, type NodeKind } from './model';

/** One resource of the stack with every Terraform reference resolved. */
export interface StackResource {
  readonly type: string;
  readonly name: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** The resource types the graph reads besides the runtime's config (only these need resolved attributes). */
export const GRAPH_RESOURCE_TYPES: readonly string[] = [
  'aws_lambda_function',
  'aws_dynamodb_table',
  'aws_iam_role',
  'aws_iam_role_policy',
  'aws_apigatewayv2_api',
  'aws_sns_topic',
  'aws_cloudwatch_metric_alarm',
  'aws_pipes_pipe',
];

/** What the graph is built from. */
export interface ArchitectureSource {
  /** What the local runtime runs. */
  readonly config: LocalStackConfig;
  /** Every resource of the stack (IAM policies, topics, alarms, pipes…), attributes resolved. */
  readonly resources: readonly StackResource[];
}

const COLUMN_OF: Readonly<Record<NodeKind, Column>> = {
  'rest-route': 'edges-in',
  'websocket-route': 'edges-in',
  schedule: 'edges-in',
  'schedule-group': 'edges-in',
  bus: 'buses',
  rule: 'rules',
  pipe: 'rules',
  function: 'functions',
  table: 'stores',
  queue: 'stores',
  'dead-letter-queue': 'stores',
  'log-group': 'stores',
  archive: 'stores',
  alarms: 'edges-out',
  topic: 'edges-out',
  'websocket-push': 'edges-out',
};

/** Order of kinds inside a column (top to bottom before the layout improves it). */
const KIND_ORDER: readonly NodeKind[] = [
  'rest-route',
  'websocket-route',
  'schedule',
  'schedule-group',
  'bus',
  'rule',
  'pipe',
  'function',
  'table',
  'queue',
  'log-group',
  'archive',
  'dead-letter-queue',
  'websocket-push',
  'alarms',
  'topic',
];

/** The id family of a kind: a queue keeps its id whether or not it serves as a DLQ. */
const idOf = (kind: NodeKind, name: string): string => `${kind === 'dead-letter-queue' ? 'queue' : kind}:${name}`;

const READ_ACTION = /^(Get|BatchGet|Query|Scan|ConditionCheck|Describe)/;
const WRITE_ACTION = /^(Put|Update|Delete|BatchWrite)/;

/** Builds the architecture graph of a stack. */
export function buildArchitectureGraph(source: ArchitectureSource): ArchitectureGraph {
  return new GraphBuilder(source).build();
}

class GraphBuilder {
  private readonly nodes = new Map<string, ArchitectureNode>();
  private readonly edges = new Map<string, ArchitectureEdge>();
  private readonly prefix: string;
  private readonly deadLetterArns: ReadonlySet<string>;

  constructor(private readonly source: ArchitectureSource) {
    this.prefix = `${source.config.stackName}-`;
    this.deadLetterArns = deadLetterArnsOf(source.config);
  }

  build(): ArchitectureGraph {
    const { config } = this.source;
    config.tables.forEach((t) => this.addTable(t));
    config.queues.forEach((q) => this.addQueue(q));
    config.queues.forEach((q) => this.addDeadLetterEdge(idOf('queue', q.name), q.redrive?.deadLetterTargetArn, `after ${q.redrive?.maxReceiveCount} receives`));
    config.functions.forEach((f) => this.addFunction(f));
    config.buses.forEach((b) => this.addBus(b));
    config.schedules.forEach((s) => this.addSchedule(s));
    const scheduled = new Set(config.schedules.map((s) => s.groupName ?? 'default'));
    config.scheduleGroups.filter((g) => !scheduled.has(g.name)).forEach((g) => this.addNode('schedule-group', g.name, { sublabel: 'schedule group', details: [`schedule group ${g.name}`] }));
    // MOCK methods (CORS preflights) are answered by API Gateway itself: no event flows through them.
    config.restApis.forEach((api) => api.routes.filter((route) => route.integration.type !== 'MOCK').forEach((route) => this.addRestRoute(api, route)));
    config.webSocketApis.forEach((api) => this.addWebSocketApi(api));
    this.addPipes();
    this.addAlarms();
    config.functions.forEach((f) => this.addFunctionAccess(f));

    const rank = (n: ArchitectureNode): number => COLUMNS.indexOf(n.column) * 100 + KIND_ORDER.indexOf(n.kind);
    const nodes = [...this.nodes.values()].sort((a, b) => rank(a) - rank(b) || compare(a.id, b.id));
    const edges = [...this.edges.values()].sort((a, b) => compare(a.id, b.id));
    return { stackName: config.stackName, nodes, edges };
  }

  private short(name: string): string {
    return name.startsWith(this.prefix) && name.length > this.prefix.length ? name.slice(this.prefix.length) : name;
  }

  private addNode(kind: NodeKind, name: string, extra: { label?: string; sublabel?: string; arn?: string; details: readonly string[] }): string {
    const id = idOf(kind, name);
    if (!this.nodes.has(id)) {
      this.nodes.set(id, {
        id,
        kind,
        column: COLUMN_OF[kind],
        label: extra.label ?? this.short(name),
        ...(extra.sublabel ? { sublabel: extra.sublabel } : {}),
        name,
        ...(extra.arn ? { arn: extra.arn } : {}),
        details: extra.details,
      });
    }
    return id;
  }

  private addEdge(from: string, to: string, kind: EdgeKind, label?: string): void {
    if (from === to) return;
    const id = `${from}->${to}:${kind}`;
    if (!this.edges.has(id)) this.edges.set(id, { id, from, to, kind, ...(label ? { label } : {}) });
  }

  /** The node of an ARN the stack owns (function, queue, bus, log group, table), creating log-group nodes on demand. */
  private nodeOfArn(arn: string): string | undefined {
    for (const node of this.nodes.values()) if (node.arn === arn) return node.id;
    const logGroup = /^arn:aws[a-z-]*:logs:[^:]*:[^:]*:log-group:(.+?)(:\*)?$/.exec(arn);
    if (logGroup) return this.addNode('log-group', logGroup[1], { arn, sublabel: 'log group', details: [`CloudWatch Logs log group ${logGroup[1]}`] });
    return undefined;
  }

  /** An edge to whatever an ARN is: invoking a function, putting on a bus, delivering to anything else. */
  private addTargetEdge(from: string, arn: string, label?: string): void {
    const to = this.nodeOfArn(arn);
    if (!to) return;
    const kind = this.nodes.get(to)?.kind;
    this.addEdge(from, to, kind === 'function' ? 'invokes' : kind === 'bus' ? 'puts-events' : kind === 'dead-letter-queue' ? 'dead-letter' : 'delivers', label);
  }

  private addDeadLetterEdge(from: string, arn: string | undefined, label: string): void {
    if (!arn) return;
    const to = this.nodeOfArn(arn);
    if (to) this.addEdge(from, to, 'dead-letter', label);
  }

  private addTable(table: LocalTableConfig): void {
    const keys = [table.hashKey, table.rangeKey].filter(Boolean).join(' + ');
    const arn = this.resourceByName('aws_dynamodb_table', 'name', table.name)?.arn as string | undefined;
    this.addNode('table', table.name, {
      arn,
      sublabel: `${keys}${table.ttlAttribute ? ` · TTL ${table.ttlAttribute}` : ''}`,
      details: [
        `DynamoDB table ${table.name}`,
        `key: ${keys}`,
        ...table.globalSecondaryIndexes.map((i) => `index ${i.name}: ${[i.hashKey, i.rangeKey].filter(Boolean).join(' + ')}`),
        ...(table.ttlAttribute ? [`TTL attribute: ${table.ttlAttribute}`] : []),
      ],
    });
  }

  private addQueue(queue: LocalQueueConfig): void {
    const dlq = this.deadLetterArns.has(queue.arn) || /(-|_)(dlq|dead-letter)$/i.test(queue.name);
    this.addNode(dlq ? 'dead-letter-queue' : 'queue', queue.name, {
      arn: queue.arn,
      sublabel: queue.redrive
        ? `to DLQ after ${queue.redrive.maxReceiveCount} receives`
        : `retention ${formatSeconds(queue.messageRetentionSeconds)}`,
      details: [
        `SQS ${dlq ? 'dead-letter queue' : 'queue'} ${queue.name}`,
        `retention: ${formatSeconds(queue.messageRetentionSeconds)}`,
        `visibility timeout: ${formatSeconds(queue.visibilityTimeoutSeconds)}`,
        ...(queue.redrive ? [`redrive to ${queue.redrive.deadLetterTargetArn} after ${queue.redrive.maxReceiveCount} receives`] : []),
      ],
    });
  }

  private addFunction(fn: LocalFunctionConfig): void {
    this.addNode('function', fn.name, {
      arn: fn.arn,
      sublabel: `${fn.memoryMb} MB · ${fn.timeoutSeconds} s${fn.reservedConcurrency === undefined ? '' : ` · reserved ${fn.reservedConcurrency}`}`,
      details: [
        `Lambda function ${fn.name} (${fn.runtime}, handler ${fn.handler})`,
        `memory: ${fn.memoryMb} MB, timeout: ${fn.timeoutSeconds} s${fn.reservedConcurrency === undefined ? '' : `, reserved concurrency: ${fn.reservedConcurrency}`}`,
        ...(fn.asyncRetryAttempts === undefined ? [] : [`asynchronous retries: ${fn.asyncRetryAttempts}`]),
        ...(fn.onFailureDestinationArn ? [`on failure: ${fn.onFailureDestinationArn}`] : []),
      ],
    });
  }

  private addBus(bus: LocalBusConfig): void {
    const busId = this.addNode('bus', bus.name, { label: bus.name, arn: bus.arn, sublabel: `${bus.rules.length} rules`, details: [`EventBridge bus ${bus.name}`] });
    for (const archive of bus.archives) {
      const archiveId = this.addNode('archive', archive.name, {
        arn: archive.arn,
        sublabel: archive.retentionDays === 0 ? 'kept indefinitely' : `retention ${archive.retentionDays} d`,
        details: [`archive ${archive.name}`, ...(archive.eventPattern ? [`pattern: ${JSON.stringify(archive.eventPattern)}`] : ['every event'])],
      });
      this.addEdge(busId, archiveId, 'matches', 'archived');
    }
    for (const rule of bus.rules) this.addRule(bus, busId, rule);
  }

  private addRule(bus: LocalBusConfig, busId: string, rule: LocalRuleConfig): void {
    const ruleId = this.addNode('rule', `${bus.name}/${rule.name}`, {
      label: rule.name,
      arn: rule.arn,
      sublabel: summarisePattern(rule.eventPattern),
      details: [
        `rule ${rule.name} on ${bus.name}${rule.state === 'ENABLED' ? '' : ` (${rule.state})`}`,
        ...(rule.description ? [rule.description] : []),
        'event pattern:',
        ...JSON.stringify(rule.eventPattern, null, 2).split('\n'),
        ...rule.targets.map(
          (t) =>
            `target ${t.id}: ${t.arn} (retries ${t.retryPolicy.maximumRetryAttempts}, max age ${formatSeconds(t.retryPolicy.maximumEventAgeInSeconds)}${t.deadLetterArn ? `, DLQ ${t.deadLetterArn}` : ''})`,
        ),
      ],
    });
    this.addEdge(busId, ruleId, 'matches');
    for (const target of rule.targets) {
      this.addTargetEdge(ruleId, target.arn, `target ${target.id}`);
      this.addDeadLetterEdge(ruleId, target.deadLetterArn, `failed deliveries to ${target.id}`);
    }
  }

  private addSchedule(schedule: LocalScheduleConfig): void {
    const group = schedule.groupName ?? 'default';
    const id = this.addNode('schedule', `${group}/${schedule.name}`, {
      label: schedule.name,
      sublabel: schedule.scheduleExpression,
      details: [
        `schedule ${schedule.name} in group ${group}${schedule.state === 'DISABLED' ? ' (DISABLED)' : ''}`,
        ...(schedule.description ? [schedule.description] : []),
        `expression: ${schedule.scheduleExpression}${schedule.scheduleExpressionTimezone ? ` (${schedule.scheduleExpressionTimezone})` : ''}`,
        `target: ${schedule.target.arn}`,
        ...(schedule.target.input ? [`input: ${schedule.target.input}`] : []),
      ],
    });
    this.addTargetEdge(id, schedule.target.arn);
    this.addDeadLetterEdge(id, schedule.target.deadLetterArn, 'failed invocations');
  }

  private addRestRoute(api: LocalRestApiConfig, route: LocalRestRoute): void {
    const putEvents = /:events:action\/PutEvents$/.test(route.integration.uri);
    const template = Object.values(route.integration.requestTemplates).join('\n');
    const detailTypes = [...new Set([...template.matchAll(/"DetailType"\s*:\s*"([^"$]+)"/g)].map((m) => m[1]))];
    const id = this.addNode('rest-route', `${route.httpMethod} ${route.path}`, {
      label: `${route.httpMethod} ${route.path}`,
      sublabel: putEvents && detailTypes.length > 0 ? detailTypes.join(', ') : undefined,
      details: [
        `REST API ${api.name}, stage ${api.stageName}: ${route.httpMethod} /${api.stageName}${route.path}`,
        `integration: ${route.integration.uri}`,
        ...(route.validateBody ? ['request body validated against its model (400 otherwise)'] : []),
        ...(detailTypes.length > 0 ? [`puts ${detailTypes.join(', ')}`] : []),
      ],
    });
    if (putEvents) {
      const buses = [...new Set([...template.matchAll(/"EventBusName"\s*:\s*"([^"$]+)"/g)].map((m) => m[1]))];
      for (const bus of buses.length > 0 ? buses : ['default']) {
        const busId = this.findNode((n) => n.kind === 'bus' && (n.name === bus || n.arn === bus));
        if (busId) this.addEdge(id, busId, 'puts-events');
      }
    }
    const lambda = /:lambda:path\/2015-03-31\/functions\/(arn:[^/]+)\/invocations$/.exec(route.integration.uri);
    if (lambda) this.addTargetEdge(id, lambda[1]);
  }

  private addWebSocketApi(api: LocalWebSocketApiDefinition): void {
    for (const [routeKey, target] of Object.entries(api.routes)) {
      const id = this.addNode('websocket-route', `${api.name}/${routeKey}`, {
        label: routeKey,
        sublabel: `WebSocket /${api.stageName}`,
        details: [`WebSocket API ${api.name}, stage ${api.stageName}: route ${routeKey} → ${target.functionName}`],
      });
      const fn = this.findNode((n) => n.kind === 'function' && n.name === target.functionName);
      if (fn) this.addEdge(id, fn, 'invokes');
    }
  }

  private addPipes(): void {
    for (const pipe of this.resourcesOf('aws_pipes_pipe')) {
      const name = String(pipe.name);
      const id = this.addNode('pipe', name, { arn: pipe.arn as string | undefined, sublabel: 'pipe', details: [`EventBridge pipe ${name}`, `source: ${String(pipe.source)}`, `target: ${String(pipe.target)}`] });
      const from = typeof pipe.source === 'string' ? this.nodeOfArn(pipe.source) : undefined;
      if (from) this.addEdge(from, id, 'delivers');
      if (typeof pipe.enrichment === 'string') this.addTargetEdge(id, pipe.enrichment, 'enrichment');
      if (typeof pipe.target === 'string') this.addTargetEdge(id, pipe.target);
    }
  }

  private addAlarms(): void {
    const alarms = this.resourcesOf('aws_cloudwatch_metric_alarm');
    const topics = new Map(this.resourcesOf('aws_sns_topic').map((t) => [String(t.arn), String(t.name)]));
    for (const [arn, name] of topics) this.addNode('topic', name, { arn, sublabel: 'SNS topic', details: [`SNS topic ${name}`] });
    if (alarms.length === 0) return;
    const names = alarms.map((a) => String(a.alarm_name)).sort(compare);
    const id = this.addNode('alarms', `${this.source.config.stackName}-alarms`, {
      label: `${alarms.length} alarms`,
      sublabel: 'CloudWatch',
      details: [`${alarms.length} CloudWatch alarms:`, ...names],
    });
    const actions = new Set(alarms.flatMap((a) => [...((a.alarm_actions ?? []) as string[]), ...((a.ok_actions ?? []) as string[])]));
    for (const arn of [...actions].sort(compare)) {
      const topic = this.nodeOfArn(arn);
      if (topic) this.addEdge(id, topic, 'notifies');
    }
  }

  /** Edges from a function's role policies: the tables, buses, schedule groups, connections and queues it uses. */
  private addFunctionAccess(fn: LocalFunctionConfig): void {
    const fnId = idOf('function', fn.name);
    const role = this.resourceByName('aws_lambda_function', 'function_name', fn.name)?.role;
    if (typeof role !== 'string') return;
    const access = this.roleAccess(role);
    const tableAccess = new Map<string, { reads: Set<string>; writes: Set<string> }>();
    const groups: string[] = [];
    for (const { action, resource } of access) {
      const [service, name = ''] = action.split(':');
      if (action === 'execute-api:ManageConnections') {
        for (const push of this.connectionsMatching(resource)) this.addEdge(fnId, push, 'pushes');
        continue;
      }
      for (const target of this.nodesMatching(resource)) {
        const node = this.nodes.get(target) as ArchitectureNode;
        if (service === 'dynamodb' && node.kind === 'table') {
          const entry = tableAccess.get(target) ?? { reads: new Set<string>(), writes: new Set<string>() };
          if (READ_ACTION.test(name)) entry.reads.add(name);
          if (WRITE_ACTION.test(name)) entry.writes.add(name);
          tableAccess.set(target, entry);
        } else if (action === 'events:PutEvents' && node.kind === 'bus') this.addEdge(fnId, target, 'puts-events');
        else if (action === 'scheduler:CreateSchedule' && node.kind === 'schedule-group') {
          this.addEdge(fnId, target, 'creates-schedules');
          groups.push(target);
        } else if (action === 'sqs:SendMessage' && (node.kind === 'queue' || node.kind === 'dead-letter-queue')) {
          if (node.arn !== fn.onFailureDestinationArn) this.addTargetEdge(fnId, node.arn as string);
        } else if (action === 'lambda:InvokeFunction' && node.kind === 'function') this.addEdge(fnId, target, 'invokes');
      }
    }
    for (const [table, { reads, writes }] of tableAccess) {
      const actions = [...reads, ...writes].sort(compare).join(', ');
      if (writes.size > 0) this.addEdge(fnId, table, 'writes', actions);
      else if (reads.size > 0) this.addEdge(fnId, table, 'reads', actions);
    }
    if (fn.onFailureDestinationArn) this.addDeadLetterEdge(fnId, fn.onFailureDestinationArn, 'failed asynchronous invocations');
    this.addScheduleGroupTargets(access, groups);
  }

  /** Schedules a function creates in a group act with the role it passes to EventBridge Scheduler. */
  private addScheduleGroupTargets(access: readonly AllowedAccess[], groups: readonly string[]): void {
    if (groups.length === 0) return;
    const passed = access.filter((a) => a.action === 'iam:PassRole' && passesToScheduler(a)).map((a) => a.resource);
    for (const roleArn of passed) {
      for (const { action, resource } of this.roleAccess(roleArn)) {
        for (const target of this.nodesMatching(resource)) {
          const node = this.nodes.get(target) as ArchitectureNode;
          const relevant =
            (action === 'events:PutEvents' && node.kind === 'bus') ||
            (action === 'sqs:SendMessage' && (node.kind === 'queue' || node.kind === 'dead-letter-queue')) ||
            (action === 'lambda:InvokeFunction' && node.kind === 'function');
          if (relevant) for (const group of groups) this.addTargetEdge(group, node.arn as string);
        }
      }
    }
  }

  /** Every (action, resource) the inline policies of a role (given by ARN, name or wildcard pattern) allow. */
  private roleAccess(roleArnOrName: string): AllowedAccess[] {
    const roles = this.resourcesOf('aws_iam_role').filter((r) => arnMatches(roleArnOrName, String(r.arn)) || r.name === roleArnOrName);
    const names = new Set(roles.map((r) => String(r.name)));
    const inline = roles.flatMap((r) => ((r.inline_policy ?? []) as Array<{ policy?: unknown }>).map((p) => p.policy));
    const attached = this.resourcesOf('aws_iam_role_policy').filter((p) => names.has(String(p.role))).map((p) => p.policy);
    return [...inline, ...attached].flatMap((policy) => allowedAccess(policy));
  }

  /** Nodes whose resource an IAM resource pattern names. */
  private nodesMatching(pattern: string): string[] {
    const { region, accountId } = this.source.config;
    return [...this.nodes.values()]
      .filter((node) => {
        const samples = node.arn ? [node.arn] : [];
        if (node.kind === 'table' && node.arn) samples.push(`${node.arn}/index/x`);
        if (node.kind === 'schedule-group') samples.push(`arn:aws:scheduler:${region}:${accountId}:schedule/${node.name}/x`);
        return samples.some((arn) => arnMatches(pattern, arn));
      })
      .map((node) => node.id);
  }

  /** The `@connections` nodes of the WebSocket APIs whose connections an `execute-api:ManageConnections` pattern names. */
  private connectionsMatching(pattern: string): string[] {
    const executionArns = new Map(this.resourcesOf('aws_apigatewayv2_api').map((api) => [String(api.id), String(api.execution_arn)]));
    return this.source.config.webSocketApis
      .filter((api) => arnMatches(pattern, `${executionArns.get(api.apiId)}/${api.stageName}/POST/@connections/x`))
      .map((api) =>
        this.addNode('websocket-push', `${api.name}/@connections`, {
          label: '@connections',
          sublabel: 'push to players',
          details: [`WebSocket API ${api.name}, stage ${api.stageName}: PostToConnection to connected players`],
        }),
      );
  }

  private findNode(predicate: (node: ArchitectureNode) => boolean): string | undefined {
    for (const node of this.nodes.values()) if (predicate(node)) return node.id;
    return undefined;
  }

  private resourcesOf(type: string): Array<Readonly<Record<string, unknown>>> {
    return this.source.resources.filter((r) => r.type === type).map((r) => r.attributes);
  }

  private resourceByName(type: string, attribute: string, value: string): Readonly<Record<string, unknown>> | undefined {
    return this.resourcesOf(type).find((r) => r[attribute] === value);
  }
}

/** Queues something names as its dead-letter queue or failure destination. */
function deadLetterArnsOf(config: LocalStackConfig): Set<string> {
  return new Set(
    [
      ...config.buses.flatMap((b) => b.rules.flatMap((r) => r.targets.map((t) => t.deadLetterArn))),
      ...config.schedules.map((s) => s.target.deadLetterArn),
      ...config.functions.map((f) => f.onFailureDestinationArn),
      ...config.queues.map((q) => q.redrive?.deadLetterTargetArn),
    ].filter((arn): arn is string => typeof arn === 'string'),
  );
}

/** A PassRole statement that lets the role go to EventBridge Scheduler (no condition, or one naming it). */
function passesToScheduler(access: AllowedAccess): boolean {
  const services = access.condition?.StringEquals?.['iam:PassedToService'];
  if (services === undefined) return true;
  return (Array.isArray(services) ? services : [services]).includes('scheduler.amazonaws.com');
}

/** A short line for a rule's pattern: its detail-types, else its sources, else the pattern itself. */
export function summarisePattern(pattern: object): string {
  const p = pattern as Record<string, unknown>;
  const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  const values = (key: string): string => {
    const list = strings(p[key]);
    const joined = list.join(' | ');
    if (joined.length <= SUMMARY_LENGTH || list.length < 2) return joined;
    const namespace = /^[^.]*\./.exec(list[0])?.[0];
    return namespace && list.every((v) => v.startsWith(namespace)) ? `${namespace}{${list.map((v) => v.slice(namespace.length)).join(' | ')}}` : joined;
  };
  const text = strings(p['detail-type']).length > 0 ? values('detail-type') : strings(p.source).length > 0 ? `source ${values('source')}` : isEverything(p) ? 'every event' : JSON.stringify(pattern);
  return text.length > SUMMARY_LENGTH ? `${text.slice(0, SUMMARY_LENGTH - 1)}…` : text;
}

const SUMMARY_LENGTH = 44;

/** `{"source":[{"prefix":""}]}`: the catch-all pattern. */
function isEverything(pattern: Record<string, unknown>): boolean {
  return JSON.stringify(pattern) === '{"source":[{"prefix":""}]}';
}

function formatSeconds(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** Code-point order, independent of the machine's locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
