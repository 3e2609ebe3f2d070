import type {
  EventBusArchive,
  EventBusRule,
  EventBusSchedule,
  EventBusScheduleGroup,
  EventBusTarget,
  RetryPolicy,
} from './types';

/** A misuse of the event-bus construct, reported at construction time. */
export class EventBusConfigError extends Error {
  constructor(busName: string, message: string) {
    super(`EventBus "${busName}": ${message}`);
    this.name = 'EventBusConfigError';
  }
}

/** The props the conversion reads. */
export interface ModuleInputProps {
  readonly busName: string;
  readonly roleName: string;
  readonly rules: Readonly<Record<string, EventBusRule>>;
  readonly archives: Readonly<Record<string, EventBusArchive>>;
  readonly scheduleGroups: Readonly<Record<string, EventBusScheduleGroup>>;
  readonly schedules: Readonly<Record<string, EventBusSchedule>>;
  readonly schemaDiscoverer: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

const KEY = /^[a-z][a-z0-9_]{0,47}$/;
const TARGET_NAME = /^[a-zA-Z0-9_.-]{1,64}$/;
const MAX_TARGETS_PER_RULE = 5;

function snakeRetryPolicy(policy: RetryPolicy): Record<string, number> {
  return {
    maximum_event_age_in_seconds: policy.maximumEventAgeSeconds,
    maximum_retry_attempts: policy.maximumRetryAttempts,
  };
}

function checkRetryPolicy(busName: string, where: string, policy: RetryPolicy): void {
  const { maximumEventAgeSeconds: age, maximumRetryAttempts: attempts } = policy;
  if (!Number.isInteger(age) || age < 60 || age > 86400) {
    throw new EventBusConfigError(busName, `${where}: retryPolicy.maximumEventAgeSeconds must be an integer from 60 to 86400 (got ${age})`);
  }
  if (!Number.isInteger(attempts) || attempts < 0 || attempts > 185) {
    throw new EventBusConfigError(busName, `${where}: retryPolicy.maximumRetryAttempts must be an integer from 0 to 185 (got ${attempts})`);
  }
}

function targetArn(target: EventBusTarget): string {
  switch (target.kind) {
    case 'lambda':
      return target.function.arn;
    case 'sqs':
      return target.queue.arn;
    case 'log-group':
      return target.logGroup.arn;
  }
}

function checkTarget(busName: string, ruleKey: string, target: EventBusTarget): void {
  const where = `rule "${ruleKey}", target "${target.name}"`;
  if (!TARGET_NAME.test(target.name)) {
    throw new EventBusConfigError(busName, `${where}: target names are 1-64 letters, digits, dots, dashes or underscores`);
  }
  if (target.kind === 'lambda' || target.kind === 'sqs') {
    if (!target.deadLetterQueue) {
      throw new EventBusConfigError(busName, `${where}: a ${target.kind} target needs a deadLetterQueue, so failed deliveries are not lost`);
    }
    if (!target.retryPolicy) {
      throw new EventBusConfigError(busName, `${where}: a ${target.kind} target needs an explicit retryPolicy`);
    }
  }
  if (target.retryPolicy) checkRetryPolicy(busName, where, target.retryPolicy);
}

function toModuleTarget(target: EventBusTarget): Record<string, unknown> {
  const out: Record<string, unknown> = { name: target.name, arn: targetArn(target) };
  if (target.deadLetterQueue) out.dead_letter_arn = target.deadLetterQueue.arn;
  if (target.retryPolicy) out.retry_policy = snakeRetryPolicy(target.retryPolicy);
  if (target.inputTransformer) {
    out.input_transformer = {
      input_paths: target.inputTransformer.inputPaths,
      input_template: target.inputTransformer.inputTemplate,
    };
  }
  return out;
}

/**
 * The module's `rules`, `archives` and `schedules` variables are `map(any)`: Terraform unifies every element
 * to one object type, so all entries must carry the same attributes with the same types.
 */
export function assertUniformShape(
  busName: string,
  variable: 'rules' | 'archives' | 'schedules',
  entries: Readonly<Record<string, Record<string, unknown>>>,
): void {
  const shapeOf = (rule: Record<string, unknown>): string =>
    Object.keys(rule)
      .sort()
      .map((k) => `${k}:${rule[k] === null ? 'null' : typeof rule[k]}`)
      .join(',');
  const list = Object.entries(entries);
  if (list.length === 0) return;
  const [firstKey, first] = list[0];
  const expected = shapeOf(first);
  for (const [key, entry] of list.slice(1)) {
    const actual = shapeOf(entry);
    if (actual !== expected) {
      throw new EventBusConfigError(
        busName,
        `${variable} must all have the same shape (the module's "${variable}" is map(any)): "${key}" has {${actual}} but "${firstKey}" has {${expected}}`,
      );
    }
  }
}

/** Serializes an event pattern once, with stable key order as written. */
export function serializePattern(pattern: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(pattern);
}

/** Converts the construct's props to the module's snake_case variables, enforcing the module's constraints. */
export function toModuleInputs(props: ModuleInputProps): Record<string, unknown> {
  const { busName } = props;
  const rules: Record<string, Record<string, unknown>> = {};
  const targets: Record<string, Record<string, unknown>[]> = {};
  const targetOwners = new Map<string, string>();

  for (const [key, rule] of Object.entries(props.rules)) {
    if (!KEY.test(key)) {
      throw new EventBusConfigError(busName, `rule key "${key}" must start with a letter and be 1-48 lowercase letters, digits or underscores`);
    }
    if (rule.targets.length > MAX_TARGETS_PER_RULE) {
      throw new EventBusConfigError(busName, `rule "${key}" has ${rule.targets.length} targets; EventBridge allows ${MAX_TARGETS_PER_RULE}`);
    }
    rules[key] = {
      description: rule.description,
      event_pattern: serializePattern(rule.eventPattern),
      state: rule.enabled === false ? 'DISABLED' : 'ENABLED',
    };
    targets[key] = rule.targets.map((target) => {
      checkTarget(busName, key, target);
      const owner = targetOwners.get(target.name);
      if (owner !== undefined) {
        throw new EventBusConfigError(
          busName,
          `duplicate target name "${target.name}" in rules "${owner}" and "${key}": target names must be unique across all rules`,
        );
      }
      targetOwners.set(target.name, key);
      return toModuleTarget(target);
    });
  }
  assertUniformShape(busName, 'rules', rules);

  const archives: Record<string, Record<string, unknown>> = {};
  for (const [name, archive] of Object.entries(props.archives)) {
    if (!Number.isInteger(archive.retentionDays) || archive.retentionDays < 0) {
      throw new EventBusConfigError(busName, `archive "${name}": retentionDays must be a whole number of days >= 0`);
    }
    archives[name] = {
      description: archive.description,
      retention_days: archive.retentionDays,
      event_pattern: archive.eventPattern ? serializePattern(archive.eventPattern) : serializePattern({ source: [{ prefix: '' }] }),
    };
  }

  const scheduleGroups: Record<string, Record<string, unknown>> = {};
  for (const [key, group] of Object.entries(props.scheduleGroups)) scheduleGroups[key] = { name: group.name };

  const schedules: Record<string, Record<string, unknown>> = {};
  for (const [key, schedule] of Object.entries(props.schedules)) {
    const where = `schedule "${key}"`;
    if (!KEY.test(key)) throw new EventBusConfigError(busName, `${where}: keys start with a letter and are 1-48 lowercase letters, digits or underscores`);
    if (!(schedule.group in props.scheduleGroups)) {
      throw new EventBusConfigError(busName, `${where}: schedule group "${schedule.group}" is not defined in scheduleGroups`);
    }
    if (!schedule.deadLetterQueue) throw new EventBusConfigError(busName, `${where}: needs a deadLetterQueue`);
    if (!schedule.retryPolicy) throw new EventBusConfigError(busName, `${where}: needs an explicit retryPolicy`);
    checkRetryPolicy(busName, where, schedule.retryPolicy);
    const target = schedule.target;
    schedules[key] = {
      description: schedule.description,
      group_name: schedule.group,
      schedule_expression: schedule.scheduleExpression,
      state: schedule.enabled !== false,
      use_flexible_time_window: false,
      arn: target.kind === 'lambda' ? target.function.arn : target.busArn,
      input: schedule.input ?? '{}',
      dead_letter_arn: schedule.deadLetterQueue.arn,
      retry_policy: snakeRetryPolicy(schedule.retryPolicy),
      ...(target.kind === 'event-bus' ? { eventbridge_parameters: { detail_type: target.detailType, source: target.source } } : {}),
    };
  }

  assertUniformShape(busName, 'archives', archives);
  assertUniformShape(busName, 'schedules', schedules);

  const policyStatements = schedulerPolicyStatements(props.schedules);
  const createRole = Object.keys(schedules).length > 0;
  return {
    bus_name: busName,
    tags: props.tags,
    create_schemas_discoverer: props.schemaDiscoverer,
    append_rule_postfix: true,
    rules,
    targets,
    create_archives: Object.keys(archives).length > 0,
    archives,
    schedule_groups: scheduleGroups,
    schedules,
    create_role: createRole,
    role_name: props.roleName,
    attach_policy_statements: createRole,
    policy_statements: policyStatements,
  };
}

/** The scheduler execution role may invoke exactly its schedules' targets and write to their DLQs. */
function schedulerPolicyStatements(schedules: Readonly<Record<string, EventBusSchedule>>): Record<string, unknown> {
  const invoke = new Set<string>();
  const putEvents = new Set<string>();
  const dlqs = new Set<string>();
  for (const schedule of Object.values(schedules)) {
    if (schedule.target.kind === 'lambda') invoke.add(schedule.target.function.arn);
    else putEvents.add(schedule.target.busArn);
    dlqs.add(schedule.deadLetterQueue.arn);
  }
  const statements: Record<string, unknown> = {};
  if (invoke.size > 0) statements.invoke_schedule_targets = { effect: 'Allow', actions: ['lambda:InvokeFunction'], resources: [...invoke] };
  if (putEvents.size > 0) statements.put_schedule_events = { effect: 'Allow', actions: ['events:PutEvents'], resources: [...putEvents] };
  if (dlqs.size > 0) statements.schedule_dead_letters = { effect: 'Allow', actions: ['sqs:SendMessage'], resources: [...dlqs] };
  return statements;
}
