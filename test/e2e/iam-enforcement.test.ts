/**
 * IAM and resource policies are enforced by the local runtime, from the synthesized stack: every statement of the
 * capture and notify roles is needed by a named flow, a rule without its Lambda permission sends its events to the
 * target's DLQ, and a hand-edited `cdktf.out` started without synthesizing fails the way AWS would.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetQueueUrlCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import type { LocalStack } from '../../local/runtime';
import { editedCopy, readStack, removeStatement, removeTemporaryStacks, roleStatements, startFrom, synthesizeToTemp, type StackJson } from './support/edited-stack';
import { CAPTURE_SCENARIOS, failingScenarios, NOTIFY_SCENARIOS, type Scenario } from './support/iam-scenarios';
import { localPlayers, Player, postJson } from './support/player';

jest.setTimeout(600_000);

const STACK = 'fakemon-dev';
let outdir: string;
let synthesized: StackJson;

beforeAll(async () => {
  outdir = await synthesizeToTemp();
  synthesized = readStack(outdir, STACK);
});
afterAll(() => removeTemporaryStacks());

async function withStack<T>(dir: string, run: (stack: LocalStack) => Promise<T>): Promise<T> {
  const stack = await startFrom(dir);
  try {
    return await run(stack);
  } finally {
    await stack.stop();
  }
}

describe.each([
  ['capture', CAPTURE_SCENARIOS],
  ['notify', NOTIFY_SCENARIOS],
] as Array<[string, readonly Scenario[]]>)('the %s role: every statement is needed by a named flow', (fn, scenarios) => {
  it('with the synthesized policy, every scenario passes', async () => {
    expect(await withStack(outdir, (stack) => failingScenarios(stack, scenarios))).toEqual([]);
  });

  it('removing any single statement makes a scenario fail (statements read from the synthesized stack)', async () => {
    const statements = roleStatements(synthesized, `${STACK}-${fn}`);
    expect(statements.length).toBeGreaterThan(0);
    const outcomes: Array<{ statement: string; failing: string[] }> = [];
    for (const statement of statements) {
      const dir = editedCopy(outdir, STACK, (json) => removeStatement(json, statement));
      const failing = await withStack(dir, (stack) => failingScenarios(stack, scenarios));
      outcomes.push({ statement: statement.sid, failing: failing.map((f) => f.name) });
    }
    // Every statement has at least one scenario that fails without it.
    expect(outcomes.filter((o) => o.failing.length === 0)).toEqual([]);
    expect(outcomes.map((o) => o.statement)).toEqual(statements.map((s) => s.sid));
  });
});

describe('resource policies of EventBridge targets', () => {
  it("removing a rule's Lambda permission sends its events to the target's DLQ with NO_PERMISSIONS, counted per rule", async () => {
    // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html (ERROR_CODE NO_PERMISSIONS; no retries)
    const permissions = Object.entries(synthesized.resource.aws_lambda_permission ?? {}).filter(([, p]) => String(p.source_arn).includes('eventbridge_rule_arns.capture_attempt'));
    expect(permissions).toHaveLength(1);
    const dir = editedCopy(outdir, STACK, (json) => {
      delete json.resource.aws_lambda_permission?.[permissions[0]?.[0] as string];
    });
    await withStack(dir, async (stack) => {
      const sqs = new SQSClient({ region: stack.config.region, endpoint: stack.awsEndpoint, credentials: { accessKeyId: 'admin', secretAccessKey: 'x' } });
      const players = localPlayers(stack);
      try {
        const ash = await players.signIn('ash');
        const response = await postJson(`${stack.restUrl}/captures`, { fakemon: 'fm-nope' }, { token: ash.tokens.idToken });
        expect(response.status).toBe(202);
        await stack.aws.settled();
        const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: `${STACK}-capture-dlq` }));
        const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], WaitTimeSeconds: 1 }));
        const dead = Messages.filter((m) => (JSON.parse(String(m.Body)) as { detail?: { attemptId?: string } }).detail?.attemptId === response.body.attemptId);
        expect(dead).toHaveLength(1);
        const attributes = dead[0]?.MessageAttributes ?? {};
        expect(attributes.ERROR_CODE?.StringValue).toBe('NO_PERMISSIONS');
        expect(attributes.RETRY_ATTEMPTS?.StringValue).toBe('0');
        expect(attributes.ERROR_MESSAGE?.StringValue).toMatch(
          new RegExp(`^User: events\\.amazonaws\\.com is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:eu-west-1:\\d{12}:function:${STACK}-capture because no resource-based policy allows the lambda:InvokeFunction action`),
        );
        expect(attributes.RULE_ARN?.StringValue).toMatch(/:rule\/fakemon-dev-bus\/capture-attempt-rule$/);
        const metrics = (await (await fetch(`${stack.awsEndpoint}/_local/metrics`)).json()) as { rules: Record<string, Record<string, { sentToDlq: number; errorCodes: Record<string, number> }>> };
        const rule = Object.entries(metrics.rules).find(([arn]) => arn.endsWith('/capture-attempt-rule'))?.[1] ?? {};
        expect(Object.values(rule)).toEqual([{ sentToDlq: 1, dropped: 0, errorCodes: { NO_PERMISSIONS: 1 } }]);
        // The other rules still deliver: the debug log got the attempt.
        expect(stack.aws.services.logs.read(`/aws/events/${STACK}-debug`).some((e) => e.message.includes(String(response.body.attemptId)))).toBe(true);
      } finally {
        sqs.destroy();
        players.destroy();
      }
    });
  });

  it('removing the queue policy of the cart reminders queue sends due reminders to its DLQ; without the DLQ policy too they are dropped', async () => {
    const policies = Object.entries(synthesized.resource.aws_sqs_queue_policy ?? {});
    const queuePolicy = policies.find(([, p]) => String(p.queue_url).includes('cart_reminders_queue'))?.[0] as string;
    const dlqPolicy = policies.find(([, p]) => String(p.queue_url).includes('cart_reminders-dlq'))?.[0] as string;
    expect([queuePolicy, dlqPolicy].every(Boolean)).toBe(true);
    const put = async (stack: LocalStack): Promise<void> => {
      const events = new EventBridgeClient({ region: stack.config.region, endpoint: stack.awsEndpoint, credentials: { accessKeyId: 'admin', secretAccessKey: 'x' } });
      const result = await events.send(
        new PutEventsCommand({ Entries: [{ EventBusName: `${STACK}-bus`, Source: 'cart.reminder-service', DetailType: 'cart.reminder_due', Detail: JSON.stringify({ cartId: 'c-1', user: 'u-1', product: 'potion' }) }] }),
      );
      events.destroy();
      expect(result.FailedEntryCount).toBe(0);
      await stack.aws.settled();
    };
    await withStack(editedCopy(outdir, STACK, (json) => delete json.resource.aws_sqs_queue_policy?.[queuePolicy]), async (stack) => {
      await put(stack);
      expect(stack.aws.services.events.delivery.failures.filter((f) => f.targetArn.endsWith(':fakemon-dev-cart-reminders')).map((f) => [f.errorCode, f.outcome])).toEqual([['NO_PERMISSIONS', 'dlq']]);
    });
    await withStack(
      editedCopy(outdir, STACK, (json) => {
        delete json.resource.aws_sqs_queue_policy?.[queuePolicy];
        delete json.resource.aws_sqs_queue_policy?.[dlqPolicy];
      }),
      async (stack) => {
        await put(stack);
        expect(stack.aws.services.events.counters).toMatchObject({ sentToDlq: 0, failedToSendToDlq: 1 });
      },
    );
  });
});

describe('a hand-edited cdktf.out started without synthesizing fails the way AWS would', () => {
  it('without ManageCartReminderSchedules, cart-reminder cannot create the schedule: AccessDeniedException naming the role session', async () => {
    const statement = roleStatements(synthesized, `${STACK}-cart-reminder`).find((s) => s.sid === 'ManageCartReminderSchedules');
    expect(statement).toBeDefined();
    const dir = editedCopy(outdir, STACK, (json) => removeStatement(json, statement as NonNullable<typeof statement>));
    await withStack(dir, async (stack) => {
      const players = localPlayers(stack);
      const shopper = await players.signIn('shopper').finally(() => players.destroy());
      const response = await postJson(`${stack.restUrl}/carts/cart-iam/items`, { product: 'potion', quantity: 1 }, { token: shopper.tokens.idToken });
      expect(response.status).toBe(202);
      await stack.aws.settled();
      const iam = (await (await fetch(`${stack.awsEndpoint}/_local/iam`)).json()) as { mode: string; denials: Array<{ action: string; message: string }> };
      expect(iam.mode).toBe('enforce');
      expect(iam.denials.map((d) => d.message)).toContain(
        `User: arn:aws:sts::111111111111:assumed-role/${STACK}-cart-reminder-role/${STACK}-cart-reminder is not authorized to perform: scheduler:CreateSchedule on resource: arn:aws:scheduler:eu-west-1:111111111111:schedule/${STACK}-cart-reminders/cart.cart-iam because no identity-based policy allows the scheduler:CreateSchedule action`,
      );
      expect(stack.aws.services.scheduler.listSchedules({ ScheduleGroup: `${STACK}-cart-reminders` })).toMatchObject({ Schedules: [] });
    });
  });

  it('with --iam warn the same stack works and the denial is reported; with off nothing is evaluated', async () => {
    const statement = roleStatements(synthesized, `${STACK}-cart-reminder`).find((s) => s.sid === 'ManageCartReminderSchedules') as NonNullable<ReturnType<typeof roleStatements>[number]>;
    const dir = editedCopy(outdir, STACK, (json) => removeStatement(json, statement));
    for (const mode of ['warn', 'off'] as const) {
      const stack = await startFrom(dir, { iam: mode });
      try {
        const players = localPlayers(stack);
        const shopper = await players.signIn('shopper').finally(() => players.destroy());
        await postJson(`${stack.restUrl}/carts/cart-${mode}/items`, { product: 'potion', quantity: 1 }, { token: shopper.tokens.idToken });
        await stack.aws.settled();
        const schedules = stack.aws.services.scheduler.listSchedules({ ScheduleGroup: `${STACK}-cart-reminders` }) as { Schedules: Array<{ Name: string }> };
        expect(schedules.Schedules.map((s) => s.Name)).toEqual([`cart.cart-${mode}`]);
        const iam = (await (await fetch(`${stack.awsEndpoint}/_local/iam`)).json()) as { mode: string; denials: unknown[] };
        expect(iam.mode).toBe(mode);
        expect(iam.denials.length > 0).toBe(mode === 'warn');
      } finally {
        await stack.stop();
      }
    }
  });
});

describe("denials answer with each service's error", () => {
  // A session of the spawn role, which may only PutItem on the world table, put events and send to its DLQ.
  it('DynamoDB, SQS, EventBridge, Lambda, Scheduler and the Management API refuse a function like AWS does', async () => {
    await withStack(outdir, async (stack) => {
      const spawn = stack.config.functions.find((f) => f.name === `${STACK}-spawn`);
      const credentials = stack.aws.iam?.issue(String(spawn?.roleArn), String(spawn?.name));
      expect(credentials).toBeDefined();
      const config = { region: stack.config.region, endpoint: stack.awsEndpoint, credentials, maxAttempts: 1 };
      const session = `arn:aws:sts::111111111111:assumed-role/${STACK}-spawn-role/${STACK}-spawn`;
      const refused = async (call: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> => {
        try {
          await call;
        } catch (error) {
          const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
          return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
        }
        throw new Error('the call was allowed');
      };
      const dynamodb = new DynamoDBClient(config);
      const sqs = new SQSClient(config);
      const events = new EventBridgeClient(config);
      const lambda = new LambdaClient(config);
      const scheduler = new SchedulerClient(config);
      const management = new ApiGatewayManagementApiClient({ ...config, endpoint: `${stack.webSocketUrl.replace(/^ws/, 'http')}` });
      const players = localPlayers(stack);
      const probe = await players.signIn('iam_probe').finally(() => players.destroy());
      const player = await Player.connect(stack.webSocketUrl, probe);
      try {
        // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html: allowed where the role allows.
        await dynamodb.send(new PutItemCommand({ TableName: String(stack.config.outputs.collections_table).replace('collections', 'world'), Item: { fakemonId: { S: 'fm-probe' } } }));
        expect(await refused(dynamodb.send(new PutItemCommand({ TableName: String(stack.config.outputs.collections_table), Item: { player: { S: 'p' }, fakemonId: { S: 'f' } } })))).toEqual({
          name: 'AccessDeniedException',
          status: 400,
          message: `User: ${session} is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:eu-west-1:111111111111:table/${STACK}-collections because no identity-based policy allows the dynamodb:PutItem action`,
        });
        const { QueueUrl } = await new SQSClient({ ...config, credentials: { accessKeyId: 'admin', secretAccessKey: 'x' } }).send(new GetQueueUrlCommand({ QueueName: `${STACK}-capture-dlq` }));
        // SQS writes the action in lower case (https://github.com/aws/serverless-application-model/issues/3633 shows AWS's text).
        expect(await refused(sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x' })))).toEqual({
          name: 'AccessDenied',
          status: 403,
          message: `User: ${session} is not authorized to perform: sqs:sendmessage on resource: arn:aws:sqs:eu-west-1:111111111111:${STACK}-capture-dlq because no identity-based policy allows the sqs:sendmessage action`,
        });
        expect(await refused(events.send(new PutEventsCommand({ Entries: [{ EventBusName: 'default', Source: 's', DetailType: 'd', Detail: '{}' }] })))).toMatchObject({ name: 'AccessDeniedException', status: 400 });
        expect(await refused(lambda.send(new InvokeCommand({ FunctionName: `${STACK}-capture`, Payload: Buffer.from('{}') })))).toEqual({
          name: 'AccessDeniedException',
          status: 403,
          message: `User: ${session} is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:eu-west-1:111111111111:function:${STACK}-capture because no identity-based policy allows the lambda:InvokeFunction action`,
        });
        expect(
          await refused(scheduler.send(new CreateScheduleCommand({ Name: 'probe', ScheduleExpression: 'rate(1 hour)', FlexibleTimeWindow: { Mode: 'OFF' }, Target: { Arn: 'arn:aws:sqs:eu-west-1:111111111111:q', RoleArn: 'arn:aws:iam::111111111111:role/r' } }))),
        ).toMatchObject({ name: 'AccessDeniedException', status: 403, message: expect.stringContaining('scheduler:CreateSchedule on resource: arn:aws:scheduler:eu-west-1:111111111111:schedule/default/probe') });
        const connectionId = stack.webSocket.registry.connectionIds()[0] as string;
        expect(await refused(management.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from('{}') })))).toMatchObject({
          name: 'ForbiddenException',
          status: 403,
          message: expect.stringContaining(`execute-api:ManageConnections on resource: arn:aws:execute-api:eu-west-1:111111111111:`),
        });
      } finally {
        for (const client of [dynamodb, sqs, events, lambda, scheduler, management]) client.destroy();
        await player.close();
      }
    });
  });
});
