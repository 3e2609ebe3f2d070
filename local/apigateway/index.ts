/** Local API Gateway REST API emulator (AWS service integrations, VTL mapping templates, request validation). */
export * from './model';
export { LocalRestApi, handleRequest, startRestApi, selectIntegrationResponse, clfTime, MAX_REQUEST_BYTES } from './rest-api';
export type { AccessLogEntry, LocalRestApiOptions, StartRestApiOptions, RunningRestApi } from './rest-api';
export { renderTemplate, TemplateError, InvalidJsonPayloadError } from './vtl';
export type { TemplateParams, TemplateVariables } from './vtl';
export { renderGatewayResponse, substituteGatewayTemplate, GATEWAY_RESPONSE_TYPES } from './gateway-responses';
export { BodyValidator, describeValidationErrors, validationErrorString } from './validation';
export { httpAwsIntegration, parseAwsIntegrationUri, integrationPath, LOCAL_INTEGRATION_CREDENTIALS } from './aws-integration';
export { escapeJavaScript, urlEncode, urlDecode, base64Encode, base64Decode, javaMatches, javaSplit, translateJavaRegex, JAVA_STRING_METHODS, JavaException } from './java';
export { evaluateJsonPath } from './jsonpath';
export { RestRouter } from './routing';
export { TokenBucket } from './throttle';
export { signRequest } from './sigv4';
