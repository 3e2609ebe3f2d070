/**
 * The seed's example on the paved road: the monolith puts a `Customer Notification` on the bus; the rule invokes
 * notify-customer, which e-mails the address in `resources` from the environment's sender identity. Locally the
 * e-mail is read back from the runtime's SES mailbox (`GET /_aws/ses`); on AWS the function's record of what it sent
 * is read instead, and the recipient is SES's mailbox simulator.
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { publisher } from '../../handlers/src/publish';
import type { SentEmail } from '../../local/ses';
import { e2eTarget, E2eTarget } from './support/target';

const onAws = process.env.E2E_TARGET === 'aws';
// On AWS a failing asynchronous invocation is retried twice by Lambda (about three minutes) before its DLQ.
jest.setTimeout(onAws ? 600_000 : 60_000);

/** The seed's event (paved-road-customer-notification.md); on AWS to SES's mailbox simulator, never a real inbox. */
const RECIPIENT = onAws ? 'success@simulator.amazonses.com' : 'user@example.com';
const SEED_DETAIL = { notification: 'unrecognized-login', 'ip-address': '1.2.3.4', location: 'Denver, Colorado, USA' } as const;

let target: E2eTarget;
let events: EventBridgeClient;
let dynamodb: DynamoDBClient;
let sqs: SQSClient;
let dlqUrl: string;

beforeAll(async () => {
  target = await e2eTarget();
  events = new EventBridgeClient(target.client);
  dynamodb = new DynamoDBClient(target.client);
  sqs = new SQSClient(target.client);
  dlqUrl = String((await sqs.send(new GetQueueUrlCommand({ QueueName: `${target.stackName}-notify-customer-dlq` }))).QueueUrl);
});
afterAll(async () => {
  for (const client of [events, dynamodb, sqs]) client?.destroy();
  await target?.stop();
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = onAws ? 420_000 : 2_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(onAws ? 5000 : 50);
  }
}

/** What notify-customer recorded having sent for an event. */
async function sentRecord(eventId: string): Promise<Record<string, string> | undefined> {
  const { Item } = await dynamodb.send(new GetItemCommand({ TableName: `${target.stackName}-notifications`, Key: { eventId: { S: eventId } }, ConsistentRead: true }));
  return Item ? Object.fromEntries(Object.entries(Item).map(([k, v]) => [k, String(v.S ?? v.N)])) : undefined;
}

/** The local runtime's SES mailbox. */
async function mailbox(): Promise<SentEmail[]> {
  const response = await fetch(`${target.client.endpoint}/_aws/ses`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { messages: SentEmail[] }).messages;
}

async function putNotification(detail: Record<string, unknown>, resources: string[]): Promise<string> {
  const { Entries = [], FailedEntryCount } = await events.send(
    new PutEventsCommand({ Entries: [{ EventBusName: target.outputs.event_bus_name, Source: 'com.example.monolith', DetailType: 'Customer Notification', Resources: resources, Detail: JSON.stringify(detail) }] }),
  );
  expect(FailedEntryCount).toBe(0);
  return String(Entries[0].EventId);
}

describe('customer notification, end to end', () => {
  beforeEach(async () => {
    if (!onAws) expect((await fetch(`${target.client.endpoint}/_aws/ses`, { method: 'DELETE' })).status).toBe(204);
  });

  it("the seed's event sends exactly one e-mail to the address in resources", async () => {
    const eventId = await putNotification(SEED_DETAIL, [RECIPIENT]);
    await target.settle();
    const record = await eventually(() => sentRecord(eventId), `the notification of ${eventId}`);
    expect(record).toMatchObject({ recipient: RECIPIENT, notification: 'unrecognized-login', messageId: expect.any(String) });
    if (onAws) return;
    const messages = await mailbox();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      Id: record.messageId,
      Source: target.outputs.notification_sender,
      Destination: { ToAddresses: ['user@example.com'] },
      Subject: 'New sign-in to your Fakémon GO account',
      Body: { text_part: expect.stringContaining('Denver, Colorado, USA'), html_part: expect.stringContaining('1.2.3.4') },
    });
  });

  it("the monolith's typed publisher puts the same event: one e-mail", async () => {
    const monolith = publisher({ client: events, eventBusName: target.outputs.event_bus_name });
    const eventId = await monolith.publish('Customer Notification', { ...SEED_DETAIL, notification: 'password-reset-requested' }, { resources: [RECIPIENT] });
    await target.settle();
    const record = await eventually(() => sentRecord(eventId), `the notification of ${eventId}`);
    expect(record.notification).toBe('password-reset-requested');
    if (onAws) return;
    expect((await mailbox()).map((m) => [m.Destination.ToAddresses, m.Subject])).toEqual([[['user@example.com'], 'Password reset requested for your Fakémon GO account']]);
  });

  it('an unknown notification type sends nothing and ends in the function’s DLQ (after Lambda’s retries)', async () => {
    const eventId = await putNotification({ ...SEED_DETAIL, notification: 'account-deleted' }, [RECIPIENT]);
    await target.settle();
    const failure = await eventually(async () => {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0, WaitTimeSeconds: onAws ? 5 : 0 }));
      return Messages.map((m) => JSON.parse(String(m.Body)) as Record<string, any>).find((body) => body.requestPayload?.id === eventId);
    }, `${eventId} in ${target.stackName}-notify-customer-dlq`);
    // Lambda's on-failure record (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html):
    // the event as given, after the first attempt and Lambda's two retries all failed on the contract.
    expect(failure).toMatchObject({
      requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: { 'detail-type': 'Customer Notification', detail: { notification: 'account-deleted' } },
      responsePayload: { errorType: 'ContractViolation' },
    });
    expect(await sentRecord(eventId)).toBeUndefined();
    if (!onAws) expect(await mailbox()).toEqual([]);
  });
});
