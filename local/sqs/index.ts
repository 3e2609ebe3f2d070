import type { LocalServiceRoute } from '../aws/server';
import { isQueryRequest, parseQueryParams } from '../aws/protocol-query';
import { handleSqsJson, SQS_OPERATIONS } from './json-protocol';
import { handleSqsQuery } from './query-protocol';
import type { SqsService } from './service';

export { SqsService } from './service';
export type { SqsServiceOptions, SqsCounters } from './service';
export { md5OfMessageAttributes, type SqsMessageAttributeValue } from './md5';

/** Mounts SQS (JSON protocol by `X-Amz-Target: AmazonSQS.*`, query protocol by signing name "sqs"). */
export function sqsRoute(service: SqsService): LocalServiceRoute {
  return {
    name: 'sqs',
    targetPrefixes: ['AmazonSQS'],
    signingNames: ['sqs'],
    handle: (request) => (request.target ? handleSqsJson(service, request) : handleSqsQuery(service, request)),
    // Unsigned legacy query requests (e.g. curl) are recognised by their Action.
    matches: (request) => isQueryRequest(request) && (parseQueryParams(request).get('Action') ?? '') in SQS_OPERATIONS,
  };
}
