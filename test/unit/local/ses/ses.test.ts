/**
 * The local SES with the real SDK clients (v2 `@aws-sdk/client-sesv2`, v1 `@aws-sdk/client-ses`): what it accepts
 * and refuses as SES does, and the mailbox at `/_aws/ses` (LocalStack's convention).
 */
import { CreateEmailIdentityCommand, DeleteEmailIdentityCommand, GetEmailIdentityCommand, SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SESClient, SendEmailCommand as SendEmailV1Command, SendRawEmailCommand, VerifyEmailIdentityCommand } from '@aws-sdk/client-ses';
import type { LocalAws } from '../../../../local/aws';
import type { SentEmail } from '../../../../local/ses';
import { clientConfig, startTestAws, tempDir } from '../support';

const SENDER = 'notifications@fakemon.example';
const simple = (to: string[], from = SENDER) =>
  new SendEmailCommand({
    FromEmailAddress: from,
    Destination: { ToAddresses: to },
    Content: { Simple: { Subject: { Data: 'Unrecognized login' }, Body: { Text: { Data: 'We saw a login from Denver.' }, Html: { Data: '<p>We saw a login from <b>Denver</b>.</p>' } } } },
  });
const RAW = [
  'From: "Fakémon GO" <alerts@mail.fakemon.example>',
  'To: ash@example.com',
  'Cc: misty@example.com',
  'Subject: =?utf-8?Q?Capture_r=C3=A9sum=C3=A9?=',
  'MIME-Version: 1.0',
  'Content-Type: multipart/alternative; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'You caught 3.',
  '--b1',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<p>You caught 3.</p>',
  '--b1--',
  '',
].join('\r\n');

