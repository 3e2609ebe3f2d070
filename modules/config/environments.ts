import { config as bootstrap } from '../../envs/bootstrap/config';
import { config as dev } from '../../envs/dev/config';
import { config as prod } from '../../envs/prod/config';
import { config as pr } from '../../envs/pr/config';
import { config as staging } from '../../envs/staging/config';
import { concurrencyDeclarations } from '../flow/concurrency';
import { FLOWS } from '../flows';
import { validateAccounts } from './account-rules';
import { BootstrapConfig, validateBootstrapConfig } from './bootstrap-config';
import type { EnvironmentConfig } from './environment-config';
import { EnvironmentFamily, singleEnvironment } from './environment-family';
import { EnvironmentConfigError, EnvironmentSource, validateEnvironments } from './load-environments';

const PR_ID = /^[a-z0-9-]{1,20}$/;
const PR_FILE = 'envs/pr/config.ts';
/** Stands for every pull-request id in the names and keys the bootstrap stack grants (`fakemon-pr-*`). */
const ANY_PR_ID = '*';
/** The id the pull-request config is validated with when it stands for every pull request. */
const SAMPLE_PR_ID = '0';

/** Checks a pull-request id from `FAKEMON_PR_ID`; refuses anything that is not `[a-z0-9-]{1,20}`. */
export function validatePrId(prId: string): string {
  if (!PR_ID.test(prId)) {
    throw new EnvironmentConfigError(
      `FAKEMON_PR_ID "${prId}" is not a valid pull-request id: use only lowercase letters, digits and dashes, at most 20 characters`,
    );
  }
  return prId;
}

const PERMANENT_SOURCES: readonly EnvironmentSource[] = [
  { file: 'envs/dev/config.ts', config: dev },
  { file: 'envs/staging/config.ts', config: staging },
  { file: 'envs/prod/config.ts', config: prod },
];

/** The environment sources of this repository, plus `pr-<id>` when a pull-request id is given. */
export function environmentSources(prId?: string): EnvironmentSource[] {
  const sources = [...PERMANENT_SOURCES];
  if (prId !== undefined) sources.push({ file: PR_FILE, config: pr(validatePrId(prId)) });
  return sources;
}

/**
 * Every environment as the accounts see them, whether or not `FAKEMON_PR_ID` is set: dev, staging, prod and the
 * pull-request stacks (validated with a sample id; their patterns carry `*` for the id). The rules spanning an
 * account (one state bucket, the Lambda concurrency budget, counted with the reservations the flows declare) are
 * checked here.
 */
export function environmentFamilies(): EnvironmentFamily[] {
  const configs = validateEnvironments([...PERMANENT_SOURCES, { file: PR_FILE, config: pr(SAMPLE_PR_ID) }]);
  const anyPr = pr(ANY_PR_ID);
  const families: EnvironmentFamily[] = configs.map((config) =>
    config.sourceFile === PR_FILE
      ? { config, ephemeral: true, namePrefixPattern: anyPr.namePrefix, backendKeyPattern: anyPr.backend.key, emailSenderPattern: anyPr.email.sender, tagPatterns: anyPr.tags }
      : singleEnvironment(config),
  );
  validateAccounts(families, concurrencyDeclarations(FLOWS));
  return families;
}

/**
 * Loads and validates every environment; `FAKEMON_PR_ID` (if set and non-empty) adds the PR environment. The
 * account-wide rules are checked for every environment, the pull-request ones included, either way.
 */
export function loadEnvironments(env: NodeJS.ProcessEnv = process.env): EnvironmentConfig[] {
  const prId = env.FAKEMON_PR_ID;
  environmentFamilies();
  return validateEnvironments(environmentSources(prId === undefined || prId === '' ? undefined : prId));
}

/**
 * Checks an environment name given on a command line (`--env`): one of the fixed environments, or `pr-<id>` with
 * a valid pull-request id. Returns the pull-request id for `pr-<id>`. The error lists what is valid.
 */
export function parseEnvironmentName(name: string): { readonly prId?: string } {
  const fixed = environmentSources().map((source) => source.config.name);
  if (fixed.includes(name)) return {};
  if (name.startsWith('pr-') && PR_ID.test(name.slice(3))) return { prId: name.slice(3) };
  throw new EnvironmentConfigError(
    `Unknown environment "${name}": valid environments are ${fixed.join(', ')} and pr-<id> (a pull-request id of lowercase letters, digits and dashes, at most 20 characters)`,
  );
}

/** The validated settings of the per-account bootstrap stacks. */
export const loadBootstrapConfig = (): BootstrapConfig => validateBootstrapConfig('envs/bootstrap/config.ts', bootstrap);
