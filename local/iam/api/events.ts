/**
 * EventBridge requests as IAM sees them: `PutEvents` is authorized on each entry's event bus with the entry's
 * `events:source` and `events:detail-type`; the rule operations on the rule (`rule/<bus>/<name>`, or `rule/<name>`
 * on the default bus).
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-conditions.html
 */
import { operationOf, parseJsonBody } from '../../aws/protocol-json';
import { arnOf, text, wildcardOnly, type ArnScope, type CallsOf } from './request-calls';

const busName = (ref: string | undefined): string => (!ref ? 'default' : ref.startsWith('arn:') ? (ref.split('/').pop() as string) : ref);

function busArn(scope: ArnScope, ref: string | undefined): string {
  return ref?.startsWith('arn:') ? ref : arnOf(scope, 'events:PutEvents', 'event-bus', { EventBusName: busName(ref) });
}

const RULE_OPERATIONS = new Set(['DescribeRule', 'ListTargetsByRule', 'PutRule', 'PutTargets', 'RemoveTargets', 'DeleteRule', 'EnableRule', 'DisableRule']);

export const eventBridgeCalls: CallsOf = (request, scope) => {
  const operation = operationOf(request.target);
  const input = parseJsonBody(request);
  const action = `events:${operation}`;
  if (operation === 'PutEvents') {
    return ((input.Entries ?? []) as Array<Record<string, unknown>>).map((entry) => ({
      action,
      resource: busArn(scope, text(entry.EventBusName)),
      context: { 'events:source': text(entry.Source), 'events:detail-type': text(entry.DetailType) },
    }));
  }
  if (RULE_OPERATIONS.has(operation)) {
    const rule = text(input.Name) ?? text(input.Rule) ?? '';
    const bus = busName(text(input.EventBusName));
    const resource = rule.startsWith('arn:') ? rule : `arn:aws:events:${scope.region}:${scope.accountId}:rule/${bus === 'default' ? '' : `${bus}/`}${rule}`;
    return [{ action, resource }];
  }
  if (operation === 'DescribeEventBus') return [{ action, resource: busArn(scope, text(input.Name)) }];
  return [wildcardOnly(scope, action) ?? { action, resource: '*' }];
};
