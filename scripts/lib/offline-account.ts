import { createHash } from 'node:crypto';
import type { LocalServiceRoute } from '../../local/aws';
import { invalidAction, parseQueryParams, queryError, queryOk, toXml } from '../../local/aws/protocol-query';
import { AwsServiceError } from '../../local/aws/errors';
import type { StackJson } from '../../local/stack/terraform-json';

const IAM_XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';

/** An IAM role as `ListRoles` returns it. */
export interface OfflineRole {
  readonly path: string;
  readonly name: string;
}

/** The roles a synthesized (bootstrap) stack creates, with their literal names and paths. */
export function rolesOf(json: StackJson): OfflineRole[] {
  return Object.values(json.resource?.aws_iam_role ?? {}).map((role) => ({ path: String(role.path ?? '/'), name: String(role.name) }));
}

/**
 * IAM's `ListRoles` (awsQuery) for an offline plan: the account as it is once its bootstrap stack is applied, so an
 * environment's bootstrap check (`data.aws_iam_roles`) reads the roles that stack really creates. Any other IAM
 * call is refused: a plan of a stack that makes one would need a real account.
 */
export function offlineIamRoute(accountId: string, roles: readonly OfflineRole[]): LocalServiceRoute {
  return {
    name: 'iam',
    signingNames: ['iam'],
    handle: (request) => {
      const params = parseQueryParams(request);
      const action = params.get('Action') ?? '';
      if (action !== 'ListRoles') return queryError(request, IAM_XMLNS, invalidAction(action, params.get('Version') ?? '2010-05-08'));
      const prefix = params.get('PathPrefix') ?? '/';
      if (!prefix.startsWith('/')) return queryError(request, IAM_XMLNS, new AwsServiceError('ValidationError', 'PathPrefix must start with /', 400));
      const members = roles
        .filter((role) => role.path.startsWith(prefix))
        .map((role) => ({
          Path: role.path,
          RoleName: role.name,
          RoleId: `AROA${createHash('sha256').update(role.name).digest('hex').slice(0, 17).toUpperCase()}`,
          Arn: `arn:aws:iam::${accountId}:role${role.path}${role.name}`,
          CreateDate: '2025-01-01T00:00:00Z',
          MaxSessionDuration: 3600,
        }));
      return queryOk(request, 'ListRoles', IAM_XMLNS, toXml({ IsTruncated: false, Roles: { member: members } }));
    },
  };
}
