import { AwsServiceError, constraintViolations, validationError, violation } from '../aws/errors';
import type { LocalTargetConfig } from '../aws/model';
import { validateEventPattern } from './pattern';

/** The Target structure of PutTargets and ListTargetsByRule, as the API carries it. */
export type ApiTarget = Record<string, unknown>;

/** A rule as PutRule defines it (targets are added with PutTargets). */
export interface PutRuleSpec {
  readonly name: string;
  readonly eventPattern: object;
  readonly state: string;
  readonly description?: string;
  readonly roleArn?: string;
}

/** A target of PutTargets: what delivery uses, and the structure ListTargetsByRule echoes. */
export interface ApiTargetSpec {
  readonly config: LocalTargetConfig;
  readonly listed: ApiTarget;
}

const NAME = /^[.\-_A-Za-z0-9]+$/;
const NAME_PATTERN = '[\\.\\-_A-Za-z0-9]+';
const RULE_STATES = ['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'];
/** A rule has at most 5 targets. */
export const MAX_TARGETS_PER_RULE = 5;
/** The retry policy of a target created without one: 185 retries over 24 hours. */
export const DEFAULT_RETRY_POLICY = { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 };
/** Placeholders every InputTemplate may use besides its InputPathsMap keys. */
const RESERVED_PLACEHOLDERS = new Set(['aws.events.rule-arn', 'aws.events.rule-name', 'aws.events.event.ingestion-time', 'aws.events.event', 'aws.events.event.json']);

export function limitExceeded(): AwsServiceError {
  return new AwsServiceError('LimitExceededException', 'The requested resource exceeds the maximum number allowed.', 400);
}

/** The ARN of a rule: rule/<name> on the default bus, rule/<bus>/<name> on a custom bus. */
export function ruleArnOf(busArn: string, busName: string, ruleName: string): string {
  const prefix = busArn.slice(0, busArn.indexOf(':event-bus/'));
  return busName === 'default' ? `${prefix}:rule/${ruleName}` : `${prefix}:rule/${busName}/${ruleName}`;
}

/**
 * Validates a PutRule request. The local runtime emulates event-pattern rules only: a ScheduleExpression is
 * refused (EventBridge Scheduler schedules are emulated instead).
 */
export function parsePutRule(input: Record<string, unknown>): PutRuleSpec {
  const violations = [...nameViolations(input.Name, 'name')];
  if (input.Description !== undefined && (typeof input.Description !== 'string' || input.Description.length > 512)) {
    violations.push(violation(input.Description, 'description', 'Member must have length less than or equal to 512'));
  }
  if (input.EventPattern !== undefined && (typeof input.EventPattern !== 'string' || input.EventPattern.length > 4096)) {
    violations.push(violation(input.EventPattern, 'eventPattern', 'Member must have length less than or equal to 4096'));
  }
  if (input.State !== undefined && !RULE_STATES.includes(String(input.State))) {
    violations.push(violation(input.State, 'state', `Member must satisfy enum value set: [${RULE_STATES.join(', ')}]`));
  }
  if (violations.length > 0) throw constraintViolations(violations);
  if (input.ScheduleExpression !== undefined) {
    throw validationError('ScheduleExpression rules are not emulated by the local runtime; use an EventBridge Scheduler schedule.');
  }
  if (typeof input.EventPattern !== 'string') throw validationError('Parameter(s) EventPattern or ScheduleExpression must be specified.');
  validateEventPattern(input.EventPattern);
  return {
    name: input.Name as string,
    eventPattern: JSON.parse(input.EventPattern) as object,
    state: typeof input.State === 'string' ? input.State : 'ENABLED',
    description: typeof input.Description === 'string' ? input.Description : undefined,
    roleArn: typeof input.RoleArn === 'string' ? input.RoleArn : undefined,
  };
}

/** Validates the Targets of a PutTargets request (1-10 of them) and converts them for delivery. */
export function parseTargets(targets: unknown): ApiTargetSpec[] {
  if (!Array.isArray(targets)) throw constraintViolations([violation(null, 'targets', 'Member must not be null')]);
  if (targets.length < 1 || targets.length > 10) {
    throw constraintViolations([
      `Value at 'targets' failed to satisfy constraint: Member must have length ${targets.length < 1 ? 'greater than or equal to 1' : 'less than or equal to 10'}`,
    ]);
  }
  const violations = targets.flatMap((target, index) => targetViolations((target ?? {}) as ApiTarget, `targets.${index + 1}.member`));
  if (violations.length > 0) throw constraintViolations(violations);
  return (targets as ApiTarget[]).map((target) => ({ config: targetConfig(target), listed: target }));
}

/** The Ids of a RemoveTargets request (1-100 of them). */
export function parseTargetIds(ids: unknown): string[] {
  if (!Array.isArray(ids) || ids.length < 1 || ids.length > 100) {
    throw constraintViolations([`Value at 'ids' failed to satisfy constraint: Member must have length between 1 and 100`]);
  }
  const violations = ids.flatMap((id, index) => nameViolations(id, `ids.${index + 1}.member`));
  if (violations.length > 0) throw constraintViolations(violations);
  return ids as string[];
}

