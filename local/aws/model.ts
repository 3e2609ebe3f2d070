/**
 * Plain configuration objects that describe the emulated resources.
 *
 * The wiring layer translates the synthesized Terraform JSON of an environment into these objects;
 * every emulator takes them as they are (no Terraform knowledge below this line).
 */

/** A Lambda function (aws_lambda_function + aws_lambda_function_event_invoke_config). */
export interface LocalFunctionConfig {
  readonly name: string;
  readonly arn: string;
  /** Path of the deployment package (zip). */
  readonly zipPath: string;
  /** "file.export", resolved to file.mjs, file.js or file.cjs inside the package. */
  readonly handler: string;
  /** e.g. "nodejs20.x" (only Node.js runtimes can run locally). */
  readonly runtime: string;
  readonly environment: Record<string, string>;
  /** @default 3 */
  readonly timeoutSeconds: number;
  /** @default 128 */
  readonly memoryMb: number;
  /** Reserved concurrency; 0 throttles every invocation. @default unreserved */
  readonly reservedConcurrency?: number;
  /** aws_lambda_function_event_invoke_config.maximum_retry_attempts (0-2). @default 2 */
  readonly asyncRetryAttempts?: number;
  /** aws_lambda_function_event_invoke_config.maximum_event_age_in_seconds (60-21600). @default 21600 */
  readonly asyncMaxEventAgeSeconds?: number;
  /** On-failure destination of asynchronous invocations (an SQS queue ARN locally). */
  readonly onFailureDestinationArn?: string;
  /** On-success destination of asynchronous invocations (an SQS queue ARN locally). */
  readonly onSuccessDestinationArn?: string;
  /** The execution role: the function's requests are made with a session of it. @default none (the account's administrator) */
  readonly roleArn?: string;
  /** Where Lambda writes the function's logs (`logging_config.log_group`). @default "/aws/lambda/<name>" */
  readonly logGroupName?: string;
}

export interface LocalRedrivePolicy {
  readonly deadLetterTargetArn: string;
  readonly maxReceiveCount: number;
}

/** An SQS queue (aws_sqs_queue). */
export interface LocalQueueConfig {
  readonly name: string;
  readonly arn: string;
  /** Ignored locally except as an alias: the local URL is `<endpoint>/<account>/<name>`. */
  readonly url?: string;
  /** @default 30 */
  readonly visibilityTimeoutSeconds: number;
  /** @default 345600 (4 days) */
  readonly messageRetentionSeconds: number;
  /** @default 0 */
  readonly delaySeconds?: number;
  /** @default 0 */
  readonly receiveWaitTimeSeconds?: number;
  /** @default 262144 (the aws_sqs_queue resource's default, which Terraform sends) */
  readonly maximumMessageSize?: number;
  readonly redrive?: LocalRedrivePolicy;
  readonly fifo?: boolean;
  readonly contentBasedDeduplication?: boolean;
  /** FIFO only. @default "queue" */
  readonly deduplicationScope?: 'queue' | 'messageGroup';
  /** FIFO only. @default "perQueue" */
  readonly fifoThroughputLimit?: 'perQueue' | 'perMessageGroupId';
  /** SSE with SQS-owned keys. @default true unless `kmsMasterKeyId` is set */
  readonly sqsManagedSseEnabled?: boolean;
  readonly kmsMasterKeyId?: string;
  /** @default 300 */
  readonly kmsDataKeyReusePeriodSeconds?: number;
}

export interface LocalRetryPolicy {
  /** 0-185. @default 185 */
  readonly maximumRetryAttempts: number;
  /** 60-86400. @default 86400 */
  readonly maximumEventAgeInSeconds: number;
}

export interface LocalInputTransformer {
  /** Variable name → JSONPath into the event. */
  readonly inputPaths: Record<string, string>;
  readonly inputTemplate: string;
}

