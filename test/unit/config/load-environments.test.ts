import { config as dev } from '../../../envs/dev/config';
import { config as pr } from '../../../envs/pr/config';
import { config as prod } from '../../../envs/prod/config';
import { config as staging } from '../../../envs/staging/config';
import { concurrencyDeclarations } from '../../../modules/flow/concurrency';
import { FLOWS } from '../../../modules/flows';
import { validateAccounts } from '../../../modules/config/account-rules';
import type { EnvironmentConfigInput } from '../../../modules/config/environment-config';
import { EnvironmentFamily, singleEnvironment } from '../../../modules/config/environment-family';
import { environmentFamilies, loadEnvironments, validatePrId } from '../../../modules/config/environments';
import { EnvironmentConfigError, validateEnvironment, validateEnvironments } from '../../../modules/config/load-environments';

const family = (file: string, config: EnvironmentConfigInput, ephemeral = false): EnvironmentFamily => ({
  ...singleEnvironment(validateEnvironment({ file, config })),
  ephemeral,
  ...(ephemeral ? { namePrefixPattern: pr('*').namePrefix, backendKeyPattern: pr('*').backend.key } : {}),
});
const devFamily = family('envs/dev/config.ts', dev);
const prFamily = family('envs/pr/config.ts', pr('0'), true);
const lambda = (config: EnvironmentConfigInput, patch: Partial<EnvironmentConfigInput['lambda']>): EnvironmentConfigInput => ({ ...config, lambda: { ...config.lambda, ...patch } });

describe('environment configs', () => {
  it('loads dev, staging and prod, and pr-<id> only when FAKEMON_PR_ID is set', () => {
    expect(loadEnvironments({}).map((c) => c.name)).toEqual(['dev', 'staging', 'prod']);
    expect(loadEnvironments({ FAKEMON_PR_ID: '123' }).map((c) => c.name)).toEqual(['dev', 'staging', 'prod', 'pr-123']);
    expect(loadEnvironments({ FAKEMON_PR_ID: '' }).map((c) => c.name)).toEqual(['dev', 'staging', 'prod']);
  });

  it.each([
    ['UPPER', 'uppercase'],
    ['feat_1', 'underscore'],
    ['a'.repeat(21), 'too long'],
    ['12 3', 'space'],
    ['../x', 'path'],
  ])('refuses FAKEMON_PR_ID %j (%s)', (id) => {
    expect(() => validatePrId(id)).toThrow(/FAKEMON_PR_ID .* lowercase letters, digits and dashes, at most 20 characters/);
    expect(() => loadEnvironments({ FAKEMON_PR_ID: id })).toThrow(EnvironmentConfigError);
  });

  it.each([
    ['a wrong account id', { accountId: '1234' }, /envs\/dev\/config\.ts[\s\S]*accountId: must be a 12-digit AWS account id/],
    ['an unknown region', { region: 'mars-north-1' }, /envs\/dev\/config\.ts[\s\S]*region: is not a known AWS region/],
    ['a missing bucket', { backend: { ...dev.backend, bucket: '' } }, /envs\/dev\/config\.ts[\s\S]*backend\.bucket: is missing/],
    ['no lock file', { backend: { ...dev.backend, useLockfile: false } }, /backend\.useLockfile: must be true/],
    ['an invalid log retention', { logRetentionDays: 10 }, /logRetentionDays: must be one of/],
    ['a missing required tag', { tags: { environment: 'dev', project: 'x' } }, /tags\.managed-by: must include the "managed-by" tag/],
    ['an unknown field', { colour: 'blue' }, /Unrecognized key/],
    ['a name of the bootstrap stacks', { name: 'bootstrap-1' }, /name: must not start with "bootstrap"/],
    ['a GitHub environment name with a space', { githubEnvironment: 'my env' }, /githubEnvironment: must be a GitHub environment name/],
  ])('stops on %s, naming the file and the field', (_what, patch, message) => {
    const config = { ...dev, ...patch } as typeof dev;
    expect(() => validateEnvironment({ file: 'envs/dev/config.ts', config })).toThrow(message);
  });

  it('refuses a backend key shared by two environments, naming the second file', () => {
    const clash = { ...staging, backend: { ...staging.backend, bucket: dev.backend.bucket, key: dev.backend.key } };
    expect(() =>
      validateEnvironments([
        { file: 'envs/dev/config.ts', config: dev },
        { file: 'envs/staging/config.ts', config: clash },
      ]),
    ).toThrow(/envs\/staging\/config\.ts:\n {2}- backend\.key: duplicate backend key s3:\/\/fakemon-terraform-state\/fakemon\/dev\/terraform\.tfstate, already used by envs\/dev\/config\.ts/);
  });

  it('gives every environment its own backend key and name prefix', () => {
    const configs = loadEnvironments({ FAKEMON_PR_ID: 'abc' });
    expect(new Set(configs.map((c) => `${c.backend.bucket}/${c.backend.key}`)).size).toBe(configs.length);
    expect(new Set(configs.map((c) => c.namePrefix)).size).toBe(configs.length);
  });

  it('gives pull-request stacks one pattern in the account they share with dev', () => {
    const families = environmentFamilies();
    const prs = families.find((f) => f.ephemeral);
    expect(prs).toMatchObject({ namePrefixPattern: 'fakemon-pr-*', backendKeyPattern: 'fakemon/pr/*/terraform.tfstate' });
    expect(prs?.config.accountId).toBe(families.find((f) => f.config.name === 'dev')?.config.accountId);
  });
});

