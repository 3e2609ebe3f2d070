import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/environment-config';

/** The AWS provider of one environment: its region, default tags and, where required, its only account. */
export function configureAwsProvider(scope: Construct, config: EnvironmentConfig): AwsProvider {
  return new AwsProvider(scope, 'aws', {
    region: config.region,
    allowedAccountIds: config.restrictToAccount ? [config.accountId] : undefined,
    defaultTags: [{ tags: { ...config.tags } }],
  });
}