/** A rule target (aws_cloudwatch_event_target). */
export interface LocalTargetConfig {
  readonly id: string;
  /** A Lambda function, SQS queue, CloudWatch Logs log group or event bus ARN. */
  readonly arn: string;
  readonly roleArn?: string;
  /** Constant JSON text sent instead of the event. */
  readonly input?: string;
  /** JSONPath of the part of the event to send. */
  readonly inputPath?: string;
  readonly inputTransformer?: LocalInputTransformer;
  readonly retryPolicy: LocalRetryPolicy;
  /** ARN of the SQS dead-letter queue. */
  readonly deadLetterArn?: string;
  /** For FIFO queue targets. */
  readonly sqsMessageGroupId?: string;
}

/** An event rule (aws_cloudwatch_event_rule). Scheduled rules (schedule_expression) are not emulated. */
export interface LocalRuleConfig {
  readonly name: string;
  readonly arn: string;
  readonly eventPattern: object;
  /** ENABLED, DISABLED or ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS. */
  readonly state: string;
  readonly description?: string;
  readonly targets: LocalTargetConfig[];
}

/** An archive (aws_cloudwatch_event_archive). */
export interface LocalArchiveConfig {
  readonly name: string;
  readonly arn: string;
  /** 0 keeps events indefinitely. */
  readonly retentionDays: number;
  readonly eventPattern?: object;
  readonly description?: string;
}

/** An event bus (aws_cloudwatch_event_bus) with its rules and archives. */
export interface LocalBusConfig {
  readonly name: string;
  readonly arn: string;
  readonly description?: string;
  readonly rules: LocalRuleConfig[];
  readonly archives: LocalArchiveConfig[];
}

/** A schedule group (aws_scheduler_schedule_group). */
export interface LocalScheduleGroupConfig {
  readonly name: string;
}

export interface LocalScheduleTargetConfig {
  readonly arn: string;
  readonly roleArn: string;
  readonly input?: string;
  /** For event bus targets. */
  readonly eventBridgeParameters?: { readonly detailType: string; readonly source: string };
  /** For FIFO queue targets. */
  readonly sqsParameters?: { readonly messageGroupId?: string };
  /** @default { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86400 } */
  readonly retryPolicy?: LocalRetryPolicy;
  readonly deadLetterArn?: string;
}

/** A schedule (aws_scheduler_schedule). */
export interface LocalScheduleConfig {
  readonly name: string;
  /** @default "default" */
  readonly groupName?: string;
  readonly description?: string;
  /** at(yyyy-mm-ddThh:mm:ss), rate(n unit) or cron(m h dom mon dow y). */
  readonly scheduleExpression: string;
  /** IANA time zone for at() and cron(). @default "UTC" */
  readonly scheduleExpressionTimezone?: string;
  readonly startDate?: Date;
  readonly endDate?: Date;
  readonly flexibleTimeWindow: { readonly mode: 'OFF' | 'FLEXIBLE'; readonly maximumWindowInMinutes?: number };
  /** @default "NONE" */
  readonly actionAfterCompletion?: 'NONE' | 'DELETE';
  /** @default "ENABLED" */
  readonly state?: 'ENABLED' | 'DISABLED';
  readonly target: LocalScheduleTargetConfig;
}

export interface LocalAttributeDefinition {
  readonly name: string;
  /** S, N or B. */
  readonly type: 'S' | 'N' | 'B';
}

export interface LocalSecondaryIndexConfig {
  readonly name: string;
  readonly hashKey: string;
  readonly rangeKey?: string;
  /** @default "ALL" */
  readonly projectionType?: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  readonly nonKeyAttributes?: string[];
}

/** A DynamoDB table (aws_dynamodb_table). */
export interface LocalTableConfig {
  readonly name: string;
  readonly hashKey: string;
  readonly rangeKey?: string;
  readonly attributes: LocalAttributeDefinition[];
  readonly globalSecondaryIndexes: LocalSecondaryIndexConfig[];
  readonly localSecondaryIndexes?: LocalSecondaryIndexConfig[];
  /** Name of the TTL attribute (epoch seconds), if TTL is enabled. */
  readonly ttlAttribute?: string;
}

/** Identity of the emulated account. */
export interface LocalAccount {
  /** @default "000000000000" */
  readonly accountId: string;
  /** @default "us-east-1" */
  readonly region: string;
}

export const DEFAULT_ACCOUNT_ID = '000000000000';
export const DEFAULT_REGION = 'us-east-1';
