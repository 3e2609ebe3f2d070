import { StackJson, synthesizeAll } from '../../support/synthesized-stacks';

const stacks = synthesizeAll();
const resources = (json: StackJson, type: string): Array<Record<string, unknown>> => Object.values(json.resource[type] ?? {});
const statements = (json: StackJson, policyName: string): Array<{ Sid: string; Action: string[]; Resource: string[]; Condition?: unknown }> => {
  const policy = resources(json, 'aws_iam_role_policy').find((p) => p.name === policyName);
  if (!policy) throw new Error(`no policy ${policyName}`);
  return JSON.parse(String(policy.policy)).Statement;
};

describe.each(Object.keys(stacks).sort())('%s: the cart reminder', (name) => {
  const { json } = stacks[name];
  const busArn = `arn:aws:events:${json.provider.aws[0].region}:${(json.output as Record<string, { value: string }>).account_id.value}:event-bus/${name}-bus`;

  it('puts items and checkouts straight on the bus, answering "message received"', () => {
    const templates = resources(json, 'aws_api_gateway_integration').map((i) => (i.request_templates as Record<string, string>)['application/json']);
    const items = templates.find((t) => t.includes('"DetailType":"cart.item_added"'));
    const checkout = templates.find((t) => t.includes('"DetailType":"cart.checked_out"'));
    for (const template of [items, checkout]) {
      expect(template).toContain(`#set($cartId = $input.params('cartId'))`);
      expect(template).toContain(`#if($cartId.matches('^[A-Za-z0-9-]{1,64}$') && $caller.matches('^[a-z][a-z0-9_]{2,23}$'))`);
      expect(template).toContain(`\\"user\\":\\"$caller\\"`); // the cart's user is the signed-in player
      expect(template).toContain('"Source":"cart.api"');
    }
    const accepted = resources(json, 'aws_api_gateway_integration_response').filter((r) =>
      String((r.response_templates as Record<string, string>)['application/json']).includes('"message":"message received"'),
    );
    expect(accepted).toHaveLength(2);
    expect(resources(json, 'aws_api_gateway_model').map((m) => m.name).sort()).toEqual(['CaptureRequest', 'CartItemRequest', 'CheckoutRequest']);
  });

  it('lets Scheduler put reminders only on this bus and dead-letter them only to its DLQ', () => {
    expect(statements(json, `${name}-cart-reminder-scheduler`)).toEqual([
      expect.objectContaining({ Action: ['events:PutEvents'], Resource: [busArn] }),
      expect.objectContaining({ Action: ['sqs:SendMessage'], Resource: [expect.stringMatching(/cart_schedule-dlq.*\.arn\}$/)] }),
    ]);
  });

  it('lets the cart-reminder function manage only its group’s schedules, pass only the scheduler role and remember checkouts', () => {
    const granted = statements(json, `${name}-cart-reminder-policy`);
    expect(granted.find((s) => s.Sid === 'RememberCheckouts')).toMatchObject({
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      Resource: [expect.stringMatching(/^\$\{aws_dynamodb_table\.tables_checkouts_.*\.arn\}$/)],
    });
    expect(granted.find((s) => s.Sid === 'ManageCartReminderSchedules')).toMatchObject({
      Action: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:GetSchedule', 'scheduler:DeleteSchedule'],
      Resource: [expect.stringMatching(new RegExp(`:schedule/${name}-cart-reminders/\\*$`))],
    });
    expect(granted.find((s) => s.Sid === 'PassSchedulerRole')).toMatchObject({
      Action: ['iam:PassRole'],
      Resource: [expect.stringMatching(/cart_scheduler-role.*\.arn\}$/)],
      Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
    });
  });

  it('routes cart activity to the function and due reminders to the encrypted cart-reminders queue', () => {
    const bus = Object.values(json.module)[0] as { rules: Record<string, { event_pattern: string }>; targets: Record<string, Array<Record<string, unknown>>>; schedule_groups: Record<string, { name: string }> };
    expect(JSON.parse(bus.rules.cart_activity.event_pattern)['detail-type']).toEqual(['cart.item_added', 'cart.checked_out']);
    expect(JSON.parse(bus.rules.cart_reminder_due.event_pattern)).toMatchObject({ source: ['cart.reminder-service'], 'detail-type': ['cart.reminder_due'] });
    expect(bus.targets.cart_reminder_due).toEqual([
      expect.objectContaining({ name: 'cart-reminders', arn: expect.stringContaining('cart_reminders_queue'), dead_letter_arn: expect.stringContaining('cart_reminders-dlq') }),
    ]);
    expect(bus.schedule_groups.cart_reminders).toEqual({ name: `${name}-cart-reminders` });
    const queue = resources(json, 'aws_sqs_queue').find((q) => q.name === `${name}-cart-reminders`);
    expect(queue).toMatchObject({ sqs_managed_sse_enabled: true });
    expect(JSON.parse(String(queue?.redrive_policy))).toMatchObject({ maxReceiveCount: 5 });
    const policies = resources(json, 'aws_sqs_queue_policy').map((p) => JSON.parse(String(p.policy)).Statement[0]);
    expect(policies).toContainEqual(
      expect.objectContaining({ Resource: expect.stringContaining('cart_reminders_queue'), Condition: { ArnEquals: { 'aws:SourceArn': [expect.stringContaining('eventbridge_rule_arns.cart_reminder_due')] } } }),
    );
  });
});
