import type { BootstrapConfig } from '../../modules/config/bootstrap-config';

/**
 * The per-account bootstrap stacks (`fakemon-bootstrap-<account>`): one per account and region the environments
 * use. Set `githubRepository` to the repository whose workflows deploy the environments.
 */
export const config: BootstrapConfig = {
  githubRepository: 'fakemon-go/fakemon-eventbridge',
  tags: { project: 'fakemon-go', 'managed-by': 'cdktf', stack: 'bootstrap' },
};
