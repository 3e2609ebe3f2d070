/**
 * Velocity (VTL) mapping templates of the event API: the request to EventBridge `PutEvents` and the mapping of
 * its answer. Pure functions, so tests and the local runtime see exactly what API Gateway runs.
 */

/** What one route puts on the bus. */
export interface PutEventsTarget {
  readonly busName: string;
  readonly source: string;
  readonly detailType: string;
  /** Path parameters merged into the detail (in this order, before the body's fields), with their patterns. */
  readonly pathParameters: Readonly<Record<string, string>>;
}

const jsonString = (value: string): string => JSON.stringify(value);

/** VTL that writes a value as the inside of a JSON string (`escapeJavaScript` escapes `'`, which JSON does not allow). */
const escaped = (expression: string): string => `$util.escapeJavaScript(${expression}).replaceAll("\\\\'", "'")`;

/**
 * Request template: the validated body becomes the event detail (path parameters prepended). `Detail` is a
 * JSON string inside JSON, so the body is escaped with `$util.escapeJavaScript`, whose `\'` (not valid JSON) is
 * turned back into `'`. A path parameter that does not match its pattern yields an empty `Entries` list, which
 * EventBridge refuses with a 400 ValidationException: the API answers 400 and nothing reaches the bus.
 */
export function putEventsRequestTemplate(target: PutEventsTarget): string {
  const params = Object.entries(target.pathParameters);
  const entry = (detail: string): string =>
    `{"Entries":[{"EventBusName":${jsonString(target.busName)},"Source":${jsonString(target.source)},` +
    `"DetailType":${jsonString(target.detailType)},"Detail":"${detail}"}]}`;
  const lines = [`#set($body = ${escaped("$input.json('$')")})`];
  if (params.length === 0) {
    lines.push(entry('$body'));
    return lines.join('\n');
  }
  const prefix = params.map(([name]) => `\\"${name}\\":\\"$${name}\\"`).join(',');
  const checks = params.map(([name, pattern]) => `$${name}.matches('${pattern}')`).join(' && ');
  for (const [name] of params) lines.push(`#set($${name} = $input.params('${name}'))`);
  lines.push(`#if(${checks})`, entry(`{${prefix},$body.substring(1)`), '#else', '{"Entries":[]}', '#end');
  return lines.join('\n');
}

/**
 * Integration response template for a 200 from PutEvents: 202 with `acceptedBody` (where `$eventId` is the
 * event id) when the entry was accepted; 500 with the entry's error when `FailedEntryCount > 0`, so the API
 * never answers 202 for an event that was not accepted.
 */
export function putEventsResponseTemplate(acceptedBody: string): string {
  return [
    `#set($failed = $input.path('$.FailedEntryCount'))`,
    `#if($failed > 0)`,
    `#set($context.responseOverride.status = 500)`,
    `{"message":"The event was not accepted","errorCode":"${escaped("$input.path('$.Entries[0].ErrorCode')")}","errorMessage":"${escaped("$input.path('$.Entries[0].ErrorMessage')")}"}`,
    `#else`,
    `#set($eventId = $input.path('$.Entries[0].EventId'))`,
    acceptedBody,
    `#end`,
  ].join('\n');
}

/** Body for a 400 from EventBridge: only a path parameter that failed its pattern produces one. */
export function invalidPathTemplate(pathParameters: Readonly<Record<string, string>>): string {
  const rules = Object.entries(pathParameters).map(([name, pattern]) => `${name} must match ${pattern}`);
  return JSON.stringify({ message: 'Invalid request path', errors: rules });
}

/** Body for any other EventBridge error: the event was not accepted. */
export const UNAVAILABLE_TEMPLATE = JSON.stringify({ message: 'The event bus did not accept the event; try again' });

/** Gateway response for a body that fails its model: names the problems. */
export const BAD_REQUEST_BODY_TEMPLATE = '{"message":"Invalid request body","errors":"$context.error.validationErrorString"}';

/** Gateway response for other API Gateway errors. */
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
});
