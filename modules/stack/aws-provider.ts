import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/environment-config';

/** The AWS provider of one environment: its region, default tags and its only account (`allowed_account_ids`). */
export function configureAwsProvider(scope: Construct, config: EnvironmentConfig): AwsProvider {
  return new AwsProvider(scope, 'aws', {
    region: config.region,
    allowedAccountIds: [config.accountId],
    defaultTags: [{ tags: { ...config.tags } }],
  });
}