describe('the Lambda concurrency budget of an account', () => {
  /** The stack's functions as the flows declare them: which take a reservation. */
  const functions = concurrencyDeclarations(FLOWS);
  const reserving = Object.keys(functions).filter((fn) => functions[fn]);
  const each = (n: number, names: readonly string[] = reserving): Record<string, number> => Object.fromEntries(names.map((fn) => [fn, n]));
  /** 50 for every reserving function and capture's share of `total`. */
  const summingTo = (total: number): Record<string, number> => ({ ...each(50), capture: total - 50 * (reserving.length - 1) });

  it('lets generated and other non-reserving functions reserve nothing: the flows decide which functions take a reservation', () => {
    expect(reserving.sort()).toEqual(['capture', 'cart-reminder', 'deliver-result', 'pre-sign-up', 'spawn', 'world-updates', 'ws-authorizer', 'ws-connect', 'ws-watch']);
    expect(Object.keys(functions).length).toBeGreaterThan(reserving.length);
  });

  it('refuses prod reserving 200 for each reserving function: names the file, the field, each function and the sum', () => {
    const overbooked = family('envs/prod/config.ts', lambda(prod, { reservedConcurrency: each(200) }));
    const sum = reserving.length * 200;
    expect(() => validateAccounts([overbooked], functions)).toThrow(EnvironmentConfigError);
    expect(() => validateAccounts([overbooked], functions)).toThrow(
      new RegExp(`envs/prod/config\\.ts:\\n {2}- lambda\\.reservedConcurrency: the stacks deploying into account 333333333333 \\(eu-west-1\\) reserve ${sum} concurrent executions \\[fakemon-prod: capture 200 \\+ .* = ${sum}`),
    );
    expect(() => validateAccounts([overbooked], functions)).toThrow(/at least 100 unreserved, so at most 900 may be reserved/);
  });

  it('counts exactly what each function reserves: 900 fits, 901 does not', () => {
    const fits = family('envs/prod/config.ts', lambda(prod, { reservedConcurrency: summingTo(900) }));
    const over = family('envs/prod/config.ts', lambda(prod, { reservedConcurrency: summingTo(901) }));
    expect(() => validateAccounts([fits], functions)).not.toThrow();
    expect(() => validateAccounts([over], functions)).toThrow(/reserve 901 concurrent executions/);
  });

  it('sums every environment of the account: dev and a neighbour together can break what each alone fits', () => {
    const devHalf = family('envs/dev/config.ts', lambda(dev, { reservedConcurrency: each(70) }));
    const neighbour = family('envs/qa/config.ts', { ...lambda(dev, { reservedConcurrency: each(70) }), name: 'qa', namePrefix: 'fakemon-qa', githubEnvironment: 'qa', backend: { ...dev.backend, key: 'fakemon/qa/terraform.tfstate' }, email: { sender: 'notifications@qa.fakemon.example' } });
    expect(() => validateAccounts([devHalf], functions)).not.toThrow();
    expect(() => validateAccounts([devHalf, neighbour], functions)).toThrow(new RegExp(`reserve ${reserving.length * 140} concurrent executions \\[fakemon-dev: .*; fakemon-qa: .*envs/qa/config\\.ts\\)\\]`));
  });

  it('refuses a reservation for a function that does not declare one, or that does not exist', () => {
    const notDeclared = family('envs/prod/config.ts', lambda(prod, { reservedConcurrency: { 'notify-customer': 10 } }));
    expect(() => validateAccounts([notDeclared], functions)).toThrow(/lambda\.reservedConcurrency\.notify-customer: "notify-customer" does not take a reservation: its flow must declare reservesConcurrency: true/);
    const unknown = family('envs/prod/config.ts', lambda(prod, { reservedConcurrency: { captur: 10 } }));
    expect(() => validateAccounts([unknown], functions)).toThrow(/lambda\.reservedConcurrency\.captur: no function "captur" in the stack/);
  });

  it('does not change with functions that reserve nothing: a generated handler never breaks the budget', () => {
    const fits = family('envs/prod/config.ts', lambda(prod, { reservedConcurrency: summingTo(900) }));
    const withGenerated = { ...functions, 'loyalty-points': false, 'another-one': false };
    expect(() => validateAccounts([fits], withGenerated)).not.toThrow();
  });

  it('lets a raised quota carry more', () => {
    expect(() => validateAccounts([family('envs/prod/config.ts', lambda(prod, { reservedConcurrency: each(200), accountConcurrencyQuota: 2000 }))], functions)).not.toThrow();
  });

  it('refuses any reservation by pull-request stacks, of which any number may exist at once', () => {
    const reservingPr = family('envs/pr/config.ts', lambda(pr('0'), { reservedConcurrency: { capture: 1 } }), true);
    expect(() => validateAccounts([devFamily, reservingPr], functions)).toThrow(/envs\/pr\/config\.ts:\n {2}- lambda\.reservedConcurrency: any number of these stacks/);
  });

  it('refuses two quotas for one account and region', () => {
    const other = family('envs/pr/config.ts', lambda(pr('0'), { accountConcurrencyQuota: 3000 }), true);
    expect(() => validateAccounts([devFamily, other], functions)).toThrow(/lambda\.accountConcurrencyQuota: 3000 here but 1000 in envs\/dev\/config\.ts/);
  });
});

