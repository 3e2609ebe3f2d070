import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import type { EnvironmentFamily } from '../config/environment-family';
import { GrantStatement, grantStatements, PermissionScope } from './deployment-permissions';
import { e2eStatements } from './e2e-permissions';
import { BOOTSTRAP_ROLE_PATH, deployRoleName, PLAN_ROLE } from './names';

/** Props of {@link PipelineRoles}. */
export interface PipelineRolesProps {
  readonly accountId: string;
  /** `owner/name` of the repository whose workflows assume the roles. */
  readonly githubRepository: string;
  /** The account's state bucket. */
  readonly stateBucket: string;
  /** Every environment of the account. */
  readonly families: readonly EnvironmentFamily[];
  /** Terraform resource types the environment stacks manage (data sources as `data.<type>`). */
  readonly resourceTypes: readonly string[];
}

/** GitHub Actions' OIDC issuer (https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services). */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

/** IAM's size limit of one managed policy, in characters without whitespace. */
export const MANAGED_POLICY_MAX_CHARS = 6144;

/**
 * The GitHub OIDC identity provider (one per account) and the roles the workflows assume through it, no stored
 * keys anywhere:
 * - `fakemon-bootstrap-plan`, for pull requests (`sub` `repo:<repo>:pull_request`): reads what every environment of
 *   the account manages and its state, and may write the state lock objects (`<key>.tflock`), so plans take the
 *   S3 lock like applies do;
 * - `fakemon-bootstrap-deploy-<github environment>`, for jobs running in that GitHub environment (`sub`
 *   `repo:<repo>:environment:<name>`, so its protection rules apply): manages that environment's resources, by
 *   their name prefix, and its state; where the environment's stacks are ephemeral (pull requests), also what the
 *   end-to-end suite does to them once deployed (`e2e-permissions.ts`), since the same job runs it.
 * Permissions come from the resource types the environment stacks synthesize (see `deployment-permissions.ts`),
 * packed into managed policies under IAM's size limit.
 */
export class PipelineRoles extends Construct {
  /** The OIDC provider. */
  public readonly provider: IamOpenidConnectProvider;
  /** The plan role. */
  public readonly planRole: IamRole;
  /** The deploy roles, by GitHub environment. */
  public readonly deployRoles: Readonly<Record<string, IamRole>>;

  constructor(scope: Construct, id: string, private readonly props: PipelineRolesProps) {
    super(scope, id);
    this.provider = new IamOpenidConnectProvider(this, 'github', {
      url: `https://${GITHUB_OIDC_HOST}`,
      clientIdList: ['sts.amazonaws.com'],
    });

    const scopeOf = (family: EnvironmentFamily): PermissionScope => ({
      accountId: props.accountId,
      region: family.config.region,
      namePrefix: family.namePrefixPattern,
      emailSender: family.emailSenderPattern,
      resourceTags: family.tagPatterns,
    });
    const stateObject = (family: EnvironmentFamily, suffix = ''): string => `arn:aws:s3:::${props.stateBucket}/${family.backendKeyPattern}${suffix}`;
    const listState: GrantStatement = { Sid: 'ListStateBucket', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: `arn:aws:s3:::${props.stateBucket}` };
    const lockState = (families: readonly EnvironmentFamily[]): GrantStatement => ({
      Sid: 'TakeStateLocks',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      Resource: families.map((f) => stateObject(f, '.tflock')),
    });

    this.planRole = this.role('plan', PLAN_ROLE, 'pull_request', [
      listState,
      { Sid: 'ReadState', Effect: 'Allow', Action: ['s3:GetObject'], Resource: props.families.map((f) => stateObject(f)) },
      lockState(props.families),
      ...grantStatements(props.resourceTypes, props.families.map(scopeOf), false),
    ]);

    const byGithubEnvironment = new Map<string, EnvironmentFamily[]>();
    for (const family of props.families) {
      byGithubEnvironment.set(family.config.githubEnvironment, [...(byGithubEnvironment.get(family.config.githubEnvironment) ?? []), family]);
    }
    const deployRoles: Record<string, IamRole> = {};
    for (const [githubEnvironment, families] of [...byGithubEnvironment.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      deployRoles[githubEnvironment] = this.role(`deploy-${githubEnvironment}`, deployRoleName(githubEnvironment), `environment:${githubEnvironment}`, [
        listState,
        { Sid: 'ReadWriteState', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: families.map((f) => stateObject(f)) },
        lockState(families),
        ...grantStatements(props.resourceTypes, families.map(scopeOf), true),
        // The job that deploys an ephemeral stack runs the end-to-end suite against it with the same credentials.
        ...e2eStatements(families.filter((f) => f.ephemeral).map(scopeOf)),
      ]);
    }
    this.deployRoles = deployRoles;
  }

  /** A role GitHub workflows of the repository assume when their token's `sub` ends in `subject`. */
  private role(id: string, name: string, subject: string, statements: readonly GrantStatement[]): IamRole {
    const role = new IamRole(this, id, {
      name,
      path: BOOTSTRAP_ROLE_PATH,
      description: `Assumed by GitHub Actions of ${this.props.githubRepository} (${subject})`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: this.provider.arn },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: {
                [`${GITHUB_OIDC_HOST}:aud`]: 'sts.amazonaws.com',
                [`${GITHUB_OIDC_HOST}:sub`]: `repo:${this.props.githubRepository}:${subject}`,
              },
            },
          },
        ],
      }),
    });
    packStatements(statements).forEach((chunk, i) => {
      const policy = new IamPolicy(this, `${id}-policy-${i + 1}`, {
        name: `${name}-${i + 1}`,
        path: BOOTSTRAP_ROLE_PATH,
        policy: JSON.stringify({ Version: '2012-10-17', Statement: chunk }),
      });
      new IamRolePolicyAttachment(this, `${id}-attachment-${i + 1}`, { role: role.name, policyArn: policy.arn });
    });
    return role;
  }
}

/** Splits statements, in order, into documents that each stay under IAM's managed-policy size limit. */
export function packStatements(statements: readonly GrantStatement[], maxChars = MANAGED_POLICY_MAX_CHARS): GrantStatement[][] {
  const size = (chunk: readonly GrantStatement[]): number => JSON.stringify({ Version: '2012-10-17', Statement: chunk }).length;
  const chunks: GrantStatement[][] = [];
  for (const statement of statements) {
    if (size([statement]) > maxChars) throw new Error(`Statement ${statement.Sid} alone exceeds IAM's ${maxChars}-character policy limit`);
    const last = chunks[chunks.length - 1];
    if (last && size([...last, statement]) <= maxChars) last.push(statement);
    else chunks.push([statement]);
  }
  return chunks;
}
