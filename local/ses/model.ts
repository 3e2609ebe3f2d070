/** Configuration and records of the local SES (v2 and v1 sending APIs). */

/** An identity of the account: an email address or a domain it may send from (and, in the sandbox, to). */
export interface LocalEmailIdentityConfig {
  /** `sender@example.com` or `example.com`. */
  readonly identity: string;
  /** @default the ARN in the endpoint's account and region */
  readonly arn?: string;
  /** The configuration set the identity sends with by default (`aws_sesv2_email_identity.configuration_set_name`). */
  readonly configurationSetName?: string;
}

/** The local SES account as the stack declares it. */
export interface LocalSesConfig {
  /** Verified identities: the stack's `aws_sesv2_email_identity` / `aws_ses_email_identity` / `aws_ses_domain_identity`. */
  readonly identities?: readonly LocalEmailIdentityConfig[];
  /** Names of the stack's configuration sets (`aws_sesv2_configuration_set`, `aws_ses_configuration_set`). */
  readonly configurationSets?: readonly string[];
  /**
   * Model an account in the SES sandbox: recipients must be verified identities (or the mailbox simulator) too.
   * Production access is account-level and cannot be declared by an environment stack. @default false
   */
  readonly sandbox?: boolean;
}

/** `EMAIL_ADDRESS` or `DOMAIN`, as SES v2 names identity types. */
export type IdentityType = 'EMAIL_ADDRESS' | 'DOMAIN';

/** A verified identity of the local account. */
export interface EmailIdentity {
  readonly name: string;
  readonly type: IdentityType;
  readonly arn: string;
  readonly configurationSetName?: string;
  /** Declared by the stack (kept across restarts by the stack itself) or created through the API. */
  readonly origin: 'stack' | 'api';
}

/** The recipients of a message. */
export interface EmailDestination {
  ToAddresses: string[];
  CcAddresses?: string[];
  BccAddresses?: string[];
}

/**
 * One sent message, in the shape LocalStack's `GET /_aws/ses` lists (`Id`, `Region`, `Source`, `Destination`,
 * `Subject`, `Body.text_part`/`html_part`, `RawData`, `Template`/`TemplateData`, `Timestamp`) so tooling written
 * for it works; the other fields are this runtime's additions. Raw messages are parsed, so they have a subject
 * and bodies too.
 */
export interface SentEmail {
  readonly Id: string;
  readonly Region: string;
  /** The sender's address, without display name (what `?email=` filters on). */
  readonly Source: string;
  /** The `From` header as sent, display name included. */
  readonly From: string;
  readonly Destination: EmailDestination;
  readonly Subject: string | null;
  readonly Body: { readonly text_part: string | null; readonly html_part: string | null };
  /** The MIME message as given to `SendRawEmail` / v2 `Content.Raw`. */
  readonly RawData?: string;
  readonly Template?: string;
  readonly TemplateData?: string;
  readonly ReplyToAddresses?: string[];
  readonly ConfigurationSetName?: string;
  readonly Tags?: ReadonlyArray<{ readonly Name: string; readonly Value: string }>;
  /** The identity that authorized the sender (the address itself or its domain). */
  readonly SendingIdentity: string;
  /** `ses` (v1, awsQuery) or `sesv2` (restJson). */
  readonly Api: 'ses' | 'sesv2';
  /** ISO 8601 on the local clock. */
  readonly Timestamp: string;
}
