import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';

/** A client built the normal way, so `AWS_ENDPOINT_URL(_SESV2)` and the region env vars apply. */
export function createSesClient(): SESv2Client {
  return new SESv2Client({});
}

/** One e-mail, plain text and HTML. */
export interface OutgoingEmail {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Sends e-mail; resolves with SES's message id. */
export interface EmailSender {
  send(email: OutgoingEmail): Promise<string>;
}

/** SES v2 `SendEmail` with Simple content (UTF-8 subject, text and HTML parts). */
export function sesEmailSender(client: SESv2Client): EmailSender {
  return {
    async send(email) {
      const { MessageId } = await client.send(
        new SendEmailCommand({
          FromEmailAddress: email.from,
          Destination: { ToAddresses: [email.to] },
          Content: {
            Simple: {
              Subject: { Data: email.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: email.text, Charset: 'UTF-8' }, Html: { Data: email.html, Charset: 'UTF-8' } },
            },
          },
        }),
      );
      if (!MessageId) throw new Error('SES accepted the e-mail without a message id');
      return MessageId;
    },
  };
}
