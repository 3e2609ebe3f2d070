import { isBootstrapStack, StackJson, SynthesizedJson, synthesizeEveryStack } from '../../support/synthesized-stacks';

/** A synthesized stack with what the guardrails group it by. */
export interface GuardedStack {
  readonly name: string;
  readonly json: StackJson;
  readonly bootstrap: boolean;
  /** The only account its provider accepts (`unlocked:<name>` when it accepts any). */
  readonly accountId: string;
  readonly region: string;
}

/** Every stack of the app (environments with `pr-123`, and the bootstrap stacks), for guardrails over all of them. */
export function guardedStacks(stacks: Record<string, SynthesizedJson> = synthesizeEveryStack()): GuardedStack[] {
  return Object.entries(stacks)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, { json }]) => {
      const provider = json.provider.aws[0];
      // A provider not locked to one account fails the provider guardrail; the others group it apart.
      const accounts = (provider.allowed_account_ids ?? []) as string[];
      return { name, json, bootstrap: isBootstrapStack(name), accountId: accounts.length === 1 ? accounts[0] : `unlocked:${name}`, region: String(provider.region) };
    });
}

/** The resources of one type in a stack, by name. */
export const resourcesOf = (json: StackJson, type: string): Array<[string, Record<string, unknown>]> =>
  Object.entries(json.resource?.[type] ?? {}).map(([name, body]) => {
    const { '//': _metadata, ...rest } = body;
    return [name, rest];
  });

/** The bootstrap stacks holding an account's pieces for a region (regional ones) or for the account (IAM). */
export const bootstrapsOf = (stacks: readonly GuardedStack[], accountId: string, region?: string): GuardedStack[] =>
  stacks.filter((s) => s.bootstrap && s.accountId === accountId && (region === undefined || s.region === region));

/** The type of the resource a Terraform reference (`${aws_x.name.attr}`) points at. */
export const referencedType = (value: unknown): string | undefined => /^\$\{(aws_[a-z0-9_]+)\./.exec(String(value))?.[1];

/** The `type.name` a Terraform reference points at. */
export const referencedResource = (value: unknown): string | undefined => /^\$\{((?:data\.)?aws_[a-z0-9_]+\.[A-Za-z0-9_-]+)\./.exec(String(value))?.[1];
