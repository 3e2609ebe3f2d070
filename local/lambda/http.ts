import { AwsServiceError, isAwsServiceError } from '../aws/errors';
import { matchPath, parseRestJsonBody, restJson, restJsonError } from '../aws/protocol-rest';
import { headerValue, type LocalRequest, type LocalResponse } from '../aws/request';
import type { LocalServiceRoute } from '../aws/server';
import type { LocalFunctionConfig } from '../aws/model';
import { lambdaErrors } from './errors';
import { parseFunctionReference, type FunctionReference } from './function-ref';
import type { LambdaService } from './service';

/** Invoke's payload quotas: 6 MB synchronous, 1 MB asynchronous. */
const SYNC_PAYLOAD_LIMIT = 6_291_456;
const ASYNC_PAYLOAD_LIMIT = 1_048_576;

type Handler = (service: LambdaService, params: Record<string, string>, request: LocalRequest) => Promise<LocalResponse> | LocalResponse;

const ROUTES: Array<[string, string, Handler]> = [
  ['POST', '/2015-03-31/functions/{FunctionName}/invocations', invoke],
  ['PUT', '/2017-10-31/functions/{FunctionName}/concurrency', putConcurrency],
  ['GET', '/2019-09-30/functions/{FunctionName}/concurrency', getConcurrency],
  ['DELETE', '/2017-10-31/functions/{FunctionName}/concurrency', deleteConcurrency],
  ['GET', '/2015-03-31/functions/{FunctionName}/configuration', getConfiguration],
  ['GET', '/2015-03-31/functions/{FunctionName}', getFunction],
  ['GET', '/2015-03-31/functions', listFunctions],
];

/** The Lambda restJson1 API: Invoke, concurrency, GetFunction, ListFunctions. */
export function lambdaRoute(service: LambdaService): LocalServiceRoute {
  return {
    name: 'lambda',
    signingNames: ['lambda'],
    matches: (request) => /^\/20\d\d-\d\d-\d\d\/functions/.test(request.url.pathname),
    handle: (request) => handleLambda(service, request),
  };
}

export async function handleLambda(service: LambdaService, request: LocalRequest): Promise<LocalResponse> {
  try {
    for (const [method, template, handler] of ROUTES) {
      if (method !== request.method) continue;
      const params = matchPath(template, request.url.pathname);
      if (params) return await handler(service, params, request);
    }
    throw new AwsServiceError('UnknownOperationException', `No local Lambda operation for ${request.method} ${request.url.pathname}`, 400);
  } catch (error) {
    if (isAwsServiceError(error)) return restJsonError(request, error);
    throw error;
  }
}

/** The FunctionName path parameter and Qualifier query parameter, validated as Lambda validates them. */
function functionRef(params: Record<string, string>, request: LocalRequest): FunctionReference {
  return parseFunctionReference(params.FunctionName, request.url.searchParams.get('Qualifier') ?? undefined);
}

async function invoke(service: LambdaService, params: Record<string, string>, request: LocalRequest): Promise<LocalResponse> {
  const type = headerValue(request.headers, 'x-amz-invocation-type') ?? 'RequestResponse';
  const ref = functionRef(params, request);
  if (type === 'DryRun') {
    service.dryRun(ref);
    return { status: 204, headers: { 'x-amzn-requestid': request.requestId } };
  }
  if (type === 'Event') {
    if (request.body.length > ASYNC_PAYLOAD_LIMIT) throw lambdaErrors.eventPayloadTooLarge(request.body.length, ASYNC_PAYLOAD_LIMIT);
    const { requestId } = service.invokeAsync(ref, request.body);
    return { status: 202, headers: { 'x-amzn-requestid': requestId, 'content-type': 'application/json' }, body: '' };
  }
  if (type !== 'RequestResponse') {
    throw new AwsServiceError('InvalidParameterValueException', `1 validation error detected: Value '${type}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]`, 400, { Type: 'User' });
  }
  if (request.body.length > SYNC_PAYLOAD_LIMIT) throw lambdaErrors.requestTooLarge(SYNC_PAYLOAD_LIMIT);
  const result = await service.invoke(ref, request.body, { clientContext: headerValue(request.headers, 'x-amz-client-context') });
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-amzn-requestid': result.requestId,
    'x-amz-executed-version': '$LATEST',
  };
  if (result.functionError) headers['x-amz-function-error'] = result.functionError;
  if (headerValue(request.headers, 'x-amz-log-type') === 'Tail') {
    const tail = Buffer.from(result.logs.join('\n') + '\n', 'utf8');
    headers['x-amz-log-result'] = tail.subarray(Math.max(0, tail.length - 4096)).toString('base64');
  }
  return { status: result.statusCode, headers, body: result.payload };
}

