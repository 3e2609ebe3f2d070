import { loadEnvironments } from '../../modules/config/environments';
import type { EnvironmentConfig } from '../../modules/config/environment-config';

/** Where an operations script talks to: an environment's region, on AWS or on a local endpoint. */
export interface AwsTarget {
  readonly config: EnvironmentConfig;
  /** Client settings for AWS SDK v3 clients. */
  readonly client: { region: string; endpoint?: string; credentials?: { accessKeyId: string; secretAccessKey: string } };
}

/**
 * The environment's AWS target. `--endpoint` (or `AWS_ENDPOINT_URL`) points the clients at the local runtime,
 * which accepts any credentials; without one the default AWS credential chain is used.
 */
export function awsTarget(envName: string, endpoint = process.env.AWS_ENDPOINT_URL): AwsTarget {
  const prId = envName.startsWith('pr-') ? envName.slice(3) : undefined;
  const config = loadEnvironments({ FAKEMON_PR_ID: prId }).find((c) => c.name === envName);
  if (!config) throw new Error(`Unknown environment "${envName}": use dev, staging, prod or pr-<id>`);
  const local = endpoint !== undefined && endpoint !== '';
  const hasCredentials = Boolean(process.env.AWS_ACCESS_KEY_ID || process.env.AWS_PROFILE);
  return {
    config,
    client: {
      region: config.region,
      ...(local ? { endpoint } : {}),
      ...(local && !hasCredentials ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    },
  };
}
