import PostalMime = require('postal-mime');

/** An address with its display name, e.g. `"Ash" <ash@example.com>`. */
export interface ParsedAddress {
  readonly address: string;
  readonly name: string;
}

/** `UserName@[SubDomain.]Domain.TopLevelDomain`, the form SES accepts for senders and recipients. */
const ADDRESS = /^[^\s@<>()",;:]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/** Parses one mailbox (`Name <a@b.c>`, `a@b.c`, RFC 2047 encoded names); undefined when it is not one address. */
export function parseMailbox(text: string): ParsedAddress | undefined {
  const parsed = PostalMime.addressParser(text, { flatten: true });
  if (parsed.length !== 1) return undefined;
  const [mailbox] = parsed;
  return mailbox.address && isAddress(mailbox.address) ? { address: mailbox.address, name: mailbox.name } : undefined;
}

export function isAddress(address: string): boolean {
  return ADDRESS.test(address);
}

/** The domain of an address, in lower case ('' when there is no `@`). */
export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? address.toLowerCase() : address.slice(at + 1).toLowerCase();
}
