import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import type { LocalAccount } from '../aws/model';
import { parseMailbox, type ParsedAddress } from './addresses';
import { sesErrors, type SesApi } from './errors';
import { EmailIdentities, isSimulatorAddress } from './identities';
import { Mailbox } from './mailbox';
import type { EmailDestination, EmailIdentity, LocalSesConfig, SentEmail } from './model';
import { parseRawMessage, type RawMessageParts } from './raw-message';

export interface SesServiceOptions {
  readonly account: LocalAccount;
  readonly clock: Clock;
  /** Keep sent messages in `<dataDir>/ses/`. In memory when omitted. */
  readonly dataDir?: string;
}

/** A send request of either API, in one shape (v2 `SendEmail`, v1 `SendEmail` / `SendRawEmail`). */
export interface SendEmailInput {
  readonly api: SesApi;
  /** v2 `FromEmailAddress`, v1 `Source`: an address, optionally with a display name. */
  readonly from?: string;
  readonly destination?: Partial<EmailDestination>;
  readonly replyTo?: readonly string[];
  readonly content: {
    readonly simple?: { readonly subject?: string; readonly text?: string; readonly html?: string };
    readonly raw?: Buffer;
    readonly template?: { readonly name?: string; readonly arn?: string; readonly data?: string };
  };
  readonly configurationSetName?: string;
  readonly tags?: ReadonlyArray<{ readonly Name: string; readonly Value: string }>;
}

export interface SesCounters {
  sent: number;
  rejected: number;
}

/** Message size limits after base64 encoding: 10 MB on v1, 40 MB on v2. https://docs.aws.amazon.com/ses/latest/dg/quotas.html */
const MAX_MESSAGE_BYTES: Readonly<Record<SesApi, number>> = { ses: 10 * 1024 * 1024, sesv2: 40 * 1024 * 1024 };
/** Recipients per message across To, Cc and Bcc. https://docs.aws.amazon.com/ses/latest/dg/quotas.html */
const MAX_RECIPIENTS = 50;

/**
 * The local SES: verified identities, the sending checks SES makes, and the mailbox of every accepted message.
 *
 * Senders must be verified (in the sandbox and in production); in the sandbox the recipients must be too, except
 * the mailbox simulator's addresses. https://docs.aws.amazon.com/ses/latest/dg/request-production-access.html
 */
export class SesService {
  readonly identities: EmailIdentities;
  readonly mailbox: Mailbox;
  readonly counters: SesCounters = { sent: 0, rejected: 0 };
  readonly sandbox: boolean;
  private readonly configurationSets: Set<string>;

  constructor(
    private readonly options: SesServiceOptions,
    config: LocalSesConfig = {},
  ) {
    this.identities = new EmailIdentities(options.account, config.identities);
    this.configurationSets = new Set(config.configurationSets ?? []);
    this.sandbox = config.sandbox === true;
    this.mailbox = new Mailbox(options.dataDir);
  }

  get region(): string {
    return this.options.account.region;
  }

  /** Sends a message: checks it as SES does, keeps it in the mailbox and returns it (its `Id` is the MessageId). */
  async send(input: SendEmailInput): Promise<SentEmail> {
    try {
      const message = await this.accept(input);
      this.mailbox.add(message);
      this.counters.sent += 1;
      return message;
    } catch (error) {
      this.counters.rejected += 1;
      throw error;
    }
  }

