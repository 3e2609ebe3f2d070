import { ApiGatewayAccount } from '@cdktf/provider-aws/lib/api-gateway-account';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { API_GATEWAY_CLOUDWATCH_ROLE, BOOTSTRAP_ROLE_PATH } from './names';

/** Props of {@link ApiGatewayLogging}. */
export interface ApiGatewayLoggingProps {
  readonly accountId: string;
  readonly region: string;
  /** Name prefix patterns of the environments in this account and region (`fakemon-dev`, `fakemon-pr-*`). */
  readonly namePrefixes: readonly string[];
}

/**
 * API Gateway's account-level CloudWatch setting (one per account and region): the role REST and WebSocket stages
 * write their logs with (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html). Owned
 * here, never by an environment, so destroying a pull-request stack can no longer point it at a deleted role. The
 * role may write only to the environments' API log groups.
 */
export class ApiGatewayLogging extends Construct {
  /** The role. */
  public readonly role: IamRole;
  /** The account setting. */
  public readonly account: ApiGatewayAccount;

  constructor(scope: Construct, id: string, props: ApiGatewayLoggingProps) {
    super(scope, id);
    this.role = new IamRole(this, 'role', {
      name: API_GATEWAY_CLOUDWATCH_ROLE,
      path: BOOTSTRAP_ROLE_PATH,
      description: 'API Gateway writes REST and WebSocket stage logs with this role (account setting)',
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        // As AWS documents it: API Gateway's logging service assumes the role without source-account context.
        Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    });
    const groups = props.namePrefixes.map((prefix) => `arn:aws:logs:${props.region}:${props.accountId}:log-group:/aws/apigateway/${prefix}-*`);
    const policy = new IamRolePolicy(this, 'policy', {
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
    // The setting is refused until the role can be assumed with its permissions, hence the explicit dependency.
    this.account = new ApiGatewayAccount(this, 'account', { cloudwatchRoleArn: this.role.arn, dependsOn: [policy] });
  }
}
