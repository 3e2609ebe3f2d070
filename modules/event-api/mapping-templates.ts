/**
 * Velocity (VTL) mapping templates of the event API: the request to EventBridge `PutEvents` and the mapping of
 * its answer, and the (non-Velocity) gateway response templates. Pure functions, so tests and the local runtime
 * see exactly what API Gateway runs.
 */
import { IDEMPOTENCY_KEY_PATTERN, PLAYER_NAME_PATTERN, PLAYER_NAME_RULE } from '../../handlers/src/events/primitives';

/** What one route puts on the bus. */
export interface PutEventsTarget {
  readonly busName: string;
  readonly source: string;
  readonly detailType: string;
  /** Path parameters merged into the detail (in this order, before the body's fields), with their patterns. */
  readonly pathParameters: Readonly<Record<string, string>>;
  /** Detail field that receives the caller: the `cognito:username` claim of the token the authorizer verified. */
  readonly callerField: string;
  /** Detail field that receives the attempt id ({@link ATTEMPT_ID_HEADER}, else the request id). @default none */
  readonly attemptIdField?: string;
}

/** The request header a client sets to make a retry the same attempt. */
export const ATTEMPT_ID_HEADER = 'Idempotency-Key';

/** The claim that names the caller in a Cognito ID token. */
export const CALLER_CLAIM = 'cognito:username';

const jsonString = (value: string): string => JSON.stringify(value);

/** VTL that writes a value as the inside of a JSON string (`escapeJavaScript` escapes `'`, which JSON does not allow). */
const escaped = (expression: string): string => `$util.escapeJavaScript(${expression}).replaceAll("\\\\'", "'")`;

/**
 * VTL setting `$attemptId`: the client's `Idempotency-Key` (a retry after a timeout is the same attempt), else
 * API Gateway's request id. Used by the request template (into the detail) and the response template (into the
 * 202), so both always agree.
 */
const ATTEMPT_ID_VTL = [
  `#set($attemptId = $input.params('${ATTEMPT_ID_HEADER}'))`,
  `#if("$!attemptId" == "")#set($attemptId = $context.requestId)#end`,
];

/**
 * Request template: the validated body becomes the event detail, after the path parameters, the caller (from
 * the token's claims, never from the body) and the attempt id. `Detail` is a JSON string inside JSON, so the
 * body is escaped with `$util.escapeJavaScript`, whose `\'` (not valid JSON) is turned back into `'`; the other
 * values are written raw only after they matched their patterns, which admit no character needing escapes. A
 * value that does not match yields an empty `Entries` list, which EventBridge refuses with a 400
 * ValidationException: the API answers 400 and nothing reaches the bus.
 */
export function putEventsRequestTemplate(target: PutEventsTarget): string {
  const checked: Array<[name: string, variable: string, pattern: string]> = [
    ...Object.entries(target.pathParameters).map(([name, pattern]): [string, string, string] => [name, `$${name}`, pattern]),
    [target.callerField, '$caller', PLAYER_NAME_PATTERN],
    ...(target.attemptIdField ? [[target.attemptIdField, '$attemptId', IDEMPOTENCY_KEY_PATTERN] as [string, string, string]] : []),
  ];
  const names = checked.map(([name]) => name);
  if (new Set(names).size !== names.length) throw new Error(`putEventsRequestTemplate: detail fields ${names.join(', ')} must be distinct`);
  const entry = (detail: string): string =>
    `{"Entries":[{"EventBusName":${jsonString(target.busName)},"Source":${jsonString(target.source)},` +
    `"DetailType":${jsonString(target.detailType)},"Detail":"${detail}"}]}`;
  const prefix = checked.map(([name, variable]) => `\\"${name}\\":\\"${variable}\\"`).join(',');
  const lines = [
    `#set($body = ${escaped("$input.json('$')")})`,
    ...Object.keys(target.pathParameters).map((name) => `#set($${name} = $input.params('${name}'))`),
    `#set($caller = $context.authorizer.claims['${CALLER_CLAIM}'])`,
    ...(target.attemptIdField ? ATTEMPT_ID_VTL : []),
    `#if(${checked.map(([, variable, pattern]) => `${variable}.matches('${pattern}')`).join(' && ')})`,
    `#if($body == '{}')`,
    entry(`{${prefix}}`),
    '#else',
    entry(`{${prefix},$body.substring(1)`),
    '#end',
    '#else',
    '{"Entries":[]}',
    '#end',
  ];
  return lines.join('\n');
}

/** VTL setting `$errorType` to an AWS JSON error's `__type` without its namespace (`com.amazonaws.x#Name` → `Name`). */
const ERROR_TYPE_VTL = [
  `#set($errorType = $input.path('$.__type'))`,
  `#if($errorType.contains('#'))#set($errorType = $errorType.substring($errorType.lastIndexOf('#')))#set($errorType = $errorType.substring(1))#end`,
];

