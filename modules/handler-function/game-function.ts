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
  readonly deadLetterQueue: EncryptedQueue;
}

/** What differs between the stack's functions. */
export interface GameFunctionSpec {
  readonly environment: Readonly<Record<string, string>>;
  readonly statements: readonly PolicyStatement[];
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
  const deadLetterQueue = new EncryptedQueue(scope, `${name}-dlq`, { queueName: `${config.namePrefix}-${name}-dlq` });
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
    asyncFailureQueue: deadLetterQueue.queue,
    asyncRetryAttempts: 2,
    asyncMaxEventAgeSeconds: Math.min(21600, Math.max(60, config.retryPolicy.maximumEventAgeSeconds)),
  });
  return { handler, deadLetterQueue };
}
