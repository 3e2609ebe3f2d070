import { buildArn } from '../aws/arn';
import type { LocalAccount } from '../aws/model';
import { domainOf } from './addresses';
import type { EmailIdentity, IdentityType, LocalEmailIdentityConfig } from './model';

/** Addresses of the SES mailbox simulator: deliverable in the sandbox without verification. */
const SIMULATOR_DOMAIN = 'simulator.amazonses.com';

/**
 * The account's verified identities. An email identity verifies that address; a domain identity verifies every
 * address of the domain and of its subdomains, and the most specific identity is the one used.
 * https://docs.aws.amazon.com/ses/latest/dg/creating-identities.html
 *
 * Locally every identity is verified: the stack's are taken as verified (verification is a one-time step outside
 * the stack: a link clicked, DNS records published) and so are identities created through the API.
 */
export class EmailIdentities {
  private readonly identities = new Map<string, EmailIdentity>();

  constructor(
    private readonly account: LocalAccount,
    configs: readonly LocalEmailIdentityConfig[] = [],
  ) {
    for (const config of configs) this.add(config.identity, 'stack', config);
  }

  /** Adds (or replaces) an identity. */
  add(name: string, origin: EmailIdentity['origin'], options: Omit<LocalEmailIdentityConfig, 'identity'> = {}): EmailIdentity {
    const identity: EmailIdentity = {
      name,
      type: identityType(name),
      arn: options.arn ?? buildArn('ses', this.account.region, this.account.accountId, `identity/${name}`),
      configurationSetName: options.configurationSetName,
      origin,
    };
    this.identities.set(key(name), identity);
    return identity;
  }

  get(name: string): EmailIdentity | undefined {
    return this.identities.get(key(name));
  }

  delete(name: string): boolean {
    return this.identities.delete(key(name));
  }

  list(): EmailIdentity[] {
    return [...this.identities.values()];
  }

  /** The identity that verifies `address`: the address itself, else its domain or the closest parent domain. */
  verifying(address: string): EmailIdentity | undefined {
    const exact = this.identities.get(key(address));
    if (exact) return exact;
    const labels = domainOf(address).split('.');
    for (let i = 0; i < labels.length - 1; i += 1) {
      const domain = this.identities.get(key(labels.slice(i).join('.')));
      if (domain) return domain;
    }
    return undefined;
  }

  /** The ARN IAM authorizes a send on for `address`: its verifying identity, else the address as an identity. */
  arnFor(address: string): string {
    return this.verifying(address)?.arn ?? buildArn('ses', this.account.region, this.account.accountId, `identity/${address}`);
  }
}

/** Whether an address belongs to the mailbox simulator (accepted as a recipient in the sandbox). */
export function isSimulatorAddress(address: string): boolean {
  return domainOf(address) === SIMULATOR_DOMAIN;
}

export function identityType(name: string): IdentityType {
  return name.includes('@') ? 'EMAIL_ADDRESS' : 'DOMAIN';
}

/**
 * Domains compare without regard to case; the local part of an address is kept as written (SES treats
 * addresses as case-sensitive: https://repost.aws/knowledge-center/ses-554-400-message-rejected-error).
 */
function key(name: string): string {
  const at = name.lastIndexOf('@');
  return at < 0 ? name.toLowerCase() : `${name.slice(0, at)}@${name.slice(at + 1).toLowerCase()}`;
}