/** Body of an answer the client should retry (throttling, or EventBridge could not take the event). */
const RETRY_LATER = (status: 500 | 503): string =>
  status === 503 ? JSON.stringify({ message: 'The event bus is busy; try again' }) : JSON.stringify({ message: 'The event bus did not accept the event; try again' });

/**
 * Integration response template for a 200 from PutEvents: 202 with `acceptedBody` (where `$eventId` is the
 * event id and `$attemptId` the attempt id) when the entry was accepted. When `FailedEntryCount > 0` the API
 * never answers 202: a throttled entry answers 503 and any other entry error 500, both retryable
 * (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsResultEntry.html).
 */
export function putEventsResponseTemplate(acceptedBody: string): string {
  return [
    `#set($failed = $input.path('$.FailedEntryCount'))`,
    `#if($failed > 0)`,
    `#if($input.path('$.Entries[0].ErrorCode') == 'ThrottlingException')`,
    `#set($context.responseOverride.status = 503)`,
    RETRY_LATER(503),
    `#else`,
    `#set($context.responseOverride.status = 500)`,
    `{"message":"The event was not accepted; try again","errorCode":"${escaped("$input.path('$.Entries[0].ErrorCode')")}"}`,
    `#end`,
    `#else`,
    `#set($eventId = $input.path('$.Entries[0].EventId'))`,
    ...(acceptedBody.includes('$attemptId') ? ATTEMPT_ID_VTL : []),
    acceptedBody,
    `#end`,
  ].join('\n');
}

/** The rules a request can break after its body passed the model (they become the 400's `errors`). */
export function requestRules(target: Pick<PutEventsTarget, 'pathParameters' | 'attemptIdField'>): string[] {
  return [
    ...Object.entries(target.pathParameters).map(([name, pattern]) => `${name} must match ${pattern}`),
    `the signed-in player's name must follow the rule: ${PLAYER_NAME_RULE}`,
    ...(target.attemptIdField ? [`the ${ATTEMPT_ID_HEADER} header, when given, must match ${IDEMPOTENCY_KEY_PATTERN}`] : []),
  ];
}

/**
 * Integration response template for any error status of PutEvents (selection `[45]\d{2}`; the method response is
 * 500). EventBridge answers 400 for validation errors, but also for throttling and access errors
 * (https://docs.aws.amazon.com/eventbridge/latest/APIReference/CommonErrors.html), so the status alone cannot
 * tell who is at fault: the error's `__type` decides. Only a ValidationException (which only a request breaking
 * {@link requestRules} produces) is the client's: 400 naming the rules. Throttling answers 503, anything else
 * (access denied, signature, internal errors) 500: retryable, and never blamed on the client.
 */
export function putEventsErrorTemplate(target: Pick<PutEventsTarget, 'pathParameters' | 'attemptIdField'>): string {
  return [
    ...ERROR_TYPE_VTL,
    `#if($errorType == 'ValidationException' || $errorType == 'ValidationError')`,
    `#set($context.responseOverride.status = 400)`,
    JSON.stringify({ message: 'Invalid request', errors: requestRules(target) }),
    `#elseif($errorType == 'ThrottlingException' || $errorType == 'ServiceUnavailable' || $errorType == 'ServiceUnavailableException')`,
    `#set($context.responseOverride.status = 503)`,
    RETRY_LATER(503),
    `#else`,
    RETRY_LATER(500),
    `#end`,
  ].join('\n');
}

/**
 * Gateway response for a body that fails its model. Gateway response templates are not Velocity: API Gateway
 * only substitutes variables, with no escaping
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-gateway-responses.responseTemplates.html),
 * and `$context.error.validationErrorString` holds raw double quotes (`[object has missing required properties
 * (["fakemon"])]`), so it can appear in no JSON body. The body names the request instead; the validation
 * errors are in the stage's access log under that request id. `messageString` is the message already quoted
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html).
 */
export const BAD_REQUEST_BODY_TEMPLATE = '{"message":$context.error.messageString,"requestId":"$context.requestId"}';

/** Gateway response for other API Gateway errors (401 Unauthorized, 403, 429, 5xx …). */
export const DEFAULT_ERROR_TEMPLATE = '{"message":$context.error.messageString}';

/** JSON access-log line of the stage. */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  status: '$context.status',
  responseLength: '$context.responseLength',
  integrationStatus: '$context.integration.status',
  integrationLatency: '$context.integration.latency',
  error: '$context.error.message',
  validationError: '$context.error.validationErrorString',
  caller: '$context.authorizer.claims.sub',
});
