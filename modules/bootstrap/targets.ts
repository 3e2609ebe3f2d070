import type { EnvironmentFamily } from '../config/environment-family';
import { bootstrapStackName } from './names';

/** One bootstrap stack: an account and a region the environments use. */
export interface BootstrapTarget {
  /** `fakemon-bootstrap-<account>` in the home region, `fakemon-bootstrap-<account>-<region>` elsewhere. */
  readonly stackName: string;
  readonly accountId: string;
  readonly region: string;
  /**
   * The region of the account's state bucket. Its stack also holds what is account-wide (IAM: the GitHub OIDC
   * provider and the pipeline roles) and the bucket itself.
   */
  readonly home: boolean;
  /** Every environment of the account. */
  readonly accountFamilies: readonly EnvironmentFamily[];
  /** The environments deploying into this region (regional pieces: logging role setting, logs policy, alarm key). */
  readonly regionFamilies: readonly EnvironmentFamily[];
  /** The account's state bucket (one per account; the environment configs agree on it). */
  readonly stateBucket: { readonly name: string; readonly region: string };
}

/** The bootstrap stacks the environments need: one per distinct account and region, plus each state bucket's region. */
export function bootstrapTargets(families: readonly EnvironmentFamily[]): BootstrapTarget[] {
  const accounts = [...new Set(families.map((f) => f.config.accountId))].sort();
  return accounts.flatMap((accountId) => {
    const accountFamilies = families.filter((f) => f.config.accountId === accountId);
    const { bucket, region: bucketRegion } = accountFamilies[0].config.backend;
    const regions = [...new Set([bucketRegion, ...accountFamilies.map((f) => f.config.region)])].sort();
    return regions.map((region) => ({
      stackName: bootstrapStackName(accountId, region, region === bucketRegion),
      accountId,
      region,
      home: region === bucketRegion,
      accountFamilies,
      regionFamilies: accountFamilies.filter((f) => f.config.region === region),
      stateBucket: { name: bucket, region: bucketRegion },
    }));
  });
}
