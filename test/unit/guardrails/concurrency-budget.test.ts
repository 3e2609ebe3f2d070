import { accountConcurrencyQuota, UNRESERVED_CONCURRENCY_MINIMUM } from '../../../modules/config/account-rules';
import { matchesPattern } from '../../../modules/config/environment-family';
import { environmentFamilies } from '../../../modules/config/environments';
import { guardedStacks, resourcesOf } from './stacks';

/**
 * Lambda refuses a reserved-concurrency setting that leaves fewer than 100 executions unreserved in the account and
 * region (https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionConcurrency.html): the sum over every stack
 * deploying into one account must fit, or the apply fails part-way (the fifth prod function did, at 5 × 200).
 * Counted from the synthesized functions themselves, not from the configs; the config's per-function numbers are what
 * the functions get, so the account rule checked at synth (modules/config/account-rules.ts) counts exactly this.
 */
const stacks = guardedStacks().filter((s) => !s.bootstrap);
const families = environmentFamilies();
const familyOf = (name: string) => {
  const family = families.find((f) => matchesPattern(f.namePrefixPattern, name));
  if (!family) throw new Error(`no environment config for ${name}`);
  return family;
};
const reservedIn = (json: (typeof stacks)[number]['json']): number[] =>
  resourcesOf(json, 'aws_lambda_function').map(([, fn]) => Number(fn.reserved_concurrent_executions ?? 0));
const accountRegions = [...new Set(stacks.map((s) => `${s.accountId}/${s.region}`))].sort();

describe('Lambda reserved concurrency against each account’s budget', () => {
  it.each(accountRegions)('%s: every stack deploying there together leaves the unreserved minimum', (accountRegion) => {
    const here = stacks.filter((s) => `${s.accountId}/${s.region}` === accountRegion);
    const quota = accountConcurrencyQuota(familyOf(here[0].name));
    const perStack = here.map((s) => ({ name: s.name, ephemeral: familyOf(s.name).ephemeral, reserved: reservedIn(s.json).reduce((a, b) => a + b, 0) }));
    // Any number of pull-request stacks may exist at once: one that reserves anything has no bound.
    expect(perStack.filter((s) => s.ephemeral && s.reserved > 0)).toEqual([]);
    const sum = perStack.reduce((total, s) => total + s.reserved, 0);
    expect(quota - sum).toBeGreaterThanOrEqual(UNRESERVED_CONCURRENCY_MINIMUM);
  });

  it.each(stacks.map((s) => s.name))('%s: the config budget counts exactly what is synthesized: each function reserves its configured number, the others nothing', (name) => {
    const stack = stacks.find((s) => s.name === name)!;
    const configured = familyOf(name).config.lambda.reservedConcurrency ?? {};
    const prefix = `${name}-`;
    const synthesized = Object.fromEntries(
      resourcesOf(stack.json, 'aws_lambda_function')
        .filter(([, fn]) => fn.reserved_concurrent_executions !== undefined)
        .map(([, fn]) => [String(fn.function_name).slice(prefix.length), Number(fn.reserved_concurrent_executions)]),
    );
    expect(synthesized).toEqual(configured);
  });
});
