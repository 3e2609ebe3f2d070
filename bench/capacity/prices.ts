import { READ_ON, type Source } from './quotas';

/**
 * The billing lines a capture and a connection cost, with their unit price in eu-west-1 where the
 * stored copy of AWS's pricing page showed it. `usdPerUnit` stays undefined where it did not: the model
 * then reports the billable quantity and says the price was not found, instead of a guessed number.
 * To price a line, set `usdPerUnit` (and `region`) from the pricing page and update `source`.
 */
export interface Price {
  readonly name: string;
  /** What one unit is, e.g. "1 million requests". */
  readonly unit: string;
  /** How many of the model's quantities make one unit (e.g. 1e6 requests per "1 million requests"). */
  readonly quantityPerUnit: number;
  /** USD per unit in `region`; undefined when not found in the stored material. */
  readonly usdPerUnit?: number;
  readonly region: string;
  readonly source: Source;
}

const NOT_IN_STORED_COPY = 'the stored copy renders its rate table client-side (price tokens, no numbers); no eu-west-1 rate was found in the stored material';

const page = (url: string, note = NOT_IN_STORED_COPY): Source => ({ url, read: READ_ON, note });

const PRICE_LIST = {
  eventBridgeEvents: {
    name: 'EventBridge custom events published (each 64 KB chunk is one event)',
    unit: '1 million events',
    quantityPerUnit: 1e6,
    region: 'eu-west-1',
    source: page('https://aws.amazon.com/eventbridge/pricing/', `the stored copy states the 64 KB chunk rule; ${NOT_IN_STORED_COPY}`),
  },
  lambdaRequests: {
    name: 'Lambda requests',
    unit: '1 million requests',
    quantityPerUnit: 1e6,
    region: 'eu-west-1',
    source: page('https://aws.amazon.com/lambda/pricing/'),
  },
  lambdaArmDuration: {
    name: 'Lambda duration, Arm (the stack builds arm64 functions)',
    unit: 'GB-second',
    quantityPerUnit: 1,
    region: 'eu-west-1',
    source: page('https://aws.amazon.com/lambda/pricing/'),
  },
  dynamodbWrites: {
    name: 'DynamoDB on-demand write request units (tables and indexes)',
    unit: '1 million write request units',
    quantityPerUnit: 1e6,
    region: 'eu-west-1',
    source: page('https://aws.amazon.com/dynamodb/pricing/on-demand/', `the stored copy defines read and write request units; ${NOT_IN_STORED_COPY}`),
  },
  dynamodbReads: {
    name: 'DynamoDB on-demand read request units',
    unit: '1 million read request units',
    quantityPerUnit: 1e6,
    region: 'eu-west-1',
    source: page('https://aws.amazon.com/dynamodb/pricing/on-demand/', `the stored copy defines read and write request units; ${NOT_IN_STORED_COPY}`),
  },
  restRequests: {
    name: 'API Gateway REST API requests',
    unit: '1 million requests',
    quantityPerUnit: 1e6,
    region: 'eu-west-1',
    source: page('https://aws.amazon.com/api-gateway/pricing/'),
  },
  webSocketMessages: {
    name: 'API Gateway WebSocket messages (metered in 32 KB increments)',
    unit: '1 million messages',
    quantityPerUnit: 1e6,
    region: 'eu-west-1',
    source: page('https://aws.amazon.com/api-gateway/pricing/', `the stored copy states the 32 KB metering; ${NOT_IN_STORED_COPY}`),
  },
  webSocketConnectionMinutes: {
    name: 'API Gateway WebSocket connection minutes',
    unit: '1 million connection minutes',
    quantityPerUnit: 1e6,
    region: 'eu-west-1',
    source: page('https://aws.amazon.com/api-gateway/pricing/'),
  },
  logsIngestion: {
    name: 'CloudWatch Logs ingestion (debug log and function logs)',
    unit: 'GB ingested',
    quantityPerUnit: 1024 ** 3,
    region: 'eu-west-1',
    source: page('https://aws.amazon.com/cloudwatch/pricing/', 'no stored copy of the pricing page was found'),
  },
  sqsRequests: {
    name: 'SQS requests (dead-letter queues only: nothing on the capture path)',
    unit: '1 million requests',
    quantityPerUnit: 1e6,
    region: 'eu-west-1',
    source: page('https://aws.amazon.com/sqs/pricing/', 'no stored copy of the pricing page was found'),
  },
} satisfies Record<string, Price>;

export type PriceName = keyof typeof PRICE_LIST;
export const PRICES: Readonly<Record<PriceName, Price>> = PRICE_LIST;
