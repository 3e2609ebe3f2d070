import type { LocalServiceRoute } from '../aws/server';
import type { DynamoDbService } from './service';

export { DynamoDbService, createTableInput } from './service';
export type { DynamoDbServiceOptions } from './service';
export { pruneExpressionAttributes } from './transactions';

/** Mounts DynamoDB (`X-Amz-Target: DynamoDB_20120810.*`) on the local endpoint. */
export function dynamoDbRoute(service: DynamoDbService): LocalServiceRoute {
  return {
    name: 'dynamodb',
    targetPrefixes: ['DynamoDB_20120810', 'DynamoDB_20111205'],
    signingNames: ['dynamodb'],
    handle: (request) => service.handle(request),
  };
}
