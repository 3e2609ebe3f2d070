/**
 * The hook the local AWS endpoint calls before a service handles a request: the caller is found from the SigV4
 * access key id, the request is turned into IAM calls, and a denial is answered the way the service answers it:
 * - DynamoDB: `AccessDeniedException` (400);
 * - SQS: `AccessDenied` (403), the action in lower case as SQS writes it (`sqs:sendmessage`);
 * - EventBridge: `AccessDeniedException` (400);
 * - Lambda and EventBridge Scheduler: `AccessDeniedException` (403);
 * - SES: v2 `AccessDeniedException`, v1 `AccessDenied` (403); a send is refused in SES's own wording
 *   (User `…' is not authorized to perform `ses:SendEmail' on resource `…'), as in the denials recorded in
 *   https://github.com/aws/aws-sdk-js-v3/issues/2061.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/CommonErrors.html
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/CommonErrors.html
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/CommonErrors.html
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_Errors
 */
import { AwsServiceError } from '../../aws/errors';
import { jsonError } from '../../aws/protocol-json';
import { queryError } from '../../aws/protocol-query';
import { restJsonError } from '../../aws/protocol-rest';
import { accessKeyIdOf, type LocalRequest, type LocalResponse } from '../../aws/request';
import { SES_QUERY_XMLNS } from '../../ses/query-protocol';
import type { Authorizer, Denial } from '../authorizer';
import { dynamoDbCalls } from './dynamodb';
import { eventBridgeCalls } from './events';
import { lambdaCalls } from './lambda';
import type { ArnScope, CallsOf } from './request-calls';
import { schedulerCalls } from './scheduler';
import { sesCalls } from './ses';
import { sqsCalls } from './sqs';

interface ServiceAuthorization {
  readonly calls: CallsOf;
  readonly deny: (request: LocalRequest, message: string, denial: Denial) => LocalResponse;
  readonly lowerCaseAction?: boolean;
}

const SERVICES: Readonly<Record<string, ServiceAuthorization>> = {
  dynamodb: {
    calls: dynamoDbCalls,
    deny: (request, message) => jsonError(request, '1.0', new AwsServiceError('AccessDeniedException', message, 400), { namespace: 'com.amazonaws.dynamodb.v20120810' }),
  },
  sqs: {
    calls: sqsCalls,
    lowerCaseAction: true,
    deny: (request, message) => {
      const error = new AwsServiceError('AccessDeniedException', message, 403, {}, 'Sender', 'AccessDenied');
      return request.target
        ? jsonError(request, '1.0', error, { namespace: 'com.amazonaws.sqs', queryCompatible: true })
        : queryError(request, 'http://queue.amazonaws.com/doc/2012-11-05/', error);
    },
  },
  events: {
    calls: eventBridgeCalls,
    deny: (request, message) => jsonError(request, '1.1', new AwsServiceError('AccessDeniedException', message, 400)),
  },
  lambda: { calls: lambdaCalls, deny: (request, message) => restJsonError(request, new AwsServiceError('AccessDeniedException', message, 403)) },
  scheduler: { calls: schedulerCalls, deny: (request, message) => restJsonError(request, new AwsServiceError('AccessDeniedException', message, 403)) },
  ses: {
    calls: sesCalls,
    deny: (request, message, denial) => {
      const { action, resource, principal } = denial.request;
      const text = /^ses:Send/i.test(action) ? `User \`${principal.arn}' is not authorized to perform \`${action}' on resource \`${resource}'` : message;
      return request.url.pathname.startsWith('/v2/')
        ? restJsonError(request, new AwsServiceError('AccessDeniedException', text, 403))
        : queryError(request, SES_QUERY_XMLNS, new AwsServiceError('AccessDenied', text, 403));
    },
  },
  // GetCallerIdentity needs no permission.
  sts: { calls: () => [], deny: (request, message) => restJsonError(request, new AwsServiceError('AccessDenied', message, 403)) },
};

/** The endpoint hook: a denial response, or undefined to let the service handle the request. */
export type ApiAuthorizationHook = (service: string, request: LocalRequest) => LocalResponse | undefined;

export function apiAuthorizationHook(authorizer: Authorizer, scope: Omit<ArnScope, 'catalog'>, notice: (line: string) => void = console.warn): ApiAuthorizationHook {
  const unmapped = new Set<string>();
  return (service, request) => {
    const principal = authorizer.principalOf(accessKeyIdOf(request.headers, request.url));
    if (!principal || authorizer.mode === 'off') return undefined;
    const mapping = SERVICES[service];
    if (!mapping) {
      if (!unmapped.has(service)) notice(`[iam] requests of ${principal.arn} to ${service} are not authorized locally (no IAM mapping for that service)`);
      unmapped.add(service);
      return undefined;
    }
    let calls;
    try {
      calls = mapping.calls(request, { ...scope, catalog: authorizer.catalog });
    } catch (error) {
      if (error instanceof AwsServiceError) return undefined; // malformed: the service itself answers with its validation error
      throw error;
    }
    const denial = authorizer.authorize(principal, calls, { lowerCaseAction: mapping.lowerCaseAction });
    return denial ? mapping.deny(request, denial.message, denial) : undefined;
  };
}
