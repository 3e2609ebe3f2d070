import { isAwsServiceError } from '../aws/errors';
import { invalidAction, isQueryRequest, parseQueryParams, queryError, queryOk, toXml } from '../aws/protocol-query';
import type { LocalRequest, LocalResponse } from '../aws/request';
import type { LocalServiceRoute } from '../aws/server';

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

export interface StsOptions {
  readonly accountId: string;
}

/** STS (awsQuery): GetCallerIdentity answers with the local account's root identity. */
export function handleSts(options: StsOptions, request: LocalRequest): LocalResponse {
  const params = parseQueryParams(request);
  const action = params.get('Action') ?? '';
  try {
    switch (action) {
      case 'GetCallerIdentity':
        return queryOk(
          request,
          action,
          XMLNS,
          toXml({ Arn: `arn:aws:iam::${options.accountId}:root`, UserId: options.accountId, Account: options.accountId }),
        );
      default:
        throw invalidAction(action, params.get('Version') ?? '2011-06-15');
    }
  } catch (error) {
    if (isAwsServiceError(error)) return queryError(request, XMLNS, error);
    throw error;
  }
}

export function stsRoute(options: StsOptions): LocalServiceRoute {
  return {
    name: 'sts',
    signingNames: ['sts'],
    matches: (request) => isQueryRequest(request) && parseQueryParams(request).get('Action') === 'GetCallerIdentity',
    handle: (request) => handleSts(options, request),
  };
}
