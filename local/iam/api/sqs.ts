/**
 * SQS requests as IAM sees them: the batch operations are authorized as their single-message actions
 * (`SendMessageBatch` → `sqs:SendMessage`), on the queue's ARN.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-api-permissions-reference.html
 */
import { operationOf, parseJsonBody } from '../../aws/protocol-json';
import { parseQueryParams } from '../../aws/protocol-query';
import type { LocalRequest } from '../../aws/request';
import { arnOf, text, wildcardOnly, type CallsOf } from './request-calls';

function input(request: LocalRequest): { operation: string; queueUrl?: string; queueName?: string } {
  if (request.target) {
    const body = parseJsonBody(request);
    return { operation: operationOf(request.target), queueUrl: text(body.QueueUrl), queueName: text(body.QueueName) };
  }
  const params = parseQueryParams(request);
  const path = request.url.pathname.split('/').filter(Boolean);
  return {
    operation: params.get('Action') ?? '',
    queueUrl: text(params.get('QueueUrl')) ?? (path.length >= 2 ? `http://local/${path.join('/')}` : undefined),
    queueName: text(params.get('QueueName')),
  };
}

export const sqsCalls: CallsOf = (request, scope) => {
  const { operation, queueUrl, queueName } = input(request);
  const action = `sqs:${operation.replace(/Batch$/, '')}`;
  const any = wildcardOnly(scope, action);
  if (any) return [any];
  const name = queueName ?? queueUrl?.split('/').filter(Boolean).pop();
  const account = queueUrl?.split('/').filter(Boolean).slice(-2)[0];
  if (!name) return [{ action, resource: '*' }];
  return [{ action, resource: arnOf({ ...scope, accountId: account && /^\d{12}$/.test(account) ? account : scope.accountId }, action, 'queue', { QueueName: name }) }];
};
