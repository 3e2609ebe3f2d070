import type { EnvironmentFamily } from './environment-family';
import { matchesPattern } from './environment-family';
import { EnvironmentConfigError } from './load-environments';

/**
 * Lambda refuses a reserved-concurrency setting that would leave fewer than this many executions unreserved in the
 * account and region (https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionConcurrency.html).
 */
export const UNRESERVED_CONCURRENCY_MINIMUM = 100;

/** The default "Concurrent executions" quota of an account and region. */
export const DEFAULT_ACCOUNT_CONCURRENCY_QUOTA = 1000;

/** Object keys under this prefix of a state bucket belong to the bootstrap stacks. */
export const BOOTSTRAP_STATE_KEY_PREFIX = 'bootstrap/';

const fail = (family: EnvironmentFamily, field: string, message: string): never => {
  throw new EnvironmentConfigError(`Invalid environment config in ${family.config.sourceFile}:\n  - ${field}: ${message}`);
};

const groupBy = <T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
};

/** The account's concurrency quota in the family's region, as configured or the default. */
export const accountConcurrencyQuota = (family: EnvironmentFamily): number =>
  family.config.lambda.accountConcurrencyQuota ?? DEFAULT_ACCOUNT_CONCURRENCY_QUOTA;

/**
 * Whether each function of the stack takes a reservation (its flow's `reservesConcurrency`), by function name: the
 * functions an environment's `lambda.reservedConcurrency` may name.
 */
export type ConcurrencyDeclarations = Readonly<Record<string, boolean>>;

/** Executions one stack of the family reserves: the sum of its per-function reservations. */
export const reservedPerStack = (family: EnvironmentFamily): number =>
  Object.values(family.config.lambda.reservedConcurrency ?? {}).reduce((sum, n) => sum + n, 0);

/**
 * The rules that span the environments deploying into one account: one state bucket per account (the bootstrap
 * stack creates it) and never shared with another account, no state key in the bootstrap stacks' prefix, name
 * prefixes that cannot match another environment's resources, and a Lambda reserved-concurrency budget that leaves
 * the unreserved minimum, counting exactly the reservations each stack synthesizes: an environment may reserve only
 * for functions that declare a reservation (`functions`), so its numbers are what its functions get.
 */
export function validateAccounts(families: readonly EnvironmentFamily[], functions: ConcurrencyDeclarations): void {
  const bucketOwners = new Map<string, EnvironmentFamily>();
  for (const [accountId, members] of groupBy(families, (f) => f.config.accountId)) {
    const [first] = members;
    for (const family of members) {
      const { bucket, region, key } = family.config.backend;
      if (bucket !== first.config.backend.bucket || region !== first.config.backend.region) {
        fail(family, 'backend.bucket', `environments in account ${accountId} keep their state in one bucket (its bootstrap stack creates it): ` +
          `${first.config.sourceFile} uses s3://${first.config.backend.bucket} in ${first.config.backend.region}, this file s3://${bucket} in ${region}`);
      }
      if (key.startsWith(BOOTSTRAP_STATE_KEY_PREFIX)) {
        fail(family, 'backend.key', `keys under "${BOOTSTRAP_STATE_KEY_PREFIX}" belong to the bootstrap stacks`);
      }
      for (const other of members) {
        if (other !== family && matchesPattern(other.namePrefixPattern, family.config.namePrefix)) {
          fail(family, 'namePrefix', `"${family.config.namePrefix}" matches the name prefix "${other.namePrefixPattern}" of ${other.config.sourceFile} in the same account, so each could change the other's resources`);
        }
        if (other !== family && matchesPattern(other.emailSenderPattern, family.config.email.sender)) {
          fail(family, 'email.sender', `"${family.config.email.sender}" is also the sender of ${other.config.sourceFile} in the same account: an SES identity is per account and region, so each environment needs its own address`);
        }
      }
    }
    const owner = bucketOwners.get(first.config.backend.bucket);
    if (owner && owner.config.accountId !== accountId) {
      fail(first, 'backend.bucket', `s3://${first.config.backend.bucket} is already the state bucket of account ${owner.config.accountId} (${owner.config.sourceFile}); each account keeps its state in its own bucket`);
    }
    bucketOwners.set(first.config.backend.bucket, first);
  }
  for (const members of groupBy(families, (f) => `${f.config.accountId}/${f.config.region}`).values()) {
    validateConcurrencyBudget(members, functions);
  }
}

function validateReservations(family: EnvironmentFamily, functions: ConcurrencyDeclarations): void {
  for (const name of Object.keys(family.config.lambda.reservedConcurrency ?? {})) {
    if (!(name in functions)) {
      fail(family, `lambda.reservedConcurrency.${name}`, `no function "${name}" in the stack (functions: ${Object.keys(functions).sort().join(', ')})`);
    }
    if (!functions[name]) {
      fail(family, `lambda.reservedConcurrency.${name}`, `"${name}" does not take a reservation: its flow must declare reservesConcurrency: true for the number to mean anything`);
    }
  }
}

function validateConcurrencyBudget(members: readonly EnvironmentFamily[], functions: ConcurrencyDeclarations): void {
  const { accountId, region } = members[0].config;
  const quota = accountConcurrencyQuota(members[0]);
  for (const family of members) {
    if (accountConcurrencyQuota(family) !== quota) {
      fail(family, 'lambda.accountConcurrencyQuota', `${accountConcurrencyQuota(family)} here but ${quota} in ${members[0].config.sourceFile}: ` +
        `environments in account ${accountId} (${region}) share one quota`);
    }
    if (family.ephemeral && Object.keys(family.config.lambda.reservedConcurrency ?? {}).length > 0) {
      fail(family, 'lambda.reservedConcurrency', `any number of these stacks may exist at once in account ${accountId}, so they cannot reserve concurrency from its budget; leave it unset`);
    }
    validateReservations(family, functions);
  }
  const sum = members.reduce((total, family) => total + reservedPerStack(family), 0);
  if (quota - sum >= UNRESERVED_CONCURRENCY_MINIMUM) return;
  const largest = [...members].sort((a, b) => reservedPerStack(b) - reservedPerStack(a))[0];
  const parts = members
    .filter((f) => reservedPerStack(f) > 0)
    .map((f) => `${f.config.namePrefix}: ${Object.entries(f.config.lambda.reservedConcurrency ?? {}).map(([fn, n]) => `${fn} ${n}`).join(' + ')} = ${reservedPerStack(f)} (${f.config.sourceFile})`);
  fail(largest, 'lambda.reservedConcurrency', `the stacks deploying into account ${accountId} (${region}) reserve ${sum} concurrent executions ` +
    `[${parts.join('; ')}], leaving ${quota - sum} of the quota of ${quota} unreserved; Lambda keeps at least ${UNRESERVED_CONCURRENCY_MINIMUM} ` +
    `unreserved, so at most ${quota - UNRESERVED_CONCURRENCY_MINIMUM} may be reserved (lower lambda.reservedConcurrency, or raise ` +
    'lambda.accountConcurrencyQuota once AWS has granted the increase)');
}
