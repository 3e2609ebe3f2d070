import { DescribeArchiveCommand, EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  DeleteScheduleCommand,
  GetScheduleCommand,
  SchedulerClient,
  UpdateScheduleCommand,
  type GetScheduleCommandOutput,
} from '@aws-sdk/client-scheduler';
import { DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { parseAtExpression, scheduleNameFor } from '../../handlers/src/cart-reminder/domain';
import { e2eTarget, E2eTarget } from './support/target';
import { PlayerDirectory, postJson, type SignedIn } from './support/player';

const onAws = process.env.E2E_TARGET === 'aws';
// On AWS every reminder test waits out the real delay (120 s in a pr stack) plus Scheduler's own latency.
jest.setTimeout(onAws ? 1_200_000 : 60_000);

let target: E2eTarget;
let scheduler: SchedulerClient;
let sqs: SQSClient;
let lambda: LambdaClient;
let events: EventBridgeClient;
let remindersQueueUrl: string;
let scheduleDlqUrl: string;
let group: string;
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** How long to keep looking for something asynchronous: immediate locally (after settle), patient on AWS. */
const patience = onAws ? 120_000 : 2_000;
/** Past the reminder time before looking for it: Scheduler fires one-time schedules within seconds on AWS. */
const margin = onAws ? 20 : 1;

let players: PlayerDirectory;
/** The signed-in player whose carts these are (the cart's `user` is the caller, from the token). */
let shopper: SignedIn;

beforeAll(async () => {
  target = await e2eTarget();
  players = new PlayerDirectory(target);
  scheduler = new SchedulerClient(target.client);
  sqs = new SQSClient(target.client);
  lambda = new LambdaClient(target.client);
  events = new EventBridgeClient(target.client);
  group = target.outputs.cart_reminder_schedule_group;
  remindersQueueUrl = target.outputs.cart_reminders_queue_url;
  expect(group).toEqual(expect.any(String));
  expect(remindersQueueUrl).toEqual(expect.any(String));
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: `${target.stackName}-cart-reminder-schedules-dlq` }));
  scheduleDlqUrl = String(QueueUrl);
});
afterAll(async () => {
  for (const client of [scheduler, sqs, lambda, events]) client?.destroy();
  players?.destroy();
  await target?.stop();
});

// Tests move the clock by a day: sign in again before each, as a real client refreshes its tokens.
beforeEach(async () => {
  shopper = await players.signIn(`shopper_${run.slice(0, 12)}`);
});

/** The target's "now": the local clock (moved by advance) or the real one. */
const targetNow = (): number => (target.local ? target.local.aws.clock.now().getTime() : Date.now());

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = patience): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(onAws ? 2000 : 50);
  }
}

const addItem = (cartId: string, body: unknown) => postJson(`${target.restUrl}/carts/${encodeURIComponent(cartId)}/items`, body, { token: shopper.tokens.idToken });
const checkout = (cartId: string, body: unknown) => postJson(`${target.restUrl}/carts/${encodeURIComponent(cartId)}/checkout`, body, { token: shopper.tokens.idToken });

