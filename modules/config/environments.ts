import { config as dev } from '../../envs/dev/config';
import { config as prod } from '../../envs/prod/config';
import { config as pr } from '../../envs/pr/config';
import { config as staging } from '../../envs/staging/config';
import type { EnvironmentConfig } from './environment-config';
import { EnvironmentConfigError, EnvironmentSource, validateEnvironments } from './load-environments';

const PR_ID = /^[a-z0-9-]{1,20}$/;

/** Checks a pull-request id from `FAKEMON_PR_ID`; refuses anything that is not `[a-z0-9-]{1,20}`. */
export function validatePrId(prId: string): string {
  if (!PR_ID.test(prId)) {
    throw new EnvironmentConfigError(
      `FAKEMON_PR_ID "${prId}" is not a valid pull-request id: use only lowercase letters, digits and dashes, at most 20 characters`,
    );
  }
  return prId;
}

/** The environment sources of this repository, plus `pr-<id>` when a pull-request id is given. */
export function environmentSources(prId?: string): EnvironmentSource[] {
  const sources: EnvironmentSource[] = [
    { file: 'envs/dev/config.ts', config: dev },
    { file: 'envs/staging/config.ts', config: staging },
    { file: 'envs/prod/config.ts', config: prod },
  ];
  if (prId !== undefined) sources.push({ file: 'envs/pr/config.ts', config: pr(validatePrId(prId)) });
  return sources;
}

/** Loads and validates every environment; `FAKEMON_PR_ID` (if set and non-empty) adds the PR environment. */
export function loadEnvironments(env: NodeJS.ProcessEnv = process.env): EnvironmentConfig[] {
  const prId = env.FAKEMON_PR_ID;
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
