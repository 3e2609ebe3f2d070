import { DataAwsIamRoles } from '@cdktf/provider-aws/lib/data-aws-iam-roles';
import { Construct } from 'constructs';
import { API_GATEWAY_CLOUDWATCH_ROLE, BOOTSTRAP_ROLE_PATH } from './names';

/** Props of {@link BootstrapCheck}. */
export interface BootstrapCheckProps {
  /** The bootstrap stack that must have been applied in this account and region, for the error message. */
  readonly bootstrapStackName: string;
}

/**
 * An environment stack's check that its account's bootstrap stack has been applied, found by name: API Gateway
 * writes REST and WebSocket stage logs with the account-level CloudWatch role the bootstrap stack sets, and creating
 * a stage with logging before that setting exists fails ("CloudWatch Logs role ARN must be set in account
 * settings to enable logging"). Stages depend on this check, so a first apply in a fresh account stops at plan
 * time with the stack to apply first instead of half-way through.
 */
export class BootstrapCheck extends Construct {
  /** The lookup; stages list it in `depends_on`. */
  public readonly lookup: DataAwsIamRoles;

  constructor(scope: Construct, id: string, props: BootstrapCheckProps) {
    super(scope, id);
    this.lookup = new DataAwsIamRoles(this, 'roles', {
      pathPrefix: BOOTSTRAP_ROLE_PATH,
      nameRegex: `^${API_GATEWAY_CLOUDWATCH_ROLE}$`,
      lifecycle: {
        postcondition: [
          {
            condition: '${length(self.names) == 1}',
            errorMessage:
              `The role ${BOOTSTRAP_ROLE_PATH}${API_GATEWAY_CLOUDWATCH_ROLE} does not exist in this account: apply the bootstrap stack ` +
              `${props.bootstrapStackName} first (README: First deploy into a new account).`,
          },
        ],
      },
    });
  }
}