async function findSchedule(cartId: string): Promise<GetScheduleCommandOutput | undefined> {
  try {
    return await scheduler.send(new GetScheduleCommand({ Name: scheduleNameFor(cartId), GroupName: group }));
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

async function scheduleOf(cartId: string): Promise<GetScheduleCommandOutput> {
  await target.settle();
  return eventually(() => findSchedule(cartId), `a reminder schedule for ${cartId}`);
}

async function expectNoSchedule(cartId: string): Promise<void> {
  await eventually(async () => ((await findSchedule(cartId)) ? undefined : true), `the schedule of ${cartId} to be gone`);
}

/** Lets time pass until `margin` seconds after the schedule's at() time. */
async function advancePast(schedule: GetScheduleCommandOutput): Promise<void> {
  const at = parseAtExpression(schedule.ScheduleExpression);
  if (!at) throw new Error(`not a one-time schedule: ${schedule.ScheduleExpression}`);
  await target.advance(Math.max(0, (at.getTime() - targetNow()) / 1000) + margin);
}

async function deleteScheduleQuietly(cartId: string): Promise<void> {
  await scheduler.send(new DeleteScheduleCommand({ Name: scheduleNameFor(cartId), GroupName: group })).catch(() => undefined);
}

/** Receives from `queueUrl` until a message matches (deleting it), or the time is up. */
async function receiveMatching(queueUrl: string, matches: (message: Message) => boolean, timeoutMs = patience): Promise<Message[]> {
  const found: Message[] = [];
  const deadline = Date.now() + timeoutMs;
  do {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
        // Others' messages come back at once for the next look.
        VisibilityTimeout: 0,
        WaitTimeSeconds: onAws ? 5 : 0,
      }),
    );
    for (const message of Messages) {
      if (!matches(message) || found.some((m) => m.MessageId === message.MessageId)) continue;
      found.push(message);
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
    }
    if (found.length > 0) return found;
    if (!onAws) await sleep(50);
  } while (Date.now() < deadline);
  return found;
}

