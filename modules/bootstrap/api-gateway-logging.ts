import { ApiGatewayAccount } from '@cdktf/provider-aws/lib/api-gateway-account';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { API_GATEWAY_CLOUDWATCH_ROLE, BOOTSTRAP_ROLE_PATH, bootstrapRoleArn } from './names';

/** Where an environment's API log groups are: its region and name prefix pattern. */
export interface ApiLogGroups {
  readonly region: string;
  /** `fakemon-dev`, `fakemon-pr-*`. */
  readonly namePrefix: string;
}

/**
 * The role API Gateway writes REST and WebSocket stage logs with (IAM is global: one per account, in the home
 * region's bootstrap stack). It may write only to the environments' `/aws/apigateway/<prefix>-*` log groups.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
 */
export class ApiGatewayCloudWatchRole extends Construct {
  /** The role. */
  public readonly role: IamRole;
  /** Its policy (the account setting must wait for it). */
  public readonly policy: IamRolePolicy;

  constructor(scope: Construct, id: string, props: { readonly accountId: string; readonly logGroups: readonly ApiLogGroups[] }) {
    super(scope, id);
    this.role = new IamRole(this, 'role', {
      name: API_GATEWAY_CLOUDWATCH_ROLE,
      path: BOOTSTRAP_ROLE_PATH,
      description: 'API Gateway writes REST and WebSocket stage logs with this role (account setting)',
      // As AWS documents it: API Gateway's logging assumes the role without source-account context.
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    });
    const groups = props.logGroups.map((g) => `arn:aws:logs:${g.region}:${props.accountId}:log-group:/aws/apigateway/${g.namePrefix}-*`);
    this.policy = new IamRolePolicy(this, 'policy', {
      name: API_GATEWAY_CLOUDWATCH_ROLE,
      role: this.role.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'DescribeLogGroups', Effect: 'Allow', Action: ['logs:DescribeLogGroups'], Resource: '*' },
          { Sid: 'DescribeApiLogGroups', Effect: 'Allow', Action: ['logs:DescribeLogStreams'], Resource: groups },
          { Sid: 'WriteApiLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: groups.map((group) => `${group}:*`) },
        ],
      }),
    });
  }
}

/**
 * API Gateway's account-level CloudWatch setting of one region, pointing at the account's role by name. Owned by
 * the bootstrap stack, never by an environment, so destroying a pull-request stack can no longer leave it pointing
 * at a deleted role. In the home region it also waits for the role's policy; other regions' stacks are applied
 * after the home region's.
 */
export class ApiGatewayLoggingSetting extends Construct {
  /** The account setting. */
  public readonly account: ApiGatewayAccount;

  constructor(scope: Construct, id: string, props: { readonly accountId: string; readonly role?: ApiGatewayCloudWatchRole }) {
    super(scope, id);
    this.account = new ApiGatewayAccount(this, 'account', {
      cloudwatchRoleArn: props.role?.role.arn ?? bootstrapRoleArn(props.accountId, API_GATEWAY_CLOUDWATCH_ROLE),
      dependsOn: props.role ? [props.role.policy] : undefined,
    });
  }
}
