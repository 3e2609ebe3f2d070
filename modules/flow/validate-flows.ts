import { FUNCTION_NAMES } from '../../handlers/functions';
import { catalog, EVENT_NAMES, type EventName } from '../../handlers/src/events/catalog';
import { webSocketRouteOf, type FlowDefinition } from './flow-definition';

/** A flow declaration the road cannot build; the message names the flow and the field. */
export class FlowDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlowDefinitionError';
  }
}

const FLOW_NAME = /^[a-z][a-z0-9-]{0,30}$/;
const KEY = /^[a-z0-9_]{1,64}$/;
const NAME = /^[a-z0-9][a-z0-9-]{0,40}$/;

const fail = (flow: string, field: string, message: string): never => {
  throw new FlowDefinitionError(`Flow "${flow}": ${field}: ${message}`);
};

/** Records who claimed each name in one namespace, and refuses a second claim. */
class Claims {
  private readonly owners = new Map<string, string>();
  constructor(private readonly what: string) {}
  claim(flow: string, field: string, name: string): void {
    const owner = this.owners.get(name);
    if (owner !== undefined) fail(flow, field, `${this.what} "${name}" is already declared by flow "${owner}"`);
    this.owners.set(name, flow);
  }
  has(name: string): boolean {
    return this.owners.has(name);
  }
}

/** The functions a rule or schedule of any flow targets (they are invoked asynchronously). */
export function asynchronouslyInvoked(flows: readonly FlowDefinition[]): Set<string> {
  const targeted = new Set<string>();
  for (const flow of flows) {
    for (const rule of Object.values(flow.rules ?? {})) {
      for (const target of rule.targets) if ('function' in target) targeted.add(target.function);
    }
    for (const schedule of Object.values(flow.schedules ?? {})) targeted.add(schedule.function);
  }
  return targeted;
}

/**
 * Checks the flows together, before anything is built: names and keys unique across the stack, every reference
 * (targets, schedule groups, queues, functions) pointing at something the flow declares, every function of
 * `FUNCTION_NAMES` declared by exactly one flow and every catalog event owned by exactly one, at most one owner of
 * each stack edge (the WebSocket API's `$connect`, the user pool). Errors name the flow and the field.
 */
