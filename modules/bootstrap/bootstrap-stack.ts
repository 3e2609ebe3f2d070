import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LocalBackend, S3Backend, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { BootstrapConfig } from '../config/bootstrap-config';
import { AlarmTopicKey } from './alarm-topic-key';
import { ApiGatewayCloudWatchRole, ApiGatewayLoggingSetting } from './api-gateway-logging';
import { EventLogsPolicy } from './event-logs-policy';
import { bootstrapStateKey } from './names';
import { PipelineRoles } from './pipeline-roles';
import { StateBucket } from './state-bucket';
import type { BootstrapTarget } from './targets';

/** Props of {@link BootstrapStack}. */
export interface BootstrapStackProps {
  /** The account and region, and the environments deploying there. */
  readonly target: BootstrapTarget;
  /** Repository, tags and retention settings. */
  readonly config: BootstrapConfig;
  /** Terraform resource types the environment stacks manage (data sources as `data.<type>`), for the pipeline roles. */
  readonly resourceTypes: readonly string[];
  /**
   * Keep the state in a local file instead of the account's state bucket: only for the very first apply, which
   * creates that bucket (then `terraform init -migrate-state` moves the state into it). @default false
   */
  readonly localState?: boolean;
}

/**
 * What one account (and region) needs before any environment deploys into it, owned once instead of by every
 * environment stack that shares the account: per region, API Gateway's CloudWatch role setting, the one CloudWatch
 * Logs resource policy for the environments' EventBridge log groups and the alarm-topic key; in the account's home
 * region (the state bucket's) also what is account-wide: the state bucket, the IAM roles (API Gateway's CloudWatch
 * role, the pipeline roles) and the GitHub OIDC provider. Applied by an administrator, not by the pipeline (its
 * roles are created here), the home region first.
 */
export class BootstrapStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    super(scope, id);
    const { target, config } = props;
    if (props.localState) {
      new LocalBackend(this, {});
    } else {
      new S3Backend(this, { bucket: target.stateBucket.name, key: bootstrapStateKey(target.region), region: target.stateBucket.region, encrypt: true });
      this.addOverride('terraform.backend.s3.use_lockfile', true);
    }
    new AwsProvider(this, 'aws', { region: target.region, allowedAccountIds: [target.accountId], defaultTags: [{ tags: { ...config.tags } }] });

    const role = target.home
      ? new ApiGatewayCloudWatchRole(this, 'apigateway-role', {
          accountId: target.accountId,
          logGroups: target.accountFamilies.map((f) => ({ region: f.config.region, namePrefix: f.namePrefixPattern })),
        })
      : undefined;
    const namePrefixes = target.regionFamilies.map((f) => f.namePrefixPattern);
    if (namePrefixes.length > 0) {
      new ApiGatewayLoggingSetting(this, 'apigateway-logging', { accountId: target.accountId, role });
      new EventLogsPolicy(this, 'event-logs', { accountId: target.accountId, region: target.region, namePrefixes });
      new AlarmTopicKey(this, 'alarm-topic-key', { accountId: target.accountId, region: target.region, deletionWindowDays: config.keyDeletionWindowDays });
    }
    if (target.home) {
      const bucket = new StateBucket(this, 'state', { bucketName: target.stateBucket.name, noncurrentVersionDays: config.noncurrentStateVersionDays });
      const roles = new PipelineRoles(this, 'pipeline', {
        accountId: target.accountId,
        githubRepository: config.githubRepository,
        stateBucket: target.stateBucket.name,
        families: target.accountFamilies,
        resourceTypes: props.resourceTypes,
      });
      new TerraformOutput(this, 'state_bucket', { value: bucket.bucket.bucket });
      new TerraformOutput(this, 'plan_role_arn', { value: roles.planRole.arn });
      for (const [githubEnvironment, deployRole] of Object.entries(roles.deployRoles)) {
        new TerraformOutput(this, `deploy_role_arn_${githubEnvironment.replace(/[^A-Za-z0-9_]/g, '_')}`, { value: deployRole.arn });
      }
    }
    new TerraformOutput(this, 'account_id', { value: target.accountId });
    new TerraformOutput(this, 'region', { value: target.region });
  }
}
