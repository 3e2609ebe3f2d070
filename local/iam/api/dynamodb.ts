/**
 * DynamoDB requests as IAM sees them. A transaction has no action of its own: each item is authorized as the
 * operation it performs (`dynamodb:PutItem`, `UpdateItem`, `DeleteItem`, `ConditionCheckItem`, `GetItem`) on its
 * table, with `dynamodb:EnclosingOperation`; a Query or Scan of an index is authorized on the index ARN.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html
 */
import { operationOf, parseJsonBody } from '../../aws/protocol-json';
import type { IamCall } from '../authorizer';
import { arnOf, text, wildcardOnly, type ArnScope, type CallsOf } from './request-calls';

type Json = Record<string, unknown>;

const TRANSACT_WRITE: Record<string, string> = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' };

function tableCall(scope: ArnScope, operation: string, table: string | undefined, index?: string, context?: IamCall['context']): IamCall {
  const action = `dynamodb:${operation}`;
  if (!table) return { action, resource: '*', context };
  if (table.startsWith('arn:')) return { action, resource: index ? `${table}/index/${index}` : table, context };
  const resource = index ? arnOf(scope, action, 'index', { TableName: table, IndexName: index }) : arnOf(scope, action, 'table', { TableName: table });
  return { action, resource, context };
}

export const dynamoDbCalls: CallsOf = (request, scope) => {
  const operation = operationOf(request.target);
  const input = parseJsonBody(request) as Json;
  switch (operation) {
    case 'TransactWriteItems':
      return ((input.TransactItems ?? []) as Json[]).flatMap((item) =>
        Object.entries(item)
          .filter(([kind]) => kind in TRANSACT_WRITE)
          .map(([kind, body]) => tableCall(scope, TRANSACT_WRITE[kind] as string, text((body as Json).TableName), undefined, { 'dynamodb:EnclosingOperation': operation })),
      );
    case 'TransactGetItems':
      return ((input.TransactItems ?? []) as Json[]).map((item) => tableCall(scope, 'GetItem', text((item.Get as Json | undefined)?.TableName), undefined, { 'dynamodb:EnclosingOperation': operation }));
    case 'BatchGetItem':
    case 'BatchWriteItem':
      return Object.keys((input.RequestItems ?? {}) as Json).map((table) => tableCall(scope, operation, table));
    case 'Query':
    case 'Scan':
      return [tableCall(scope, operation, text(input.TableName), text(input.IndexName))];
    default: {
      const any = wildcardOnly(scope, `dynamodb:${operation}`);
      return [any ?? tableCall(scope, operation, text(input.TableName) ?? text(input.ResourceArn))];
    }
  }
};
