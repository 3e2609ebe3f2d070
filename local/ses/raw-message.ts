import PostalMime = require('postal-mime');

/** What the local SES reads from a raw MIME message. */
export interface RawMessageParts {
  /** The `From` header as written (display name included), if any. */
  readonly fromHeader?: string;
  readonly from?: string;
  readonly to: string[];
  readonly cc: string[];
  readonly bcc: string[];
  readonly replyTo: string[];
  readonly subject: string | null;
  readonly text: string | null;
  readonly html: string | null;
}

type Addresses = PostalMime.Address[] | undefined;

const flatten = (addresses: Addresses): string[] =>
  (addresses ?? []).flatMap((a) => (a.group ? a.group.map((m) => m.address) : [a.address ?? ''])).filter((a) => a.length > 0);

/** Parses a MIME message (headers, multipart/alternative bodies, encoded words) with postal-mime. */
export async function parseRawMessage(data: Buffer): Promise<RawMessageParts> {
  const email = await PostalMime.parse(data);
  const from = email.from && !email.from.group ? email.from.address : undefined;
  return {
    fromHeader: email.headers.find((h) => h.key === 'from')?.value,
    from,
    to: flatten(email.to),
    cc: flatten(email.cc),
    bcc: flatten(email.bcc),
    replyTo: flatten(email.replyTo),
    subject: email.subject ?? null,
    text: email.text ?? null,
    html: email.html ?? null,
  };
}

/** The addresses of a raw message's `From`, `To`, `Cc` and `Bcc` headers, read synchronously (for IAM). */
export function rawHeaderAddresses(data: Buffer): { from?: PostalMime.Mailbox; to: string[]; cc: string[]; bcc: string[] } {
  const text = data.toString('utf8');
  const end = text.search(/\r?\n\r?\n/);
  const headers = new Map<string, string>();
  for (const line of (end < 0 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const list = (name: string): PostalMime.Mailbox[] => {
    const value = headers.get(name);
    return value ? (PostalMime.addressParser(value, { flatten: true }) as PostalMime.Mailbox[]) : [];
  };
  return { from: list('from')[0], to: list('to').map((a) => a.address), cc: list('cc').map((a) => a.address), bcc: list('bcc').map((a) => a.address) };
}
