import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Sesv2EmailIdentity } from '@cdktf/provider-aws/lib/sesv2-email-identity';
import { ITerraformDependable, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { FunctionName } from '../../handlers/functions';
import { catalog, type EventName } from '../../handlers/src/events/catalog';
import { toJsonSchemaDraft4 } from '../../handlers/src/events/json-schema';
import type { EnvironmentConfig } from '../config/environment-config';
import type { EventRoute } from '../event-api';
import type { EventBusRule, EventBusSchedule, EventBusScheduleGroup, EventBusTarget, EventPattern } from '../event-bus/types';
import { createGameFunction, GameFunction, SynchronousGameFunction } from '../handler-function';
import { createPlayerPool, PlayerPool } from '../identity';
import { EncryptedQueue } from '../queue';
import { WebSocketApi } from '../websocket-api';
import type { EmailIdentityHandle, FlowContext, FunctionHandle, PlayersHandle, QueueHandle, ScheduleGroupHandle, TableHandle, WebSocketHandle } from './flow-context';
import { webSocketRouteOf, type FlowDefinition, type Resolvable } from './flow-definition';
import { FlowTables } from './flow-tables';
import { asynchronouslyInvoked, FlowDefinitionError, validateFlows } from './validate-flows';

/** Props of {@link paveFlows}. */
export interface PaveFlowsProps {
  /** The validated environment config. */
  readonly config: EnvironmentConfig;
  /** Directory holding the handler zips. */
  readonly distDir: string;
  /** The flows, in the order they are built. */
  readonly flows: readonly FlowDefinition[];
  /** Name and ARN of the environment's bus (known before the bus exists). */
  readonly bus: { readonly name: string; readonly arn: string };
  /** What stages that write access logs wait for (the account bootstrap check). @default none */
  readonly stageDependsOn?: readonly ITerraformDependable[];
}

/** A function the road built, with its dead-letter queue when it is invoked asynchronously. */
export type PavedFunction = GameFunction | SynchronousGameFunction;

/** One flow as the road built it: what the stack's observability watches, flow by flow. */
export interface PavedFlow {
  readonly definition: FlowDefinition;
  /** The flow's construct scope (`<stack>/<flow name>`). */
  readonly scope: Construct;
  readonly functions: Readonly<Record<string, PavedFunction>>;
  readonly queues: Readonly<Record<string, EncryptedQueue>>;
  /** Keys of the flow's rules on the bus. */
  readonly ruleKeys: readonly string[];
  /** Names of the flow's dead-letter queues: its functions' and its `dead-letter` queues. */
  readonly deadLetterQueueNames: readonly string[];
}

/** Everything the road built, for the stack's bus, REST API, schema registry, alarms and dashboard. */
export interface PavedFlows {
  readonly flows: readonly PavedFlow[];
  readonly tables: FlowTables;
  readonly rules: Readonly<Record<string, EventBusRule>>;
  readonly scheduleGroups: Readonly<Record<string, EventBusScheduleGroup>>;
  readonly schedules: Readonly<Record<string, EventBusSchedule>>;
  readonly routes: readonly EventRoute[];
  /** Every flow's contracts, in flow order. */
  readonly contracts: readonly EventName[];
  /** The user pool, when a flow declares it. */
  readonly players?: PlayerPool;
  /** The WebSocket API, when a flow declares `$connect`. */
  readonly webSocketApi?: WebSocketApi;
}

/** Rules whose targets are not idempotent ignore events replayed from the archive. */
export const NOT_REPLAYED: EventPattern = { 'replay-name': [{ exists: false }] };

const resolve = <T>(value: Resolvable<T> | undefined, ctx: FlowContext, fallback: T): T =>
  value === undefined ? fallback : typeof value === 'function' ? (value as (c: FlowContext) => T)(ctx) : value;

/** `source` and `detail-type` of the catalog events a rule matches. */
const patternOf = (events: readonly EventName[]): EventPattern => ({
  source: [...new Set(events.map((e) => catalog[e].source))],
  'detail-type': events.map((e) => catalog[e].detailType),
});

/** The flow's edges, created before any function: what the functions' environments and statements name. */
interface FlowEdges {
  readonly queues: Record<string, EncryptedQueue>;
  readonly scheduleGroups: Record<string, ScheduleGroupHandle>;
  readonly emailIdentities: Record<string, EmailIdentityHandle>;
}

/**
 * Builds the flows of one environment stack and gives every function and target what the paved road promises:
 * - every function its own least-privilege role, a log group with the environment's retention, the environment's
 *   sizing and, when it declares one, its reservation from `lambda.reservedConcurrency`;
 * - every function invoked asynchronously (a rule or schedule targets it) a dead-letter queue, Lambda's
 *   asynchronous-invocation config with retries and that queue as its on-failure destination;
 * - every rule target and schedule the environment's retry policy and a dead-letter queue (the function's, or the
 *   target queue's redrive queue), replayed events kept from rules that are not idempotent, and the resource
 *   permissions EventBridge needs (added by the bus: Lambda permissions, queue policies);
 * - every REST route a request model and the players' authorizer (the REST API), every WebSocket route its
 *   integration and Lambda permission;
 * - schedule groups whose schedules functions create at run time a scheduler role trusted only by Scheduler of the
 *   account, allowed to put events on this bus and dead-letter them;
 * - tables named per environment, encrypted, with the environment's recovery and deletion protection.
 * Alarms, dashboard widgets and schema-registry entries come from what this returns (see the stack). Resource
 * addresses are `<flow>/<function>/…`, `<flow>/<queue key>/…`, `tables/<table key>`: stable as long as the flow's
 * name and keys are.
 */
export function paveFlows(stack: TerraformStack, props: PaveFlowsProps): PavedFlows {
  const { config, flows } = props;
  const prefix = config.namePrefix;
  validateFlows(flows);
  const targeted = asynchronouslyInvoked(flows);

  const tables = new FlowTables(stack, 'tables', {
    namePrefix: prefix,
    pointInTimeRecovery: config.dynamodb.pointInTimeRecovery,
    deletionProtection: config.dynamodb.deletionProtection,
    layouts: Object.assign({}, ...flows.map((f) => f.tables ?? {})),
  });
  const tableHandles: Record<string, TableHandle> = Object.fromEntries(
    Object.entries(tables.tables).map(([key, table]) => [key, { name: table.name, arn: table.arn, indexArn: (index: string) => `${table.arn}/index/${index}` }]),
  );

  // Edges first: every function may name them.
  const scopes = new Map(flows.map((flow) => [flow, new Construct(stack, flow.name)]));
  let players: PlayerPool | undefined;
  let webSocketApi: WebSocketApi | undefined;
  const edges = new Map<FlowDefinition, FlowEdges>();
  for (const flow of flows) {
    const scope = scopes.get(flow)!;
    if (flow.userPool) players = createPlayerPool(scope, config);
    if (flow.webSocket?.connect) {
      webSocketApi = new WebSocketApi(scope, 'websocket', {
        apiName: `${prefix}-ws`,
        region: config.region,
        throttleRateLimit: config.apiThrottle.rateLimit,
        throttleBurstLimit: config.apiThrottle.burstLimit,
        logRetentionDays: config.logRetentionDays,
        stageDependsOn: props.stageDependsOn,
      });
    }
    const queues = buildQueues(scope, flow, prefix);
    edges.set(flow, { queues, scheduleGroups: buildScheduleGroups(scope, flow, config, props.bus.arn, queues), emailIdentities: {} });
  }

  const contextOf = (flow: FlowDefinition): FlowContext => {
    const own = edges.get(flow)!;
    const missing = (edge: string, declaration: string): never => {
      throw new FlowDefinitionError(`Flow "${flow.name}" uses the ${edge}, but no flow declares ${declaration}`);
    };
    const playersHandle: PlayersHandle | undefined = players && {
      issuer: players.issuer,
      clientId: players.client.id,
      poolId: players.pool.id,
      poolArn: players.pool.arn,
    };
    const webSocketHandle: WebSocketHandle | undefined = webSocketApi && {
      managementEndpoint: webSocketApi.managementEndpoint,
      postToConnectionArn: webSocketApi.postToConnectionArn,
      url: webSocketApi.url,
    };
    return {
      config,
      bus: props.bus,
      tables: tableHandles,
      queues: Object.fromEntries(Object.entries(own.queues).map(([key, q]): [string, QueueHandle] => [key, { name: q.queueName, arn: q.queue.arn, url: q.queue.url }])),
      scheduleGroups: own.scheduleGroups,
      emailIdentities: own.emailIdentities,
      get webSocket() {
        return webSocketHandle ?? missing('WebSocket API', 'webSocket.connect');
      },
      get players() {
        return playersHandle ?? missing('user pool', 'userPool');
      },
    };
  };

  for (const flow of flows) {
    const scope = scopes.get(flow)!;
    const own = edges.get(flow)!;
    for (const [key, identity] of Object.entries(flow.emailIdentities ?? {})) {
      const address = resolve(identity, contextOf(flow), '');
      new Sesv2EmailIdentity(scope, `${key}-email-identity`, { emailIdentity: address });
      own.emailIdentities[key] = { identity: address, arn: `arn:aws:ses:${config.region}:${config.accountId}:identity/${address}` };
    }
  }

  const paved: PavedFlow[] = [];
  const rules: Record<string, EventBusRule> = {};
  const scheduleGroups: Record<string, EventBusScheduleGroup> = {};
  const schedules: Record<string, EventBusSchedule> = {};
  const routes: EventRoute[] = [];
  for (const flow of flows) {
    const scope = scopes.get(flow)!;
    const ctx = contextOf(flow);
    const own = edges.get(flow)!;
    const functions: Record<string, PavedFunction> = {};
    for (const [name, declaration] of Object.entries(flow.functions ?? {}) as Array<[FunctionName, NonNullable<FlowDefinition['functions']>[FunctionName]]>) {
      functions[name] = createGameFunction(scope, name, config, props.distDir, {
        environment: resolve(declaration?.environment, ctx, {}),
        statements: resolve(declaration?.statements, ctx, []),
        asynchronous: declaration?.asynchronous ?? targeted.has(name),
        reservedConcurrency: declaration?.reservesConcurrency ? config.lambda.reservedConcurrency?.[name] : undefined,
      });
    }
    const invokable = (name: FunctionName) => functions[name]!.handler.function;
    const deadLetterOf = (name: FunctionName) => {
      const dlq = functions[name]!.deadLetterQueue;
      if (!dlq) throw new FlowDefinitionError(`Flow "${flow.name}": function "${name}" is invoked asynchronously but declares asynchronous: false`);
      return dlq;
    };

    if (flow.webSocket?.connect) webSocketApi!.connect(invokable(flow.webSocket.connect.handler), invokable(flow.webSocket.connect.authorizer));
    for (const [routeKey, route] of Object.entries(flow.webSocket?.routes ?? {})) {
      const { function: fn, twoWay } = webSocketRouteOf(route);
      webSocketApi!.addRoute(routeKey, invokable(fn), { twoWay });
    }
    if (flow.userPool) players!.attachPreSignUp(invokable(flow.userPool.preSignUp));

    for (const [key, rule] of Object.entries(flow.rules ?? {})) {
      const targets = rule.targets.map((target): EventBusTarget => {
        if ('function' in target) {
          return { kind: 'lambda', name: target.name ?? target.function, function: invokable(target.function), deadLetterQueue: deadLetterOf(target.function).queue, retryPolicy: config.retryPolicy };
        }
        const queue = own.queues[target.queue];
        const redrive = flow.queues![target.queue].redrive!;
        return { kind: 'sqs', name: target.name ?? target.queue, queue: queue.queue, deadLetterQueue: own.queues[redrive.deadLetterQueue].queue, retryPolicy: config.retryPolicy };
      });
      rules[key] = {
        description: rule.description,
        eventPattern: { ...patternOf(rule.events), ...rule.pattern, ...(rule.replayed ? {} : NOT_REPLAYED) },
        targets,
      };
    }
    for (const [key, group] of Object.entries(flow.scheduleGroups ?? {})) scheduleGroups[key] = { name: `${prefix}-${group.name}` };
    for (const [key, schedule] of Object.entries(flow.schedules ?? {})) {
      schedules[key] = {
        description: schedule.description,
        group: schedule.group,
        scheduleExpression: resolve(schedule.expression, ctx, ''),
        target: { kind: 'lambda', function: invokable(schedule.function) },
        input: resolve(schedule.input, ctx, undefined),
        deadLetterQueue: deadLetterOf(schedule.function).queue,
        retryPolicy: config.retryPolicy,
      };
    }
    for (const route of flow.routes ?? []) {
      const entry = catalog[route.event];
      routes.push({
        path: route.path,
        model: { name: route.body.modelName, schema: toJsonSchemaDraft4(route.body.schema, { title: route.body.modelName }) },
        source: entry.source,
        detailType: entry.detailType,
        pathParameters: route.pathParameters,
        callerField: route.callerField,
        attemptIdField: route.attemptIdField,
        acceptedBody: route.acceptedBody,
      });
    }
    const handles: Record<string, FunctionHandle> = Object.fromEntries(
      Object.entries(functions).map(([name, fn]) => [name, { functionName: fn.handler.function.functionName, arn: fn.handler.function.arn }]),
    );
    for (const [name, value] of Object.entries(flow.outputs?.({ ...ctx, functions: handles }) ?? {})) {
      if (stack.node.tryFindChild(name)) throw new FlowDefinitionError(`Flow "${flow.name}": outputs.${name}: the stack already has an output or construct named "${name}"`);
      new TerraformOutput(stack, name, { value });
    }
    paved.push({
      definition: flow,
      scope,
      functions,
      queues: own.queues,
      ruleKeys: Object.keys(flow.rules ?? {}),
      deadLetterQueueNames: [
        ...Object.values(functions).flatMap((f) => (f.deadLetterQueue ? [f.deadLetterQueue.queueName] : [])),
        ...Object.entries(flow.queues ?? {}).filter(([, q]) => q.kind === 'dead-letter').map(([key]) => own.queues[key].queueName),
      ],
    });
  }
  return { flows: paved, tables, rules, scheduleGroups, schedules, routes, contracts: flows.flatMap((f) => f.contracts), players, webSocketApi };
}

/** The flow's queues, each dead-letter queue before the queues that redrive into it. */
function buildQueues(scope: Construct, flow: FlowDefinition, prefix: string): Record<string, EncryptedQueue> {
  const declared = flow.queues ?? {};
  const built: Record<string, EncryptedQueue> = {};
  const build = (key: string, path: readonly string[]): EncryptedQueue => {
    if (built[key]) return built[key];
    if (path.includes(key)) throw new FlowDefinitionError(`Flow "${flow.name}": queues: redrive cycle ${[...path, key].join(' → ')}`);
    const queue = declared[key];
    const deadLetter = queue.redrive ? build(queue.redrive.deadLetterQueue, [...path, key]) : undefined;
    built[key] = new EncryptedQueue(scope, key, {
      queueName: `${prefix}-${queue.name}`,
      visibilityTimeoutSeconds: queue.visibilityTimeoutSeconds,
      ...(deadLetter ? { deadLetterQueue: deadLetter.queue, maxReceiveCount: queue.redrive!.maxReceiveCount } : {}),
    });
    return built[key];
  };
  for (const key of Object.keys(declared)) build(key, []);
  return built;
}

/** The flow's schedule groups, and for the one with run-time schedules the role Scheduler assumes for them. */
function buildScheduleGroups(
  scope: Construct,
  flow: FlowDefinition,
  config: EnvironmentConfig,
  busArn: string,
  queues: Record<string, EncryptedQueue>,
): Record<string, ScheduleGroupHandle> {
  const handles: Record<string, ScheduleGroupHandle> = {};
  for (const [key, group] of Object.entries(flow.scheduleGroups ?? {})) {
    const name = `${config.namePrefix}-${group.name}`;
    const scheduleArns = `arn:aws:scheduler:${config.region}:${config.accountId}:schedule/${name}/*`;
    if (!group.runtimeSchedules) {
      handles[key] = { name, scheduleArns };
      continue;
    }
    const roleName = `${config.namePrefix}-${group.runtimeSchedules.schedulerRoleName}`;
    const role = new IamRole(scope, 'scheduler-role', {
      name: roleName,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': config.accountId } },
          },
        ],
      }),
    });
    new IamRolePolicy(scope, 'scheduler-policy', {
      name: roleName,
      role: role.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'PutScheduledEventsOnTheBus', Effect: 'Allow', Action: ['events:PutEvents'], Resource: [busArn] },
          { Sid: 'DeadLetterScheduledEvents', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [queues[group.runtimeSchedules.deadLetterQueue].queue.arn] },
        ],
      }),
    });
    handles[key] = { name, scheduleArns, schedulerRoleArn: role.arn };
  }
  return handles;
}
