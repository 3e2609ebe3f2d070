/** Lambda requests as IAM sees them: `lambda:InvokeFunction` and the configuration reads on the function ARN. */
import { matchPath } from '../../aws/protocol-rest';
import { arnOf, wildcardOnly, type CallsOf } from './request-calls';

const ROUTES: Array<[string, string, string]> = [
  ['POST', '/2015-03-31/functions/{FunctionName}/invocations', 'InvokeFunction'],
  ['PUT', '/2017-10-31/functions/{FunctionName}/concurrency', 'PutFunctionConcurrency'],
  ['GET', '/2019-09-30/functions/{FunctionName}/concurrency', 'GetFunctionConcurrency'],
  ['DELETE', '/2017-10-31/functions/{FunctionName}/concurrency', 'DeleteFunctionConcurrency'],
  ['GET', '/2015-03-31/functions/{FunctionName}/configuration', 'GetFunctionConfiguration'],
  ['GET', '/2015-03-31/functions/{FunctionName}', 'GetFunction'],
  ['GET', '/2015-03-31/functions', 'ListFunctions'],
];

export const lambdaCalls: CallsOf = (request, scope) => {
  for (const [method, template, operation] of ROUTES) {
    if (method !== request.method) continue;
    const params = matchPath(template, request.url.pathname);
    if (!params) continue;
    const action = `lambda:${operation}`;
    const any = wildcardOnly(scope, action);
    if (any || !params.FunctionName) return [any ?? { action, resource: '*' }];
    const ref = params.FunctionName;
    const qualifier = request.url.searchParams.get('Qualifier');
    const base = ref.startsWith('arn:') ? ref : arnOf(scope, action, 'function', { FunctionName: ref.split(':')[0] as string });
    return [{ action, resource: qualifier ? `${base}:${qualifier}` : base }];
  }
  return [];
};
