import { isAwsServiceError } from '../aws/errors';
import { jsonError, jsonOk, operationOf, parseJsonBody, unknownOperation } from '../aws/protocol-json';
import type { LocalRequest, LocalResponse } from '../aws/request';
import type { LocalServiceRoute } from '../aws/server';
import type { CognitoService } from './service';

type Operation = (service: CognitoService, input: Record<string, unknown>) => unknown;

const OPERATIONS: Record<string, Operation> = {
  ListUserPools: (service, input) => service.listUserPools(input),
  DescribeUserPool: (service, input) => service.describeUserPool(input),
  ListUserPoolClients: (service, input) => service.listUserPoolClients(input),
  SignUp: (service, input) => service.signUp(input),
  ConfirmSignUp: (service, input) => service.confirmSignUp(input),
  AdminConfirmSignUp: (service, input) => service.adminConfirmSignUp(input),
  AdminCreateUser: (service, input) => service.adminCreateUser(input),
  AdminSetUserPassword: (service, input) => service.adminSetUserPassword(input),
  InitiateAuth: (service, input) => service.initiateAuth(input),
  GetUser: (service, input) => service.getUser(input),
};

/** `GET /<poolId>/.well-known/jwks.json`: where verifiers fetch a pool's keys (below its issuer). */
const JWKS_PATH = /^\/([a-z]{2}(?:-gov)?-[a-z]+-\d_[A-Za-z0-9]+)\/\.well-known\/jwks\.json$/;

/** The Cognito Identity Provider awsJson1_1 protocol (`X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`). */
export async function handleCognito(service: CognitoService, request: LocalRequest): Promise<LocalResponse> {
  const jwksPool = request.method === 'GET' ? JWKS_PATH.exec(request.url.pathname)?.[1] : undefined;
  if (jwksPool !== undefined) {
    const jwks = await service.jwks(jwksPool);
    if (!jwks) return { status: 404, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: `User pool ${jwksPool} does not exist.` }) };
    return { status: 200, headers: { 'content-type': 'application/json', 'cache-control': 'max-age=3600' }, body: JSON.stringify(jwks) };
  }
  const name = operationOf(request.target);
  try {
    const operation = OPERATIONS[name];
    if (!operation) throw unknownOperation(name);
    return jsonOk(request, '1.1', await operation(service, parseJsonBody(request)));
  } catch (error) {
    if (isAwsServiceError(error)) return jsonError(request, '1.1', error);
    throw error;
  }
}

export function cognitoRoute(service: CognitoService): LocalServiceRoute {
  return {
    name: 'cognito-idp',
    targetPrefixes: ['AWSCognitoIdentityProviderService'],
    signingNames: ['cognito-idp'],
    matches: (request) => request.method === 'GET' && JWKS_PATH.test(request.url.pathname),
    handle: (request) => handleCognito(service, request),
  };
}