describe('state buckets per account', () => {
  it('keeps one bucket for every environment of an account', () => {
    const elsewhere = family('envs/pr/config.ts', { ...pr('0'), backend: { ...pr('0').backend, bucket: 'fakemon-other-state' } }, true);
    expect(() => validateAccounts([devFamily, elsewhere], {})).toThrow(/envs\/pr\/config\.ts:\n {2}- backend\.bucket: environments in account 111111111111 keep their state in one bucket/);
  });

  it('never shares a bucket between accounts', () => {
    const shared = family('envs/staging/config.ts', { ...staging, backend: { ...staging.backend, bucket: dev.backend.bucket } });
    expect(() => validateAccounts([devFamily, shared], {})).toThrow(/s3:\/\/fakemon-terraform-state is already the state bucket of account 111111111111/);
  });

  it('keeps the bootstrap stacks\' keys for them', () => {
    const clash = family('envs/dev/config.ts', { ...dev, backend: { ...dev.backend, key: 'bootstrap/x.tfstate' } });
    expect(() => validateAccounts([clash], {})).toThrow(/backend\.key: keys under "bootstrap\/" belong to the bootstrap stacks/);
  });

  it('refuses a name prefix another environment of the account could match', () => {
    const shadow = family('envs/dev/config.ts', { ...dev, namePrefix: 'fakemon-pr-dev' });
    expect(() => validateAccounts([shadow, prFamily], {})).toThrow(/namePrefix: "fakemon-pr-dev" matches the name prefix "fakemon-pr-\*" of envs\/pr\/config\.ts/);
  });
});
