/** IAM enforcement for the local runtime: the evaluator, the account read from the stack, and the enforcement points. */
import type { SynthesizedStack } from '../stack/terraform-json';
import type { LocalEndpoints } from '../stack/stack-attributes';
import { accountStacksOf, toIamConfig } from '../stack/to-iam-config';
import { IamAccount } from './account';
import { Authorizer, type IamMode } from './authorizer';
import { ActionCatalog } from './catalog';
import type { LocalIamConfig } from './model';

export { Authorizer, IAM_MODES, isIamMode, type IamMode } from './authorizer';
export { DeliveryAuthorizations } from './deliveries';

export interface StackAuthorizer {
  readonly authorizer: Authorizer;
  /** What start-up should print: policies that cannot match anything, what was not read. */
  readonly notes: readonly string[];
}

/** Builds the authorizer of a synthesized stack (its IAM plus the account-level policies of `outdir`'s other stacks of the account). */
export async function authorizerForStack(
  stack: SynthesizedStack,
  endpoints: LocalEndpoints,
  options: { readonly mode: IamMode; readonly outdir: string; readonly warn?: (line: string) => void; readonly now?: () => Date },
): Promise<StackAuthorizer> {
  let config: LocalIamConfig;
  let account: IamAccount;
  try {
    config = toIamConfig(stack, endpoints, accountStacksOf(options.outdir, endpoints.accountId, stack.name));
    account = new IamAccount(endpoints.accountId, config);
  } catch (error) {
    // With --iam off nothing is evaluated, so a policy the runtime cannot read does not stop start-up.
    if (options.mode !== 'off') throw error;
    config = { roles: [], resourcePolicies: [], logsResourcePolicies: [], notes: [`the stack's IAM was not read: ${(error as Error).message}`] };
    account = new IamAccount(endpoints.accountId, config);
  }
  const authorizer = new Authorizer(account, await ActionCatalog.load(), {
    mode: options.mode,
    region: endpoints.region,
    warn: options.warn,
    now: options.now,
  });
  const notes = [...config.notes, ...authorizer.unknownActions().map((action) => `${action} is not an AWS action: it never matches a request`)];
  if (config.logsResourcePolicies.length === 0 && options.mode !== 'off') {
    notes.push('no CloudWatch Logs resource policy in the stack or in the account\'s other stacks: EventBridge cannot write to log groups (as on AWS)');
  }
  return { authorizer, notes };
}
