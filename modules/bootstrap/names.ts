import { BOOTSTRAP_STATE_KEY_PREFIX } from '../config/account-rules';

/**
 * The names of what a bootstrap stack creates. Environment stacks find these pieces by name (an alias, a role
 * path), never through cross-stack references, so each stack plans and applies on its own.
 */

/** Prefix of every bootstrap resource name. */
export const BOOTSTRAP_PREFIX = 'fakemon-bootstrap';

/** IAM path of every bootstrap role; the environment stacks check the bootstrap was applied by listing it. */
export const BOOTSTRAP_ROLE_PATH = `/${BOOTSTRAP_PREFIX}/`;

/** The role API Gateway writes REST and WebSocket logs with (the account's API Gateway CloudWatch setting). */
export const API_GATEWAY_CLOUDWATCH_ROLE = `${BOOTSTRAP_PREFIX}-apigateway-cloudwatch`;

/** Alias of the customer-managed key every alarm topic of the account and region is encrypted with. */
export const ALARM_TOPIC_KEY_ALIAS = `alias/${BOOTSTRAP_PREFIX}-alarm-topics`;

/** The CloudWatch Logs resource policy that lets EventBridge rules write to the environments' log groups. */
export const EVENT_LOGS_POLICY = `${BOOTSTRAP_PREFIX}-eventbridge-to-logs`;

/** The role pull-request workflows plan with (read-only, plus the state lock objects). */
export const PLAN_ROLE = `${BOOTSTRAP_PREFIX}-plan`;

/** The role the workflow jobs of one GitHub environment deploy with. */
export const deployRoleName = (githubEnvironment: string): string => `${BOOTSTRAP_PREFIX}-deploy-${githubEnvironment}`;

/** ARN of a bootstrap role. */
export const bootstrapRoleArn = (accountId: string, roleName: string): string => `arn:aws:iam::${accountId}:role${BOOTSTRAP_ROLE_PATH}${roleName}`;

/** The bootstrap stack of an account (its home region) or of another region the account's environments use. */
export const bootstrapStackName = (accountId: string, region: string, home: boolean): string =>
  home ? `${BOOTSTRAP_PREFIX}-${accountId}` : `${BOOTSTRAP_PREFIX}-${accountId}-${region}`;

/** Where a bootstrap stack keeps its state, in its account's state bucket. */
export const bootstrapStateKey = (region: string): string => `${BOOTSTRAP_STATE_KEY_PREFIX}${region}/terraform.tfstate`;
