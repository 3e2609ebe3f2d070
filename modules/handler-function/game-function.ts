import * as path from 'node:path';
import { Construct } from 'constructs';
import type { FunctionName } from '../../handlers/functions';
import type { EnvironmentConfig } from '../config/environment-config';
import { HandlerFunction } from './handler-function';
import type { PolicyStatement } from './policy-statement';
import { EncryptedQueue } from '../queue';

/** Where `npm run build:handlers` writes the zips. */
export const DEFAULT_HANDLERS_DIST = path.resolve(__dirname, '..', '..', 'handlers', 'dist');

/** A function of the stack that something invokes asynchronously, and the dead-letter queue its failed events land in. */
export interface GameFunction {
  readonly handler: HandlerFunction;
  readonly deadLetterQueue: EncryptedQueue;
}

/** A function that is only ever invoked synchronously (an API integration, an authorizer): nothing to dead-letter. */
export interface SynchronousGameFunction {
  readonly handler: HandlerFunction;
  readonly deadLetterQueue?: undefined;
}

/** What differs between the stack's functions. */
export interface GameFunctionSpec {
  readonly environment: Readonly<Record<string, string>>;
  readonly statements: readonly PolicyStatement[];
  /**
   * Whether anything invokes the function asynchronously (an EventBridge rule, a schedule). Only then does it get
   * an asynchronous-invocation config, a dead-letter queue and (through the stack) that queue's alarm: for a
   * function invoked only synchronously they could never be used.
   * @default true
   */
  readonly asynchronous?: boolean;
  /** Reserved concurrency, taken from the account's budget. @default unreserved */
  readonly reservedConcurrency?: number;
}

/**
 * Creates one handler function, and for an asynchronously invoked one (the default) its dead-letter queue. The
 * queue receives both events EventBridge or Scheduler could not deliver to the function (target DLQ) and
 * invocations that failed after Lambda's own asynchronous retries (on-failure destination), so nothing a function
 * was given is ever dropped.
 */
export function createGameFunction(
  scope: Construct,
  name: FunctionName,
  config: EnvironmentConfig,
  distDir: string,
  spec: GameFunctionSpec & { readonly asynchronous?: true },
): GameFunction;
export function createGameFunction(
  scope: Construct,
  name: FunctionName,
  config: EnvironmentConfig,
  distDir: string,
  spec: GameFunctionSpec & { readonly asynchronous: false },
): SynchronousGameFunction;
export function createGameFunction(
  scope: Construct,
  name: FunctionName,
  config: EnvironmentConfig,
  distDir: string,
  spec: GameFunctionSpec,
): GameFunction | SynchronousGameFunction;
export function createGameFunction(
  scope: Construct,
  name: FunctionName,
  config: EnvironmentConfig,
  distDir: string,
  spec: GameFunctionSpec,
): GameFunction | SynchronousGameFunction {
  const deadLetterQueue = spec.asynchronous === false
    ? undefined
    : new EncryptedQueue(scope, `${name}-dlq`, { queueName: `${config.namePrefix}-${name}-dlq` });
  const handler = new HandlerFunction(scope, name, {
    functionName: `${config.namePrefix}-${name}`,
    zipPath: path.join(distDir, `${name}.zip`),
    statements: spec.statements,
    environment: spec.environment,
    logRetentionDays: config.logRetentionDays,
    memoryMb: config.lambda.memoryMb,
    timeoutSeconds: config.lambda.timeoutSeconds,
    reservedConcurrency: spec.reservedConcurrency,
    tracing: config.lambda.tracing,
    asyncFailureQueue: deadLetterQueue?.queue,
    asyncRetryAttempts: 2,
    asyncMaxEventAgeSeconds: Math.min(21600, Math.max(60, config.retryPolicy.maximumEventAgeSeconds)),
  });
  return deadLetterQueue ? { handler, deadLetterQueue } : { handler };
}

