import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import type { QueueRef } from '../event-bus/types';
import { assertLeastPrivilege, policyDocument, PolicyStatement } from './policy-statement';
import { zipSourceCodeHash } from './zip-hash';

/** Props of {@link HandlerFunction}. */
export interface HandlerFunctionProps {
  /** Full function name, with the environment prefix. */
  readonly functionName: string;
  /** Path of the zip built by the handlers package (`handlers/dist/<function>.zip`). */
  readonly zipPath: string;
  /** Exactly the IAM statements the function needs, besides writing its own logs. */
  readonly statements: readonly PolicyStatement[];
  /** Retention of the function's log group, in days. */
  readonly logRetentionDays: number;
  /** Handler entry. @default "index.handler" */
  readonly handler?: string;
  /** Memory in MB. @default 256 */
  readonly memoryMb?: number;
  /** Timeout in seconds. @default 10 */
  readonly timeoutSeconds?: number;
  /** Reserved concurrency. @default unreserved */
  readonly reservedConcurrency?: number;
  /** Active X-Ray tracing. @default false */
  readonly tracing?: boolean;
  /** Environment variables. @default none */
  readonly environment?: Readonly<Record<string, string>>;
  /** Whether the function is invoked asynchronously; false: no event-invoke config. @default true */
  readonly asynchronous?: boolean;
  /**
   * For asynchronous invocations (EventBridge, Scheduler): where events go once Lambda's own retries are
   * exhausted. @default none
   */
  readonly asyncFailureQueue?: QueueRef;
  /** Lambda's retries of a failed asynchronous invocation (0–2). @default 2 */
  readonly asyncRetryAttempts?: number;
  /** Seconds an asynchronous event may wait (60–21600). @default 21600 */
  readonly asyncMaxEventAgeSeconds?: number;
}

/** The Lambda runtime every handler runs on. */
export const LAMBDA_RUNTIME = 'nodejs22.x';

/**
 * A Lambda function from a prebuilt zip, with its own role holding exactly the statements it is given, its
 * log group created explicitly with retention, and `source_code_hash` taken from the zip itself.
 */
export class HandlerFunction extends Construct {
  /** The function. */
  public readonly function: LambdaFunction;
  /** Its execution role. */
  public readonly role: IamRole;
  /** Its log group `/aws/lambda/<name>`. */
  public readonly logGroup: CloudwatchLogGroup;
  /** The function's name (a plain string, usable in construct ids). */
  public readonly functionName: string;

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id);
    const name = props.functionName;
    this.functionName = name;
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) {
      throw new Error(`HandlerFunction "${name}": function names are 1-64 letters, digits, dashes or underscores`);
    }
    assertLeastPrivilege(`HandlerFunction "${name}"`, props.statements);
    const retryAttempts = props.asyncRetryAttempts ?? 2;
    if (retryAttempts < 0 || retryAttempts > 2) {
      throw new Error(`HandlerFunction "${name}": asyncRetryAttempts must be 0, 1 or 2 (got ${retryAttempts})`);
    }
    const sourceCodeHash = zipSourceCodeHash(props.zipPath);

    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: `/aws/lambda/${name}`,
      retentionInDays: props.logRetentionDays,
    });
    this.role = new IamRole(this, 'role', {
      name: `${name}-role`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    });
    const statements: PolicyStatement[] = [
      { sid: 'WriteOwnLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${this.logGroup.arn}:*`] },
      ...props.statements,
    ];
    if (props.asyncFailureQueue) {
      statements.push({ sid: 'SendFailedInvocations', actions: ['sqs:SendMessage'], resources: [props.asyncFailureQueue.arn] });
    }
    const policy = new IamRolePolicy(this, 'policy', {
      name: `${name}-policy`,
      role: this.role.id,
      policy: policyDocument(statements),
    });
    // X-Ray's write actions accept no resource narrower than "*" (AWS offers no resource-level scoping for them).
    const tracingPolicy = props.tracing
      ? new IamRolePolicy(this, 'tracing-policy', {
          name: `${name}-tracing`,
          role: this.role.id,
          policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Sid: 'XRayWrite', Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' }],
          }),
        })
      : undefined;

    const asset = new TerraformAsset(this, 'zip', { path: props.zipPath, type: AssetType.FILE });
    this.function = new LambdaFunction(this, 'function', {
      functionName: name,
      role: this.role.arn,
      runtime: LAMBDA_RUNTIME,
      handler: props.handler ?? 'index.handler',
      filename: asset.path,
      sourceCodeHash,
      memorySize: props.memoryMb ?? 256,
      timeout: props.timeoutSeconds ?? 10,
      reservedConcurrentExecutions: props.reservedConcurrency,
      architectures: ['arm64'],
      tracingConfig: props.tracing ? { mode: 'Active' } : undefined,
      environment: props.environment && Object.keys(props.environment).length > 0 ? { variables: { ...props.environment } } : undefined,
      loggingConfig: { logFormat: 'JSON', logGroup: this.logGroup.name },
      dependsOn: [this.logGroup, policy, ...(tracingPolicy ? [tracingPolicy] : [])],
    });
    if (props.asynchronous === false) return;
    new LambdaFunctionEventInvokeConfig(this, 'async', {
      functionName: this.function.functionName,
      maximumRetryAttempts: retryAttempts,
      maximumEventAgeInSeconds: props.asyncMaxEventAgeSeconds ?? 21600,
      destinationConfig: props.asyncFailureQueue ? { onFailure: { destination: props.asyncFailureQueue.arn } } : undefined,
    });
  }
}