async function mailbox(aws: LocalAws, query = ''): Promise<SentEmail[]> {
  const response = await fetch(`${aws.endpoint}/_aws/ses${query}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { messages: SentEmail[] }).messages;
}

describe('local SES (production access)', () => {
  let aws: LocalAws;
  let v2: SESv2Client;
  let v1: SESClient;

  beforeAll(async () => {
    aws = await startTestAws({
      ses: {
        identities: [{ identity: SENDER }, { identity: 'fakemon.example' }],
        configurationSets: ['fakemon-dev-notifications'],
      },
    });
    v2 = new SESv2Client(clientConfig(aws.endpoint));
    v1 = new SESClient(clientConfig(aws.endpoint));
  });
  afterAll(async () => {
    v2.destroy();
    v1.destroy();
    await aws.stop();
  });
  beforeEach(async () => {
    expect((await fetch(`${aws.endpoint}/_aws/ses`, { method: 'DELETE' })).status).toBe(204);
  });

  it('sends a Simple message from a verified identity and lists it at /_aws/ses with LocalStack’s fields', async () => {
    const before = aws.clock.now().getTime();
    const { MessageId } = await v2.send(simple(['user@example.com']));
    const after = aws.clock.now().getTime();
    const [message, ...others] = await mailbox(aws);
    expect(others).toEqual([]);
    expect(message).toMatchObject({
      Id: MessageId,
      Region: 'us-east-1',
      Source: SENDER,
      Destination: { ToAddresses: ['user@example.com'] },
      Subject: 'Unrecognized login',
      Body: { text_part: 'We saw a login from Denver.', html_part: '<p>We saw a login from <b>Denver</b>.</p>' },
      SendingIdentity: SENDER,
      Api: 'sesv2',
    });
    // ISO 8601 on the local clock.
    expect(Date.parse(message.Timestamp)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(message.Timestamp)).toBeLessThanOrEqual(after);
  });

  it('lets a domain identity verify every address of the domain and its subdomains', async () => {
    // https://docs.aws.amazon.com/ses/latest/dg/creating-identities.html
    await v2.send(simple(['user@example.com'], 'Fakémon GO <alerts@mail.fakemon.example>'));
    const [message] = await mailbox(aws);
    expect(message).toMatchObject({ Source: 'alerts@mail.fakemon.example', From: 'Fakémon GO <alerts@mail.fakemon.example>', SendingIdentity: 'fakemon.example' });
  });

  it('refuses an unverified sender with MessageRejected (400), naming it and the region in upper case, and keeps nothing', async () => {
    // https://docs.aws.amazon.com/ses/latest/dg/troubleshoot-error-messages.html
    // https://repost.aws/knowledge-center/ses-554-400-message-rejected-error
    await expect(v2.send(simple(['user@example.com'], 'someone@elsewhere.example'))).rejects.toMatchObject({
      name: 'MessageRejected',
      message: 'Email address is not verified. The following identities failed the check in region US-EAST-1: someone@elsewhere.example',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(v1.send(new SendEmailV1Command({ Source: 'someone@elsewhere.example', Destination: { ToAddresses: ['user@example.com'] }, Message: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } }))).rejects.toMatchObject({
      name: 'MessageRejected',
      $metadata: { httpStatusCode: 400 },
    });
    expect(await mailbox(aws)).toEqual([]);
  });

  it('sends Raw content: sender and recipients from the headers when the request names none, bodies parsed', async () => {
    const { MessageId } = await v2.send(new SendEmailCommand({ Content: { Raw: { Data: Buffer.from(RAW) } } }));
    const [message] = await mailbox(aws);
    expect(message).toMatchObject({
      Id: MessageId,
      Source: 'alerts@mail.fakemon.example',
      Destination: { ToAddresses: ['ash@example.com'], CcAddresses: ['misty@example.com'] },
      Subject: 'Capture résumé',
      // The parts as postal-mime decodes them (line end before the boundary kept).
      Body: { text_part: 'You caught 3.\n', html_part: '<p>You caught 3.</p>\n' },
      RawData: RAW,
    });
  });

  it('serves v1 SendEmail and SendRawEmail (awsQuery) into the same mailbox', async () => {
    await v1.send(
      new SendEmailV1Command({
        Source: SENDER,
        Destination: { ToAddresses: ['a@example.com', 'b@example.com'], BccAddresses: ['c@example.com'] },
        Message: { Subject: { Data: 'v1' }, Body: { Html: { Data: '<i>v1</i>' } } },
        ReplyToAddresses: ['support@fakemon.example'],
      }),
    );
    await v1.send(new SendRawEmailCommand({ RawMessage: { Data: Buffer.from(RAW) }, Destinations: ['only@example.com'] }));
    const [sent, raw] = await mailbox(aws);
    expect(sent).toMatchObject({ Api: 'ses', Destination: { ToAddresses: ['a@example.com', 'b@example.com'], BccAddresses: ['c@example.com'] }, Subject: 'v1', Body: { text_part: null, html_part: '<i>v1</i>' }, ReplyToAddresses: ['support@fakemon.example'] });
    // The request's destinations are the envelope: the message goes to them, not to the headers' To and Cc.
    expect(raw).toMatchObject({ Api: 'ses', Destination: { ToAddresses: ['only@example.com'] }, Subject: 'Capture résumé' });
  });

  it('filters the mailbox by sender (email) and id, and DELETE with id removes one message', async () => {
    const first = await v2.send(simple(['one@example.com']));
    await v2.send(simple(['two@example.com'], 'alerts@fakemon.example'));
    expect((await mailbox(aws, `?email=${encodeURIComponent(SENDER)}`)).map((m) => m.Destination.ToAddresses)).toEqual([['one@example.com']]);
    expect((await mailbox(aws, `?email=${encodeURIComponent('one@example.com')}`))).toEqual([]);
    expect((await mailbox(aws, `?id=${first.MessageId}`)).map((m) => m.Id)).toEqual([first.MessageId]);
    expect((await fetch(`${aws.endpoint}/_aws/ses?id=${first.MessageId}`, { method: 'DELETE' })).status).toBe(204);
    expect((await mailbox(aws)).map((m) => m.Source)).toEqual(['alerts@fakemon.example']);
  });

  it('tells subscribers about every message and stops when they unsubscribe (the console’s API)', async () => {
    const seen: string[] = [];
    const stop = aws.services.ses.mailbox.subscribe((m) => seen.push(m.Id));
    const { MessageId } = await v2.send(simple(['user@example.com']));
    stop();
    await v2.send(simple(['user@example.com']));
    expect(seen).toEqual([MessageId]);
  });

  it('applies the stack’s configuration sets: a known one is recorded, an unknown one is NotFoundException (404)', async () => {
    await v2.send(new SendEmailCommand({ ...simple(['user@example.com']).input, ConfigurationSetName: 'fakemon-dev-notifications' }));
    expect((await mailbox(aws))[0]).toMatchObject({ ConfigurationSetName: 'fakemon-dev-notifications' });
    await expect(v2.send(new SendEmailCommand({ ...simple(['user@example.com']).input, ConfigurationSetName: 'missing' }))).rejects.toMatchObject({
      name: 'NotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('refuses more than 50 recipients and a message without any (https://docs.aws.amazon.com/ses/latest/dg/quotas.html)', async () => {
    const many = Array.from({ length: 51 }, (_, i) => `p${i}@example.com`);
    await expect(v2.send(simple(many))).rejects.toMatchObject({ name: 'BadRequestException', message: 'Recipient count exceeds 50.' });
    await expect(v1.send(new SendEmailV1Command({ Source: SENDER, Destination: { ToAddresses: many }, Message: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message: 'Recipient count exceeds 50.',
    });
    await expect(v2.send(simple([]))).rejects.toMatchObject({ name: 'BadRequestException' });
    expect(await v2.send(simple(many.slice(0, 50)))).toMatchObject({ MessageId: expect.any(String) });
  });

  it('refuses Template content naming a template the account does not have (none is emulated)', async () => {
    await expect(
      v2.send(new SendEmailCommand({ FromEmailAddress: SENDER, Destination: { ToAddresses: ['user@example.com'] }, Content: { Template: { TemplateName: 'welcome', TemplateData: '{}' } } })),
    ).rejects.toMatchObject({ name: 'NotFoundException', $metadata: { httpStatusCode: 404 } });
  });

  it('creates, reads and deletes email identities through the v2 API (verified at once locally)', async () => {
    await expect(v2.send(simple(['user@example.com'], 'new@other.example'))).rejects.toMatchObject({ name: 'MessageRejected' });
    expect(await v2.send(new CreateEmailIdentityCommand({ EmailIdentity: 'new@other.example' }))).toMatchObject({ IdentityType: 'EMAIL_ADDRESS', VerifiedForSendingStatus: true });
    await expect(v2.send(new CreateEmailIdentityCommand({ EmailIdentity: 'new@other.example' }))).rejects.toMatchObject({ name: 'AlreadyExistsException' });
    expect(await v2.send(new GetEmailIdentityCommand({ EmailIdentity: 'new@other.example' }))).toMatchObject({ VerifiedForSendingStatus: true, VerificationStatus: 'SUCCESS' });
    await v2.send(simple(['user@example.com'], 'new@other.example'));
    await v2.send(new DeleteEmailIdentityCommand({ EmailIdentity: 'new@other.example' }));
    await expect(v2.send(new GetEmailIdentityCommand({ EmailIdentity: 'new@other.example' }))).rejects.toMatchObject({ name: 'NotFoundException' });
    await expect(v2.send(simple(['user@example.com'], 'new@other.example'))).rejects.toMatchObject({ name: 'MessageRejected' });
  });

  it('answers 405 for other methods on /_aws/ses', async () => {
    expect((await fetch(`${aws.endpoint}/_aws/ses`, { method: 'POST' })).status).toBe(405);
  });
});

describe('local SES in the sandbox', () => {
  // https://docs.aws.amazon.com/ses/latest/dg/request-production-access.html: in the sandbox, mail goes only to
  // verified addresses and domains, or to the mailbox simulator.
  let aws: LocalAws;
  let v2: SESv2Client;
  let v1: SESClient;
  beforeAll(async () => {
    aws = await startTestAws({ ses: { identities: [{ identity: SENDER }], sandbox: true } });
    v2 = new SESv2Client(clientConfig(aws.endpoint));
    v1 = new SESClient(clientConfig(aws.endpoint));
  });
  afterAll(async () => {
    v2.destroy();
    v1.destroy();
    await aws.stop();
  });

  it('refuses unverified recipients, naming each, and accepts the mailbox simulator and verified recipients', async () => {
    await expect(v2.send(simple(['user@example.com', 'other@example.com']))).rejects.toMatchObject({
      name: 'MessageRejected',
      message: 'Email address is not verified. The following identities failed the check in region US-EAST-1: user@example.com, other@example.com',
    });
    await v2.send(simple(['success@simulator.amazonses.com']));
    await v1.send(new VerifyEmailIdentityCommand({ EmailAddress: 'user@example.com' }));
    await v2.send(simple(['user@example.com']));
    expect((await mailbox(aws)).map((m) => m.Destination.ToAddresses[0])).toEqual(['success@simulator.amazonses.com', 'user@example.com']);
  });
});

describe('local SES with a data directory', () => {
  it('keeps sent messages across restarts, and DELETE clears them for good', async () => {
    const dataDir = tempDir('ses-data-');
    const options = { dataDir, ses: { identities: [{ identity: SENDER }] } };
    let aws = await startTestAws(options);
    let v2 = new SESv2Client(clientConfig(aws.endpoint));
    const { MessageId } = await v2.send(simple(['user@example.com']));
    v2.destroy();
    await aws.stop();

    aws = await startTestAws(options);
    try {
      expect((await mailbox(aws)).map((m) => m.Id)).toEqual([MessageId]);
      await fetch(`${aws.endpoint}/_aws/ses`, { method: 'DELETE' });
    } finally {
      await aws.stop();
    }
    aws = await startTestAws(options);
    v2 = new SESv2Client(clientConfig(aws.endpoint));
    try {
      expect(await mailbox(aws)).toEqual([]);
    } finally {
      v2.destroy();
      await aws.stop();
    }
  });
});
