import { assertUniformShape, toModuleInputs } from '../../../modules/event-bus';
import type { EventBusTarget } from '../../../modules/event-bus';
import { baseProps, captureRule, dlq, fn, inbox, retryPolicy } from './fixtures';

describe('toModuleInputs', () => {
  it('converts camelCase props to the module snake_case variables', () => {
    const inputs = toModuleInputs({
      ...baseProps,
      rules: {
        capture_attempt: captureRule,
        reminders: {
          description: 'reminders to the inbox',
          eventPattern: { 'detail-type': ['cart.reminder_due'] },
          enabled: false,
          targets: [{ kind: 'sqs', name: 'inbox', queue: inbox, deadLetterQueue: dlq, retryPolicy }],
        },
      },
      archives: { 'test-archive': { description: 'all', retentionDays: 7 } },
      scheduleGroups: { spawn: { name: 'fakemon-test-spawn' } },
      schedules: {
        spawn: {
          description: 'spawn',
          group: 'spawn',
          scheduleExpression: 'rate(1 minute)',
          target: { kind: 'lambda', function: fn },
          input: '{"count":5}',
          deadLetterQueue: dlq,
          retryPolicy,
        },
      },
    });
    expect(inputs).toMatchObject({
      bus_name: 'fakemon-test-bus',
      role_name: 'fakemon-test-eventbridge',
      create_schemas_discoverer: true,
      create_archives: true,
      create_role: true,
      attach_policy_statements: true,
      rules: {
        capture_attempt: {
          description: 'capture attempts',
          event_pattern: '{"source":["fakemon.attempt-to-capture-api"],"detail-type":["fakemon.capture_attempt"]}',
          state: 'ENABLED',
        },
        reminders: { state: 'DISABLED' },
      },
      targets: {
        capture_attempt: [
          {
            name: 'capture',
            arn: fn.arn,
            dead_letter_arn: dlq.arn,
            retry_policy: { maximum_event_age_in_seconds: 3600, maximum_retry_attempts: 3 },
          },
        ],
        reminders: [{ name: 'inbox', arn: inbox.arn, dead_letter_arn: dlq.arn }],
      },
      archives: { 'test-archive': { retention_days: 7, description: 'all' } },
      schedules: {
        spawn: { group_name: 'spawn', schedule_expression: 'rate(1 minute)', arn: fn.arn, input: '{"count":5}', dead_letter_arn: dlq.arn },
      },
      policy_statements: {
        invoke_schedule_targets: { actions: ['lambda:InvokeFunction'], resources: [fn.arn] },
        schedule_dead_letters: { actions: ['sqs:SendMessage'], resources: [dlq.arn] },
      },
    });
  });

  it('creates no module role when there are no schedules', () => {
    const inputs = toModuleInputs({ ...baseProps, rules: { capture_attempt: captureRule } });
    expect(inputs).toMatchObject({ create_role: false, attach_policy_statements: false, policy_statements: {} });
  });

  it.each<[string, Partial<EventBusTarget>, RegExp]>([
    ['a Lambda target without a DLQ', { deadLetterQueue: undefined }, /target "capture": a lambda target needs a deadLetterQueue/],
    ['a Lambda target without a retry policy', { retryPolicy: undefined }, /target "capture": a lambda target needs an explicit retryPolicy/],
    ['a retry age below 60 s', { retryPolicy: { maximumEventAgeSeconds: 10, maximumRetryAttempts: 1 } }, /maximumEventAgeSeconds must be an integer from 60 to 86400 \(got 10\)/],
    ['more than 185 retries', { retryPolicy: { maximumEventAgeSeconds: 60, maximumRetryAttempts: 186 } }, /maximumRetryAttempts must be an integer from 0 to 185/],
    ['a bad target name', { name: 'has space' }, /target names are 1-64 letters/],
  ])('refuses %s', (_what, patch, message) => {
    const target = { ...captureRule.targets[0], ...patch } as EventBusTarget;
    expect(() => toModuleInputs({ ...baseProps, rules: { capture_attempt: { ...captureRule, targets: [target] } } })).toThrow(message);
  });

  it('refuses an SQS target without a DLQ', () => {
    const target = { kind: 'sqs', name: 'inbox', queue: inbox, retryPolicy } as unknown as EventBusTarget;
    expect(() => toModuleInputs({ ...baseProps, rules: { reminders: { ...captureRule, targets: [target] } } })).toThrow(
      /a sqs target needs a deadLetterQueue/,
    );
  });

  it('refuses a target name used by two rules', () => {
    expect(() => toModuleInputs({ ...baseProps, rules: { first: captureRule, second: captureRule } })).toThrow(
      'EventBus "fakemon-test-bus": duplicate target name "capture" in rules "first" and "second": target names must be unique across all rules',
    );
  });

  it.each(['Capture', '1st', 'with-dash', ''])('refuses rule key %j', (key) => {
    expect(() => toModuleInputs({ ...baseProps, rules: { [key]: captureRule } })).toThrow(/rule key .* must start with a letter/);
  });

  it('refuses rules of different shapes (the module takes map(any))', () => {
    expect(() =>
      assertUniformShape('bus', 'rules', {
        a: { description: 'x', event_pattern: '{}', state: 'ENABLED' },
        b: { description: 'x', event_pattern: '{}', state: 'ENABLED', role_arn: true },
      }),
    ).toThrow(/rules must all have the same shape .* "b" has \{description:string,event_pattern:string,role_arn:boolean,state:string\}/);
  });

  it('refuses a schedule whose group is not defined', () => {
    expect(() =>
      toModuleInputs({
        ...baseProps,
        schedules: {
          spawn: { description: 's', group: 'nope', scheduleExpression: 'rate(1 minute)', target: { kind: 'lambda', function: fn }, deadLetterQueue: dlq, retryPolicy },
        },
      }),
    ).toThrow(/schedule "spawn": schedule group "nope" is not defined/);
  });

  it('serializes an event pattern exactly once', () => {
    const inputs = toModuleInputs({ ...baseProps, rules: { capture_attempt: captureRule } }) as { rules: Record<string, { event_pattern: string }> };
    expect(JSON.parse(inputs.rules.capture_attempt.event_pattern)).toEqual(captureRule.eventPattern);
  });
});
