/**
 * SES requests of a function, authorized against its role as AWS does: on the identity that verifies the sender,
 * on the configuration set, and (in the sandbox) on each recipient's identity, with `ses:SendRawEmail` for Raw
 * content; denials worded as SES words them.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsimpleemailservicev2.html
 * https://docs.aws.amazon.com/ses/latest/dg/control-user-access.html
 */
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { LocalAws } from '../../../../local/aws';
import { IamAccount } from '../../../../local/iam/account';
import { Authorizer } from '../../../../local/iam/authorizer';
import { ActionCatalog } from '../../../../local/iam/catalog';
import { startTestAws } from '../support';

const ACCOUNT = '000000000000';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/notify-customer-role`;
const identity = (name: string): string => `arn:aws:ses:us-east-1:${ACCOUNT}:identity/${name}`;
const policy = {
  Version: '2012-10-17',
  Statement: [
    // The sender's domain identity, only with that From address.
    { Effect: 'Allow', Action: 'ses:SendEmail', Resource: identity('fakemon.example'), Condition: { StringEquals: { 'ses:FromAddress': 'alerts@fakemon.example' } } },
    { Effect: 'Allow', Action: 'ses:SendEmail', Resource: `arn:aws:ses:us-east-1:${ACCOUNT}:configuration-set/notifications` },
  ],
};

async function startWithRole(sandbox: boolean): Promise<{ aws: LocalAws; ses: SESv2Client }> {
  const catalog = await ActionCatalog.load();
  const account = new IamAccount(ACCOUNT, {
    roles: [{ name: 'notify-customer-role', arn: ROLE, trustPolicy: { source: 'trust', document: { Version: '2012-10-17', Statement: [] } }, policies: [{ source: 'aws_iam_role_policy.notify_customer', document: policy }] }],
    resourcePolicies: [],
    logsResourcePolicies: [],
    notes: [],
  });
  const iam = new Authorizer(account, catalog, { mode: 'enforce', region: 'us-east-1', warn: () => undefined });
  const aws = await startTestAws({
    iam,
    ses: { identities: [{ identity: 'fakemon.example' }, { identity: 'notifications@fakemon.example' }], configurationSets: ['notifications'], sandbox },
  });
  const credentials = iam.issue(ROLE, 'fakemon-dev-notify-customer');
  const ses = new SESv2Client({ endpoint: aws.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  return { aws, ses };
}

const send = (from: string, to = 'user@example.com', extra: Partial<ConstructorParameters<typeof SendEmailCommand>[0]> = {}) =>
  new SendEmailCommand({ FromEmailAddress: from, Destination: { ToAddresses: [to] }, Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } }, ...extra });

describe('SES requests of a function, with production access', () => {
  let aws: LocalAws;
  let ses: SESv2Client;
  beforeAll(async () => ({ aws, ses } = await startWithRole(false)));
  afterAll(async () => {
    ses.destroy();
    await aws.stop();
  });

  it('authorizes a send on the domain identity that verifies the sender, with ses:FromAddress', async () => {
    await expect(ses.send(send('alerts@fakemon.example'))).resolves.toMatchObject({ MessageId: expect.any(String) });
    await expect(ses.send(send('alerts@fakemon.example', 'user@example.com', { ConfigurationSetName: 'notifications' }))).resolves.toMatchObject({ MessageId: expect.any(String) });
  });

  it('authorizes on the address’s own identity when it has one, and refuses in SES’s wording (403)', async () => {
    await expect(ses.send(send('notifications@fakemon.example'))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: `User \`arn:aws:sts::${ACCOUNT}:assumed-role/notify-customer-role/fakemon-dev-notify-customer' is not authorized to perform \`ses:SendEmail' on resource \`${identity('notifications@fakemon.example')}'`,
      $metadata: { httpStatusCode: 403 },
    });
    // Another From address of the domain fails the policy's condition.
    await expect(ses.send(send('other@fakemon.example'))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    expect(aws.services.ses.mailbox.size).toBe(2);
  });

  it('authorizes Raw content as ses:SendRawEmail', async () => {
    const raw = Buffer.from('From: alerts@fakemon.example\r\nTo: user@example.com\r\nSubject: s\r\n\r\nt\r\n');
    await expect(ses.send(new SendEmailCommand({ Content: { Raw: { Data: raw } } }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining("`ses:SendRawEmail' on resource `arn:aws:ses:us-east-1:000000000000:identity/fakemon.example'"),
    });
  });

  it('authorizes on the configuration set the send names', async () => {
    // The role's statement names the configuration set `notifications` only.
    await expect(ses.send(send('alerts@fakemon.example', 'user@example.com', { ConfigurationSetName: 'other' }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining(`configuration-set/other'`),
    });
  });
});

describe('SES requests of a function, in the sandbox', () => {
  it('authorizes the send on each recipient as an identity too', async () => {
    // Recorded on AWS: https://github.com/aws/aws-sdk-js-v3/issues/2061
    const { aws, ses } = await startWithRole(true);
    try {
      await expect(ses.send(send('alerts@fakemon.example', 'player@fakemon.example'))).resolves.toMatchObject({ MessageId: expect.any(String) });
      await expect(ses.send(send('alerts@fakemon.example', 'user@example.com'))).rejects.toMatchObject({
        name: 'AccessDeniedException',
        message: expect.stringContaining(`on resource \`${identity('user@example.com')}'`),
      });
    } finally {
      ses.destroy();
      await aws.stop();
    }
  });
});
