import type { EnvironmentConfig } from './environment-config';

/**
 * An environment as its account sees it: one stack (`dev`, `staging`, `prod`), or any number of stacks made from
 * one config (the pull-request stacks). The bootstrap stack grants, logs and budgets per family.
 */
export interface EnvironmentFamily {
  /** The validated config of one member (for pull requests: a sample id standing for all of them). */
  readonly config: EnvironmentConfig;
  /** True when any number of stacks is made from the config at once (pull requests). */
  readonly ephemeral: boolean;
  /** The name prefix of every member as an IAM/ARN pattern: `fakemon-dev`, `fakemon-pr-*`. */
  readonly namePrefixPattern: string;
  /** The state object key of every member as an IAM/ARN pattern: `fakemon/pr/*\/terraform.tfstate`. */
  readonly backendKeyPattern: string;
  /** The e-mail sender (SES identity) of every member as a pattern: `notifications+pr-*@dev.fakemon.example`. */
  readonly emailSenderPattern: string;
  /** The tags every member's resources carry, values as patterns: `{ environment: 'pr-*', … }`. */
  readonly tagPatterns: Readonly<Record<string, string>>;
}

/** A single-stack environment as a family. */
export const singleEnvironment = (config: EnvironmentConfig): EnvironmentFamily => ({
  config,
  ephemeral: false,
  namePrefixPattern: config.namePrefix,
  backendKeyPattern: config.backend.key,
  emailSenderPattern: config.email.sender,
  tagPatterns: config.tags,
});

/** Whether a name matches an IAM-style pattern (`*` is any run of characters). */
export function matchesPattern(pattern: string, name: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return regex.test(name);
}
