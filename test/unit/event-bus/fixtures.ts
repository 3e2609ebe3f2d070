import type { EventBusRule, QueueRef, RetryPolicy } from '../../../modules/event-bus';

export const retryPolicy: RetryPolicy = { maximumEventAgeSeconds: 3600, maximumRetryAttempts: 3 };
export const dlq: QueueRef = { arn: 'arn:aws:sqs:eu-west-1:111111111111:dlq', url: 'https://sqs.eu-west-1.amazonaws.com/111111111111/dlq' };
export const inbox: QueueRef = { arn: 'arn:aws:sqs:eu-west-1:111111111111:inbox', url: 'https://sqs.eu-west-1.amazonaws.com/111111111111/inbox' };
export const fn = { arn: 'arn:aws:lambda:eu-west-1:111111111111:function:capture', functionName: 'capture' };

export const captureRule: EventBusRule = {
  description: 'capture attempts',
  eventPattern: { source: ['fakemon.attempt-to-capture-api'], 'detail-type': ['fakemon.capture_attempt'] },
  targets: [{ kind: 'lambda', name: 'capture', function: fn, deadLetterQueue: dlq, retryPolicy }],
};

export const baseProps = {
  busName: 'fakemon-test-bus',
  roleName: 'fakemon-test-eventbridge',
  rules: {},
  archives: {},
  scheduleGroups: {},
  schedules: {},
  schemaDiscoverer: true,
  tags: {},
};