  private async accept(input: SendEmailInput): Promise<SentEmail> {
    const { api, content } = input;
    const kinds = [content.simple, content.raw, content.template].filter((c) => c !== undefined).length;
    if (kinds !== 1) throw sesErrors.badContent();
    if (content.template) throw sesErrors.templateDoesNotExist(content.template.name ?? content.template.arn ?? '');

    const raw = content.raw ? await parseRawMessage(content.raw) : undefined;
    const size = content.raw
      ? Math.ceil(content.raw.length / 3) * 4
      : Buffer.byteLength(`${content.simple?.subject ?? ''}${content.simple?.text ?? ''}${content.simple?.html ?? ''}`, 'utf8');
    if (size > MAX_MESSAGE_BYTES[api]) throw sesErrors.tooLarge(MAX_MESSAGE_BYTES[api]);

    const fromText = input.from ?? raw?.fromHeader;
    if (!fromText) throw sesErrors.missingSender(api);
    const from = parseMailbox(fromText);
    if (!from) throw sesErrors.badAddress(api, fromText);

    const destination = destinationOf(input.destination, raw);
    const recipients = this.recipients(api, destination);

    const sender = this.identities.verifying(from.address);
    const configurationSetName = input.configurationSetName ?? sender?.configurationSetName;
    if (input.configurationSetName !== undefined && !this.configurationSets.has(input.configurationSetName)) {
      throw sesErrors.configurationSetDoesNotExist(api, input.configurationSetName);
    }
    // Senders must be verified in both modes; recipients too in the sandbox, except the mailbox simulator's.
    const unverifiedRecipients = this.sandbox ? recipients.filter((r) => !isSimulatorAddress(r.address) && !this.identities.verifying(r.address)).map((r) => r.address) : [];
    if (!sender || unverifiedRecipients.length > 0) throw sesErrors.notVerified(this.region, [...(sender ? [] : [from.address]), ...unverifiedRecipients]);

    const replyTo = input.replyTo?.length ? [...input.replyTo] : raw?.replyTo ?? [];
    return {
      Id: messageId(this.options.clock.now()),
      Region: this.region,
      Source: from.address,
      From: fromText,
      Destination: destination,
      Subject: raw ? raw.subject : content.simple?.subject ?? null,
      Body: { text_part: raw ? raw.text : content.simple?.text ?? null, html_part: raw ? raw.html : content.simple?.html ?? null },
      ...(content.raw ? { RawData: content.raw.toString('utf8') } : {}),
      ...(replyTo.length ? { ReplyToAddresses: replyTo } : {}),
      ...(configurationSetName ? { ConfigurationSetName: configurationSetName } : {}),
      ...(input.tags?.length ? { Tags: input.tags.map((t) => ({ Name: t.Name, Value: t.Value })) } : {}),
      SendingIdentity: sender.name,
      Api: api,
      Timestamp: this.options.clock.now().toISOString(),
    };
  }

  /** Every recipient, checked: at least one, at most 50, each an address. */
  private recipients(api: SesApi, destination: EmailDestination): ParsedAddress[] {
    const all = [...destination.ToAddresses, ...(destination.CcAddresses ?? []), ...(destination.BccAddresses ?? [])];
    if (all.length === 0) throw sesErrors.noRecipients(api);
    if (all.length > MAX_RECIPIENTS) throw sesErrors.tooManyRecipients(api);
    return all.map((text) => {
      const parsed = parseMailbox(text);
      if (!parsed) throw sesErrors.badAddress(api, text);
      return parsed;
    });
  }

  // ---------------------------------------------------------------- identities (v2 and v1)

  createEmailIdentity(name: unknown, configurationSetName?: unknown): EmailIdentity {
    if (typeof name !== 'string' || name.length === 0) throw sesErrors.badRequest('EmailIdentity is required.');
    if (this.identities.get(name)) throw sesErrors.identityExists(name);
    return this.identities.add(name, 'api', { configurationSetName: typeof configurationSetName === 'string' ? configurationSetName : undefined });
  }

  /** v1 `VerifyEmailIdentity` / `VerifyDomainIdentity`: idempotent. */
  verifyIdentity(name: string): EmailIdentity {
    return this.identities.get(name) ?? this.identities.add(name, 'api');
  }

  getEmailIdentity(name: string): EmailIdentity {
    const identity = this.identities.get(name);
    if (!identity) throw sesErrors.identityNotFound(name);
    return identity;
  }

  deleteEmailIdentity(name: string): void {
    if (!this.identities.delete(name)) throw sesErrors.identityNotFound(name);
  }
}

/** The request's recipients; for a raw message that names none, its To, Cc and Bcc headers (SES sends to the envelope). */
function destinationOf(given: Partial<EmailDestination> | undefined, raw: RawMessageParts | undefined): EmailDestination {
  const list = (addresses: readonly string[] | undefined): string[] => [...(addresses ?? [])];
  const to = list(given?.ToAddresses);
  const cc = list(given?.CcAddresses);
  const bcc = list(given?.BccAddresses);
  if (raw && to.length + cc.length + bcc.length === 0) return destinationOf({ ToAddresses: raw.to, CcAddresses: raw.cc, BccAddresses: raw.bcc }, undefined);
  return { ToAddresses: to, ...(cc.length ? { CcAddresses: cc } : {}), ...(bcc.length ? { BccAddresses: bcc } : {}) };
}

/** A message id in SES's shape (`<16 hex>-<uuid>-000000`). */
function messageId(now: Date): string {
  return `${now.getTime().toString(16).padStart(16, '0')}-${randomUUID()}-000000`;
}