function putConcurrency(service: LambdaService, params: Record<string, string>, request: LocalRequest): LocalResponse {
  const body = parseRestJsonBody(request);
  const value = body.ReservedConcurrentExecutions;
  const reserved = service.putFunctionConcurrency(functionRef(params, request), typeof value === 'number' ? value : Number.NaN);
  return restJson(request, 200, { ReservedConcurrentExecutions: reserved });
}

function getConcurrency(service: LambdaService, params: Record<string, string>, request: LocalRequest): LocalResponse {
  const reserved = service.getFunctionConcurrency(functionRef(params, request));
  return restJson(request, 200, reserved === undefined ? {} : { ReservedConcurrentExecutions: reserved });
}

function deleteConcurrency(service: LambdaService, params: Record<string, string>, request: LocalRequest): LocalResponse {
  service.deleteFunctionConcurrency(functionRef(params, request));
  return { status: 204, headers: { 'x-amzn-requestid': request.requestId } };
}

async function configurationOf(service: LambdaService, config: LocalFunctionConfig): Promise<Record<string, unknown>> {
  const code = await service.codeInfo(config.name);
  return {
    FunctionName: config.name,
    FunctionArn: config.arn,
    Runtime: config.runtime,
    Role: `arn:aws:iam::${config.arn.split(':')[4]}:role/${config.name}`,
    Handler: config.handler,
    CodeSize: code?.size ?? 0,
    Description: '',
    Timeout: config.timeoutSeconds,
    MemorySize: config.memoryMb,
    LastModified: service.lastModified(config.name).replace('Z', '+0000'),
    CodeSha256: code?.sha256 ?? '',
    Version: '$LATEST',
    Environment: { Variables: config.environment },
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: code?.sha256 ?? '',
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: ['x86_64'],
    EphemeralStorage: { Size: 512 },
  };
}

async function getConfiguration(service: LambdaService, params: Record<string, string>, request: LocalRequest): Promise<LocalResponse> {
  const config = service.getFunction(functionRef(params, request));
  return restJson(request, 200, await configurationOf(service, config));
}

async function getFunction(service: LambdaService, params: Record<string, string>, request: LocalRequest): Promise<LocalResponse> {
  const config = service.getFunction(functionRef(params, request));
  const body: Record<string, unknown> = {
    Configuration: await configurationOf(service, config),
    Code: { RepositoryType: 'S3', Location: `file://${config.zipPath}` },
  };
  if (config.reservedConcurrency !== undefined) body.Concurrency = { ReservedConcurrentExecutions: config.reservedConcurrency };
  return restJson(request, 200, body);
}

async function listFunctions(service: LambdaService, _params: Record<string, string>, request: LocalRequest): Promise<LocalResponse> {
  const all = service.listFunctions();
  const maxItems = Number(request.url.searchParams.get('MaxItems') ?? 50);
  const start = Number(request.url.searchParams.get('Marker') ?? 0) || 0;
  const page = all.slice(start, start + Math.max(1, Math.min(50, maxItems || 50)));
  const next = start + page.length < all.length ? String(start + page.length) : undefined;
  return restJson(request, 200, {
    Functions: await Promise.all(page.map((config) => configurationOf(service, config))),
    ...(next ? { NextMarker: next } : {}),
  });
}