export function validateFlows(flows: readonly FlowDefinition[]): void {
  const flowNames = new Claims('flow');
  const functions = new Claims('function');
  const ruleKeys = new Claims('rule');
  const targetNames = new Claims('target name');
  const groupKeys = new Claims('schedule group');
  const scheduleKeys = new Claims('schedule');
  const tableKeys = new Claims('table');
  const contracts = new Claims('contract');
  const routes = new Claims('route');
  const webSocketRoutes = new Claims('WebSocket route');
  const edges = new Claims('stack edge');
  const targeted = asynchronouslyInvoked(flows);

  for (const flow of flows) {
    const name = flow.name;
    if (!FLOW_NAME.test(name)) fail(name, 'name', 'must be 1-31 lowercase letters, digits or dashes, starting with a letter');
    flowNames.claim(name, 'name', name);
    const declared = new Set(Object.keys(flow.functions ?? {}));
    const queues = flow.queues ?? {};
    const ownFunction = (field: string, fn: string): void => {
      if (!declared.has(fn)) fail(name, field, `function "${fn}" is not declared in this flow's functions`);
    };
    const ownQueue = (field: string, key: string): void => {
      if (!(key in queues)) fail(name, field, `queue "${key}" is not declared in this flow's queues`);
    };

    for (const contract of flow.contracts) {
      if (!(contract in catalog)) fail(name, 'contracts', `"${contract}" is not in the event catalog (handlers/src/events/catalog.ts)`);
      contracts.claim(name, 'contracts', contract);
    }
    for (const [fn, declaration] of Object.entries(flow.functions ?? {})) {
      if (!(FUNCTION_NAMES as readonly string[]).includes(fn)) fail(name, `functions.${fn}`, 'is not in FUNCTION_NAMES (handlers/functions.ts), so no zip is built for it');
      functions.claim(name, `functions.${fn}`, fn);
      if (declaration?.asynchronous === false && targeted.has(fn)) {
        fail(name, `functions.${fn}.asynchronous`, 'is false, but a rule or schedule invokes the function asynchronously');
      }
    }
    for (const [key, queue] of Object.entries(queues)) {
      if (!NAME.test(queue.name)) fail(name, `queues.${key}.name`, 'must be lowercase letters, digits and dashes');
      if (queue.redrive) ownQueue(`queues.${key}.redrive.deadLetterQueue`, queue.redrive.deadLetterQueue);
    }
    for (const [key] of Object.entries(flow.tables ?? {})) {
      if (!NAME.test(key)) fail(name, `tables.${key}`, 'table keys are lowercase letters, digits and dashes (the table is named <prefix>-<key>)');
      tableKeys.claim(name, `tables.${key}`, key);
    }
    const groups = flow.scheduleGroups ?? {};
    const runtimeGroups = Object.entries(groups).filter(([, g]) => g.runtimeSchedules);
    if (runtimeGroups.length > 1) fail(name, 'scheduleGroups', `${runtimeGroups.map(([k]) => k).join(' and ')} both declare runtimeSchedules; a flow has at most one (split the flow)`);
    for (const [key, group] of Object.entries(groups)) {
      if (!KEY.test(key)) fail(name, `scheduleGroups.${key}`, 'keys are lowercase letters, digits and "_"');
      groupKeys.claim(name, `scheduleGroups.${key}`, key);
      if (!NAME.test(group.name)) fail(name, `scheduleGroups.${key}.name`, 'must be lowercase letters, digits and dashes');
      if (group.runtimeSchedules) ownQueue(`scheduleGroups.${key}.runtimeSchedules.deadLetterQueue`, group.runtimeSchedules.deadLetterQueue);
    }
    for (const [key, schedule] of Object.entries(flow.schedules ?? {})) {
      if (!KEY.test(key)) fail(name, `schedules.${key}`, 'keys are lowercase letters, digits and "_"');
      scheduleKeys.claim(name, `schedules.${key}`, key);
      if (!(schedule.group in groups)) fail(name, `schedules.${key}.group`, `schedule group "${schedule.group}" is not declared in this flow`);
      ownFunction(`schedules.${key}.function`, schedule.function);
    }
    for (const [key, rule] of Object.entries(flow.rules ?? {})) {
      if (!KEY.test(key)) fail(name, `rules.${key}`, 'keys are lowercase letters, digits and "_" (the rule is named <key with dashes>-rule)');
      ruleKeys.claim(name, `rules.${key}`, key);
      if (rule.events.length === 0) fail(name, `rules.${key}.events`, 'name at least one catalog event');
      for (const event of rule.events) {
        if (!(EVENT_NAMES as readonly string[]).includes(event)) fail(name, `rules.${key}.events`, `"${event}" is not in the event catalog`);
      }
      if (rule.targets.length === 0 || rule.targets.length > 5) fail(name, `rules.${key}.targets`, 'a rule has 1 to 5 targets');
      rule.targets.forEach((target, i) => {
        const field = `rules.${key}.targets[${i}]`;
        if ('function' in target) ownFunction(field, target.function);
        else {
          ownQueue(field, target.queue);
          if (!queues[target.queue].redrive) fail(name, field, `queue "${target.queue}" needs a redrive: its dead-letter queue is the target's too`);
        }
        targetNames.claim(name, field, target.name ?? ('function' in target ? target.function : target.queue));
      });
    }
    for (const route of flow.routes ?? []) routes.claim(name, 'routes', route.path);
    const ws = flow.webSocket;
    if (ws?.connect) {
      edges.claim(name, 'webSocket.connect', 'WebSocket API ($connect)');
      ownFunction('webSocket.connect.handler', ws.connect.handler);
      ownFunction('webSocket.connect.authorizer', ws.connect.authorizer);
    }
    for (const [routeKey, route] of Object.entries(ws?.routes ?? {})) {
      webSocketRoutes.claim(name, `webSocket.routes.${routeKey}`, routeKey);
      ownFunction(`webSocket.routes.${routeKey}`, webSocketRouteOf(route).function);
    }
    if (flow.userPool) {
      edges.claim(name, 'userPool', 'user pool');
      ownFunction('userPool.preSignUp', flow.userPool.preSignUp);
    }
  }
  const connectOwner = flows.some((f) => f.webSocket?.connect);
  for (const flow of flows) {
    if (!connectOwner && Object.keys(flow.webSocket?.routes ?? {}).length > 0) {
      fail(flow.name, 'webSocket.routes', 'no flow declares webSocket.connect, so there is no WebSocket API to add routes to');
    }
  }
  const unowned = FUNCTION_NAMES.filter((fn) => !functions.has(fn));
  if (unowned.length > 0) {
    throw new FlowDefinitionError(`No flow declares the function(s) ${unowned.join(', ')} of FUNCTION_NAMES (handlers/functions.ts): add each to a flow's functions, or remove it`);
  }
  const orphans = EVENT_NAMES.filter((event: EventName) => !contracts.has(event));
  if (orphans.length > 0) {
    throw new FlowDefinitionError(`No flow owns the catalog event(s) ${orphans.join(', ')}: list each in one flow's contracts (it is published to the schema registry from there)`);
  }
}