/** A target of the synthesized stack in ListTargetsByRule's shape. */
export function targetToApi(target: LocalTargetConfig): ApiTarget {
  const result: ApiTarget = { Id: target.id, Arn: target.arn };
  if (target.roleArn) result.RoleArn = target.roleArn;
  if (target.input !== undefined) result.Input = target.input;
  if (target.inputPath !== undefined) result.InputPath = target.inputPath;
  if (target.inputTransformer) result.InputTransformer = { InputPathsMap: target.inputTransformer.inputPaths, InputTemplate: target.inputTransformer.inputTemplate };
  result.RetryPolicy = { MaximumRetryAttempts: target.retryPolicy.maximumRetryAttempts, MaximumEventAgeInSeconds: target.retryPolicy.maximumEventAgeInSeconds };
  if (target.deadLetterArn) result.DeadLetterConfig = { Arn: target.deadLetterArn };
  if (target.sqsMessageGroupId) result.SqsParameters = { MessageGroupId: target.sqsMessageGroupId };
  return result;
}

function nameViolations(name: unknown, path: string): string[] {
  if (typeof name !== 'string') return [violation(null, path, 'Member must not be null')];
  const result: string[] = [];
  if (!NAME.test(name)) result.push(violation(name, path, `Member must satisfy regular expression pattern: ${NAME_PATTERN}`));
  if (name.length > 64) result.push(violation(name, path, 'Member must have length less than or equal to 64'));
  return result;
}

function targetViolations(target: ApiTarget, path: string): string[] {
  const result = nameViolations(target.Id, `${path}.id`);
  if (typeof target.Arn !== 'string' || target.Arn.length === 0) result.push(violation(null, `${path}.arn`, 'Member must not be null'));
  const retry = target.RetryPolicy as { MaximumRetryAttempts?: unknown; MaximumEventAgeInSeconds?: unknown } | undefined;
  if (retry?.MaximumRetryAttempts !== undefined) result.push(...range(retry.MaximumRetryAttempts, `${path}.retryPolicy.maximumRetryAttempts`, 0, 185));
  if (retry?.MaximumEventAgeInSeconds !== undefined) result.push(...range(retry.MaximumEventAgeInSeconds, `${path}.retryPolicy.maximumEventAgeInSeconds`, 60, 86_400));
  if (result.length > 0) return result;

  const id = target.Id as string;
  const kinds = [target.Input, target.InputPath, target.InputTransformer].filter((value) => value !== undefined);
  if (kinds.length > 1) throw validationError(`Only one of Input, InputPath, or InputTransformer must be provided for target ${id}.`);
  const transformer = target.InputTransformer as { InputPathsMap?: Record<string, string>; InputTemplate?: unknown } | undefined;
  if (transformer) {
    if (typeof transformer.InputTemplate !== 'string') return [violation(null, `${path}.inputTransformer.inputTemplate`, 'Member must not be null')];
    const keys = new Set(Object.keys(transformer.InputPathsMap ?? {}));
    for (const [, placeholder] of transformer.InputTemplate.matchAll(/<([^<>\s"]+)>/g)) {
      if (!keys.has(placeholder) && !RESERVED_PLACEHOLDERS.has(placeholder)) {
        throw validationError(`InputTemplate for target ${id} contains invalid placeholder ${placeholder}.`);
      }
    }
  }
  return [];
}

function range(value: unknown, path: string, min: number, max: number): string[] {
  if (typeof value !== 'number' || !Number.isInteger(value)) return [violation(value, path, 'Member must be an integer')];
  if (value < min) return [violation(value, path, `Member must have value greater than or equal to ${min}`)];
  if (value > max) return [violation(value, path, `Member must have value less than or equal to ${max}`)];
  return [];
}

function targetConfig(target: ApiTarget): LocalTargetConfig {
  const retry = target.RetryPolicy as { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number } | undefined;
  const transformer = target.InputTransformer as { InputPathsMap?: Record<string, string>; InputTemplate: string } | undefined;
  return {
    id: target.Id as string,
    arn: target.Arn as string,
    roleArn: typeof target.RoleArn === 'string' ? target.RoleArn : undefined,
    input: typeof target.Input === 'string' ? target.Input : undefined,
    inputPath: typeof target.InputPath === 'string' ? target.InputPath : undefined,
    inputTransformer: transformer ? { inputPaths: transformer.InputPathsMap ?? {}, inputTemplate: transformer.InputTemplate } : undefined,
    retryPolicy: {
      maximumRetryAttempts: retry?.MaximumRetryAttempts ?? DEFAULT_RETRY_POLICY.maximumRetryAttempts,
      maximumEventAgeInSeconds: retry?.MaximumEventAgeInSeconds ?? DEFAULT_RETRY_POLICY.maximumEventAgeInSeconds,
    },
    deadLetterArn: (target.DeadLetterConfig as { Arn?: string } | undefined)?.Arn,
    sqsMessageGroupId: (target.SqsParameters as { MessageGroupId?: string } | undefined)?.MessageGroupId,
  };
}
