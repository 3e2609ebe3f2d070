/** What each API request of a function asks IAM for, per service: the actions, resource ARNs and condition keys. */
import type { LocalRequest } from '../../aws/request';
import type { ActionCatalog } from '../catalog';
import type { IamCall } from '../authorizer';

/** Where the request is served: the resource ARNs are built in this account and region. */
export interface ArnScope {
  readonly catalog: ActionCatalog;
  readonly accountId: string;
  readonly region: string;
  /** The SES account: a send is authorized on the identity that verifies each address. */
  readonly ses?: SesAuthorizationScope;
}

/** What SES authorization reads from the SES account. */
export interface SesAuthorizationScope {
  /** In the sandbox, a send is authorized on the recipients' identities too. */
  readonly sandbox: boolean;
  readonly identities: { arnFor(address: string): string };
}

/** Turns one request of a service into the calls IAM authorizes (an empty list needs no permission). */
export type CallsOf = (request: LocalRequest, scope: ArnScope) => IamCall[];

/** `resourceArn` of the catalog with the scope's partition, region and account. */
export function arnOf(scope: ArnScope, action: string, resourceType: string, values: Readonly<Record<string, string>>): string {
  return scope.catalog.resourceArn(action, resourceType, { Partition: 'aws', Region: scope.region, Account: scope.accountId, ...values });
}

/** The action on `*` when it authorizes no resource type, else undefined. */
export function wildcardOnly(scope: ArnScope, action: string): IamCall | undefined {
  return scope.catalog.isWildcardOnly(action) ? { action, resource: '*' } : undefined;
}

export const text = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);
