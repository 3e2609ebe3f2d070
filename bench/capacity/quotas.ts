/**
 * AWS service quotas the capacity model checks, each with the page it was read from. The stacks deploy
 * to eu-west-1; a quota that differs by Region is given for eu-west-1.
 */

/** Where a figure comes from. */
export interface Source {
  readonly url: string;
  /** The day the figure was read from the stored copy of the page (ISO date). */
  readonly read: string;
  /** What the stored copy shows, where that needs saying. */
  readonly note?: string;
}

export interface Quota {
  readonly name: string;
  readonly value: number;
  /** e.g. "requests/s". */
  readonly unit: string;
  /** What the quota applies to, e.g. "per account, per Region". */
  readonly scope: string;
  /** "eu-west-1", or "every Region" when the page gives one value for all. */
  readonly region: string;
  readonly adjustable: boolean;
  readonly source: Source;
}

/** The day every figure below was read. */
export const READ_ON = '2026-11-29';

const read = (url: string, note?: string): Source => ({ url, read: READ_ON, ...(note ? { note } : {}) });

const EVENTBRIDGE_QUOTAS = read(
  'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html',
  'per-Region table of "Custom Event Bus - Classic quotas"; the eu-west-1 invocations figure also in https://docs.amazonaws.cn/eventbridge/latest/userguide/eb-quota.html',
);
const APIGW_ACCOUNT = read(
  'https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html',
  'eu-west-1 is not among the Regions with the lower 2,500 RPS default',
);
const APIGW_WEBSOCKET = read('https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html');
const DYNAMODB_PARTITION = read(
  'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/warm-throughput-scenarios.html',
  '"each individual partition is limited to 1,000 write units per second and 3,000 read units per second"',
);
const DYNAMODB_QUOTAS = read('https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html');

export const QUOTAS = {
  putEvents: {
    name: 'EventBridge PutEvents throttle limit',
    value: 10_000,
    unit: 'requests/s',
    scope: 'per account, per Region (all buses)',
    region: 'eu-west-1',
    adjustable: true,
    source: EVENTBRIDGE_QUOTAS,
  },
  eventBridgeInvocations: {
    name: 'EventBridge invocations throttle limit (an event matching a rule, sent to a target)',
    value: 18_750,
    unit: 'invocations/s',
    scope: 'per account, per Region; beyond it invocations are delayed, not dropped',
    region: 'eu-west-1',
    adjustable: true,
    source: EVENTBRIDGE_QUOTAS,
  },
  lambdaConcurrency: {
    name: 'Lambda concurrent executions',
    value: 1_000,
    unit: 'executions',
    scope: 'per account, per Region (new accounts start lower)',
    region: 'every Region',
    adjustable: true,
    source: read('https://docs.aws.amazon.com/lambda/latest/dg/limits.html'),
  },
  lambdaScaling: {
    name: 'Lambda concurrency scaling rate',
    value: 1_000,
    unit: 'execution environments per 10 s',
    scope: 'per function, per Region',
    region: 'every Region',
    adjustable: false,
    source: read('https://docs.aws.amazon.com/lambda/latest/dg/scaling-behavior.html'),
  },
  dynamodbPartitionReads: {
    name: 'DynamoDB read throughput of one partition',
    value: 3_000,
    unit: 'read units/s',
    scope: 'per partition of a table or index (one item never spans partitions)',
    region: 'every Region',
    adjustable: false,
    source: DYNAMODB_PARTITION,
  },
  dynamodbPartitionWrites: {
    name: 'DynamoDB write throughput of one partition',
    value: 1_000,
    unit: 'write units/s',
    scope: 'per partition of a table or index',
    region: 'every Region',
    adjustable: false,
    source: DYNAMODB_PARTITION,
  },
  dynamodbTableReads: {
    name: 'DynamoDB on-demand table read throughput',
    value: 40_000,
    unit: 'read request units/s',
    scope: 'per table',
    region: 'every Region',
    adjustable: true,
    source: DYNAMODB_QUOTAS,
  },
  dynamodbTableWrites: {
    name: 'DynamoDB on-demand table write throughput',
    value: 40_000,
    unit: 'write request units/s',
    scope: 'per table',
    region: 'every Region',
    adjustable: true,
    source: DYNAMODB_QUOTAS,
  },
  dynamodbNewTableWarmReads: {
    name: 'DynamoDB new on-demand table, warm read throughput',
    value: 12_000,
    unit: 'read units/s',
    scope: 'per new table, sustained at once; more is reached by scaling',
    region: 'every Region',
    adjustable: false,
    source: read('https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/warm-throughput-scenarios.html'),
  },
  dynamodbNewTableWarmWrites: {
    name: 'DynamoDB new on-demand table, warm write throughput',
    value: 4_000,
    unit: 'write units/s',
    scope: 'per new table, sustained at once; more is reached by scaling',
    region: 'every Region',
    adjustable: false,
    source: read('https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/warm-throughput-scenarios.html'),
  },
  apiGatewayAccountRate: {
    name: 'API Gateway throttle quota across HTTP, REST, WebSocket and WebSocket callback APIs (PostToConnection)',
    value: 10_000,
    unit: 'requests/s',
    scope: 'per account, per Region, plus a token-bucket burst',
    region: 'eu-west-1',
    adjustable: true,
    source: APIGW_ACCOUNT,
  },
  webSocketNewConnections: {
    name: 'API Gateway WebSocket new connections',
    value: 500,
    unit: 'connections/s',
    scope: 'per account (all WebSocket APIs), per Region; concurrent connections have no quota',
    region: 'every Region',
    adjustable: true,
    source: APIGW_WEBSOCKET,
  },
  webSocketConnectionDuration: {
    name: 'API Gateway WebSocket connection duration',
    value: 7_200,
    unit: 's',
    scope: 'per connection (2 hours)',
    region: 'every Region',
    adjustable: false,
    source: APIGW_WEBSOCKET,
  },
  webSocketMessagePayload: {
    name: 'API Gateway WebSocket message payload',
    value: 128 * 1024,
    unit: 'bytes',
    scope: 'per message (frames of at most 32 KB)',
    region: 'every Region',
    adjustable: false,
    source: APIGW_WEBSOCKET,
  },
} as const satisfies Record<string, Quota>;

export type QuotaName = keyof typeof QUOTAS;