function bodyOf(message: Message): Record<string, unknown> {
  try {
    const parsed = JSON.parse(String(message.Body)) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
const isReminderFor = (cartId: string) => (message: Message): boolean => {
  const event = bodyOf(message);
  return event['detail-type'] === 'cart.reminder_due' && (event.detail as { cartId?: unknown } | undefined)?.cartId === cartId;
};

describe('cart reminders, end to end', () => {
  it('an added item schedules a reminder that reaches the cart-reminders queue after the delay, then the schedule is gone', async () => {
    const cartId = `cart-${run}-remind`;
    const user = shopper.name;
    try {
      const before = Math.floor(targetNow() / 1000) * 1000;
      const response = await addItem(cartId, { product: 'poke-ball', quantity: 3 });
      expect(response).toEqual({ status: 202, body: { message: 'message received', eventId: expect.any(String) } });
      const after = targetNow();

      const schedule = await scheduleOf(cartId);
      expect(schedule).toMatchObject({
        Name: scheduleNameFor(cartId),
        GroupName: group,
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        State: 'ENABLED',
        Target: {
          Arn: target.outputs.event_bus_arn,
          EventBridgeParameters: { DetailType: 'cart.reminder_due', Source: 'cart.reminder-service' },
          DeadLetterConfig: { Arn: expect.stringMatching(new RegExp(`:${target.stackName}-cart-reminder-schedules-dlq$`)) },
        },
      });
      expect(JSON.parse(String(schedule.Target?.Input))).toEqual({ cartId, user, product: ['poke-ball'] });

      // at() = the event's time (between the request and its answer) + the function's configured delay.
      const { Environment } = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: `${target.stackName}-cart-reminder` }));
      const delaySeconds = Number(Environment?.Variables?.REMINDER_DELAY_SECONDS);
      expect(delaySeconds).toBeGreaterThanOrEqual(60);
      const at = Number(parseAtExpression(schedule.ScheduleExpression)?.getTime());
      const skew = onAws ? 5_000 : 0; // this machine's clock against AWS's
      expect(at).toBeGreaterThanOrEqual(before + delaySeconds * 1000 - skew);
      expect(at).toBeLessThanOrEqual(after + delaySeconds * 1000 + skew);

      await advancePast(schedule);
      const [reminder, ...more] = await receiveMatching(remindersQueueUrl, isReminderFor(cartId));
      expect(reminder).toBeDefined();
      expect(more).toEqual([]);
      expect(bodyOf(reminder)).toMatchObject({
        source: 'cart.reminder-service',
        'detail-type': 'cart.reminder_due',
        detail: { cartId, user, product: ['poke-ball'] },
      });
      await expectNoSchedule(cartId);
    } finally {
      await deleteScheduleQuietly(cartId);
    }
  });

  it('a cart checked out before the delay has its schedule deleted, and no reminder ever arrives for it', async () => {
    const cartId = `cart-${run}-bought`;
    try {
      expect((await addItem(cartId, { product: 'potion', quantity: 1 })).status).toBe(202);
      const schedule = await scheduleOf(cartId);

      const response = await checkout(cartId, {});
      expect(response).toEqual({ status: 202, body: { message: 'message received', eventId: expect.any(String) } });
      await target.settle();
      await expectNoSchedule(cartId);

      await advancePast(schedule);
      // Give a reminder every chance to show up before concluding there is none.
      expect(await receiveMatching(remindersQueueUrl, isReminderFor(cartId), onAws ? 60_000 : 200)).toEqual([]);
      expect(await receiveMatching(scheduleDlqUrl, (m) => bodyOf(m).cartId === cartId, onAws ? 10_000 : 200)).toEqual([]);
    } finally {
      await deleteScheduleQuietly(cartId);
    }
  });

  // A rule's delivery is unordered ("an unordered subscriber delivers events in parallel",
  // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-custom-bus-ordering.html): an item added before the
  // checkout may be delivered after it. The late event is put on the bus with the time it was added (PutEvents'
  // `Time`, https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsRequestEntry.html), after the
  // checkout went through the API.
  it('an item event delivered after its cart was checked out creates no reminder, and none arrives', async () => {
    const cartId = `cart-${run}-late`;
    try {
      const checkedOutAt = targetNow();
      expect((await checkout(cartId, {})).status).toBe(202);
      await target.settle();
      const late = await events.send(
        new PutEventsCommand({
          Entries: [
            {
              EventBusName: target.outputs.event_bus_name,
              Source: 'cart.api',
              DetailType: 'cart.item_added',
              Time: new Date(checkedOutAt - 30_000),
              Detail: JSON.stringify({ cartId, user: shopper.name, product: 'potion', quantity: 1 }),
            },
          ],
        }),
      );
      expect(late.FailedEntryCount).toBe(0);
      await target.settle();
      // Long enough for the function to have made a schedule if it were going to.
      if (onAws) await sleep(20_000);
      expect(await findSchedule(cartId)).toBeUndefined();

      await target.advance(Number(target.local ? (await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: `${target.stackName}-cart-reminder` }))).Environment?.Variables?.REMINDER_DELAY_SECONDS : 0) + margin);
      expect(await receiveMatching(remindersQueueUrl, isReminderFor(cartId), onAws ? 10_000 : 200)).toEqual([]);
    } finally {
      await deleteScheduleQuietly(cartId);
    }
  });

  it('a reminder whose target fails lands in the schedule DLQ with the Scheduler error attributes', async () => {
    const cartId = `cart-${run}-undeliverable`;
    const user = shopper.name;
    try {
      expect((await addItem(cartId, { product: 'great-ball', quantity: 2 })).status).toBe(202);
      const schedule = await scheduleOf(cartId);

      // Everything as the handler made it, but aimed at a bus that does not exist (and that the
      // Scheduler role may not put events on): every attempt fails.
      const busArn = String(schedule.Target?.Arn);
      const missingBus = busArn.replace(/event-bus\/.+$/, `event-bus/${target.stackName}-no-such-bus-${run}`);
      expect(missingBus).not.toBe(busArn);
      await scheduler.send(
        new UpdateScheduleCommand({
          Name: schedule.Name,
          GroupName: schedule.GroupName,
          Description: schedule.Description,
          ScheduleExpression: schedule.ScheduleExpression,
          ScheduleExpressionTimezone: schedule.ScheduleExpressionTimezone,
          FlexibleTimeWindow: schedule.FlexibleTimeWindow,
          ActionAfterCompletion: schedule.ActionAfterCompletion,
          State: schedule.State,
          Target: { ...schedule.Target!, Arn: missingBus },
        }),
      );
      const updated = await scheduleOf(cartId);
      expect(updated.Target).toMatchObject({ Arn: missingBus, DeadLetterConfig: schedule.Target?.DeadLetterConfig });

      await advancePast(updated);
      // On AWS the failure may be retried first (within the stack's retry policy: at most 600 s in a pr stack).
      const [dead, ...more] = await receiveMatching(scheduleDlqUrl, (m) => bodyOf(m).cartId === cartId, onAws ? 660_000 : patience);
      expect(dead).toBeDefined();
      expect(more).toEqual([]);
      expect(bodyOf(dead)).toEqual({ cartId, user, product: ['great-ball'] });
      const attributes = dead.MessageAttributes ?? {};
      expect(Object.keys(attributes)).toEqual(expect.arrayContaining(['ERROR_CODE', 'ERROR_MESSAGE', 'EXECUTION_ID', 'SCHEDULE_ARN', 'TARGET_ARN']));
      expect(attributes.ERROR_CODE.StringValue).toMatch(/\S/);
      expect(attributes.SCHEDULE_ARN.StringValue).toBe(schedule.Arn);
      expect(attributes.TARGET_ARN.StringValue).toBe(missingBus);

      expect(await receiveMatching(remindersQueueUrl, isReminderFor(cartId), onAws ? 10_000 : 200)).toEqual([]);
      await expectNoSchedule(cartId);
    } finally {
      await deleteScheduleQuietly(cartId);
    }
  });

  it('invalid cart requests answer 400 with an error body and put nothing on the bus', async () => {
    const archiveName = `${target.stackName}-archive`;
    const cartId = `cart-${run}-invalid`;
    await target.settle();
    const before = (await events.send(new DescribeArchiveCommand({ ArchiveName: archiveName }))).EventCount;

    const badPaths: Array<[string, () => ReturnType<typeof postJson>]> = [
      ['cart id with _ and !', () => addItem('bad_id!', { product: 'potion', quantity: 1 })],
      ['cart id with a space', () => addItem('bad id', { product: 'potion', quantity: 1 })],
      ['cart id with an accent', () => addItem('café', { product: 'potion', quantity: 1 })],
      ['cart id of 65 characters', () => addItem('c'.repeat(65), { product: 'potion', quantity: 1 })],
      ['checkout of cart id with _ and !', () => checkout('bad_id!', {})],
    ];
    const badBodies: Array<[string, unknown]> = [
      ['quantity 0', { product: 'potion', quantity: 0 }],
      ['quantity 100', { product: 'potion', quantity: 100 }],
      ['quantity 1.5', { product: 'potion', quantity: 1.5 }],
      ['quantity as a string', { product: 'potion', quantity: '1' }],
      ['naming a user (the caller comes from the token)', { user: 'misty', product: 'potion', quantity: 1 }],
      ['missing product', { quantity: 1 }],
      ['unknown field', { product: 'potion', quantity: 1, coupon: 'FREE' }],
    ];
    const requests: Array<[string, () => ReturnType<typeof postJson>]> = [
      ...badPaths,
      ...badBodies.map(([label, body]): [string, () => ReturnType<typeof postJson>] => [label, () => addItem(cartId, body)]),
      ['checkout naming a user', () => checkout(cartId, { user: 'misty' })],
    ];
    const responses = await Promise.all(requests.map(async ([label, send]) => [label, await send()] as const));
    for (const [label, response] of responses) {
      expect([label, response.status]).toEqual([label, 400]);
      expect([label, typeof response.body.message]).toEqual([label, 'string']);
    }

    await target.settle();
    expect(await findSchedule(cartId)).toBeUndefined();
    const after = (await events.send(new DescribeArchiveCommand({ ArchiveName: archiveName }))).EventCount;
    expect(after).toBe(before);
  });
});
