import { AwsServiceError } from '../aws/errors';

export const lambdaErrors = {
  functionNotFound: (arn: string) => new AwsServiceError('ResourceNotFoundException', `Function not found: ${arn}`, 404, { Type: 'User' }),
  throttled: (reason = 'ReservedFunctionConcurrentInvocationLimitExceeded') =>
    new AwsServiceError('TooManyRequestsException', 'Rate Exceeded.', 429, { Type: 'User', Reason: reason }),
  invalidRequestContent: (detail: string) =>
    new AwsServiceError('InvalidRequestContentException', `Could not parse request body into json: ${detail}`, 400, { Type: 'User' }),
  invalidParameter: (message: string) => new AwsServiceError('InvalidParameterValueException', message, 400, { Type: 'User' }),
  otherRegion: (region: string, current: string) =>
    new AwsServiceError('ResourceNotFoundException', `Functions from '${region}' are not reachable in this region ('${current}')`, 404, { Type: 'User' }),
  /** A synchronous invocation's request over 6 MB. */
  requestTooLarge: (limit: number) =>
    new AwsServiceError('RequestEntityTooLargeException', `Request must be smaller than ${limit} bytes for the InvokeFunction operation`, 413, { Type: 'User' }),
  /** An asynchronous invocation's payload over 1 MB. */
  eventPayloadTooLarge: (size: number, limit: number) =>
    new AwsServiceError('RequestEntityTooLargeException', `${size} byte payload is too large for the Event invocation type (limit ${limit} bytes)`, 413, { Type: 'User' }),
};
