/**
 * notify-customer against the local SES with the real `@aws-sdk/client-sesv2` and the local DynamoDB: the seed's
 * event sends one e-mail from the sender identity to the address in `resources`; a redelivery sends nothing more;
 * contract violations send nothing; SES refusing the sender fails the invocation (Lambda retries it).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { ContractViolation } from '../../../handlers/src/events/contract-violation';
import type { NotifyCustomerConfig } from '../../../handlers/src/notify-customer/config';
import { makeHandler } from '../../../handlers/src/notify-customer/handler';
import { silentLogger } from '../../../handlers/src/shared/logger';
import { TABLES } from '../../../handlers/src/shared/tables';
import type { LocalAws } from '../../../local/aws';
import type { SentEmail } from '../../../local/ses';
import { tableConfigOf } from '../../support/dynalite';
import { fixture } from '../../support/events';
import { clientConfig, startTestAws } from '../local/support';

const SENDER = 'notifications@dev.fakemon.example';
const TABLE = 'test-notifications';

let aws: LocalAws;
let ses: SESv2Client;
let dynamodb: DynamoDBClient;

beforeAll(async () => {
  aws = await startTestAws({ ses: { identities: [{ identity: SENDER }] }, tables: [tableConfigOf(TABLE, TABLES.notifications)] });
  ses = new SESv2Client(clientConfig(aws.endpoint));
  dynamodb = new DynamoDBClient(clientConfig(aws.endpoint));
});
afterAll(async () => {
  ses?.destroy();
  dynamodb?.destroy();
  await aws?.stop();
});
beforeEach(() => aws.services.ses.mailbox.clear());

const config: NotifyCustomerConfig = { senderAddress: SENDER, notificationsTable: TABLE, sentRecordTtlSeconds: 3600 };
const handlerWith = (patch: Partial<NotifyCustomerConfig> = {}) => makeHandler({ config: { ...config, ...patch }, ses, dynamodb, logger: silentLogger });
const seed = (id: string) => ({ ...fixture<Record<string, unknown> & { detail: Record<string, unknown> }>('customer-notification'), id });

async function mailbox(): Promise<SentEmail[]> {
  const response = await fetch(`${aws.endpoint}/_aws/ses`);
  return ((await response.json()) as { messages: SentEmail[] }).messages;
}

describe('notify-customer against the local SES', () => {
  it("sends the seed's notification from the sender identity to the address in resources, text and HTML", async () => {
    const result = await handlerWith()(seed('evt-1'));
    expect(result).toEqual({ action: 'sent', notification: 'unrecognized-login', messageId: expect.any(String) });
    const messages = await mailbox();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      Id: result.messageId,
      Source: SENDER,
      Destination: { ToAddresses: ['user@example.com'] },
      Subject: 'New sign-in to your Fakémon GO account',
      Body: { text_part: expect.stringContaining('Denver, Colorado, USA'), html_part: expect.stringContaining('<td>1.2.3.4</td>') },
    });
  });

  it('sends nothing more for a redelivered event', async () => {
    const handler = handlerWith();
    const first = await handler(seed('evt-2'));
    expect(await handler(seed('evt-2'))).toEqual({ action: 'already_sent', notification: 'unrecognized-login', messageId: first.messageId });
    expect(await mailbox()).toHaveLength(1);
  });

  it.each([
    ['an unknown notification type', { detail: { notification: 'account-deleted', 'ip-address': '1.2.3.4', location: 'Denver' } }],
    ['no address', { resources: [] }],
    ['an invalid address', { resources: ['user-at-example.com'] }],
  ])('sends nothing for %s: a contract violation', async (_what, patch) => {
    await expect(handlerWith()({ ...seed('evt-bad'), ...patch })).rejects.toBeInstanceOf(ContractViolation);
    expect(await mailbox()).toEqual([]);
  });

  it('fails when SES refuses the sender (an address that is not a verified identity), and records nothing, so a retry can send', async () => {
    await expect(handlerWith({ senderAddress: 'someone@elsewhere.example' })(seed('evt-3'))).rejects.toMatchObject({
      name: 'MessageRejected',
      message: expect.stringContaining('Email address is not verified'),
    });
    expect(await mailbox()).toEqual([]);
    expect((await handlerWith()(seed('evt-3'))).action).toBe('sent');
  });
});
