import * as path from 'node:path';
import { Construct } from 'constructs';
import type { FunctionName } from '../../handlers/functions';
import type { EnvironmentConfig } from '../config/environment-config';
import { HandlerFunction } from './handler-function';
import type { PolicyStatement } from './policy-statement';
import { EncryptedQueue } from '../queue';

/** Where `npm run build:handlers` writes the zips. */
export const DEFAULT_HANDLERS_DIST = path.resolve(__dirname, '..', '..', 'handlers', 'dist');

/** A function of the stack and the dead-letter queue its failed asynchronous events land in. */
export interface GameFunction {
  readonly handler: HandlerFunction;
  /** Absent for a synchronously invoked function: nothing could ever land in it. */
  readonly deadLetterQueue?: EncryptedQueue;
}

/** What differs between the stack's functions. */
export interface GameFunctionSpec {
  readonly environment: Readonly<Record<string, string>>;
  readonly statements: readonly PolicyStatement[];
  /**
   * Whether something invokes the function asynchronously (EventBridge, Scheduler). A synchronously invoked
   * function (an authorizer, a Cognito trigger) gets no event-invoke config and no DLQ: its caller sees the error.
   * @default true
   */
  readonly asynchronous?: boolean;
}

/**
 * Creates one handler function with its dead-letter queue. The queue receives both events EventBridge or
 * Scheduler could not deliver to the function (target DLQ) and invocations that failed after Lambda's own
 * asynchronous retries (on-failure destination), so nothing a function was given is ever dropped.
 */
export function createGameFunction(
  scope: Construct,
  name: FunctionName,
  config: EnvironmentConfig,
  distDir: string,
  spec: GameFunctionSpec,
): GameFunction {
  const asynchronous = spec.asynchronous ?? true;
  const deadLetterQueue = asynchronous ? new EncryptedQueue(scope, `${name}-dlq`, { queueName: `${config.namePrefix}-${name}-dlq` }) : undefined;
  const handler = new HandlerFunction(scope, name, {
    functionName: `${config.namePrefix}-${name}`,
    zipPath: path.join(distDir, `${name}.zip`),
    statements: spec.statements,
    environment: spec.environment,
    logRetentionDays: config.logRetentionDays,
    memoryMb: config.lambda.memoryMb,
    timeoutSeconds: config.lambda.timeoutSeconds,
    reservedConcurrency: config.lambda.reservedConcurrency,
    tracing: config.lambda.tracing,
    asynchronous,
    asyncFailureQueue: deadLetterQueue?.queue,
    asyncRetryAttempts: 2,
    asyncMaxEventAgeSeconds: Math.min(21600, Math.max(60, config.retryPolicy.maximumEventAgeSeconds)),
  });
  return { handler, deadLetterQueue };
}

/** The DLQ of an asynchronously invoked function (an event target or schedule target must have one). */
export function deadLetterQueueOf(fn: GameFunction): EncryptedQueue {
  if (!fn.deadLetterQueue) throw new Error(`${fn.handler.functionName} is invoked synchronously and has no dead-letter queue to target`);
  return fn.deadLetterQueue;
}
