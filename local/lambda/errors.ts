import { AwsServiceError } from '../aws/errors';

export const lambdaErrors = {
  functionNotFound: (arn: string) => new AwsServiceError('ResourceNotFoundException', `Function not found: ${arn}`, 404, { Type: 'User' }),
  throttled: (reason = 'ReservedFunctionConcurrentInvocationLimitExceeded') =>
    new AwsServiceError('TooManyRequestsException', 'Rate Exceeded.', 429, { Type: 'User', Reason: reason }),
  invalidRequestContent: (detail: string) =>
    new AwsServiceError('InvalidRequestContentException', `Could not parse request body into json: ${detail}`, 400, { Type: 'User' }),
  invalidParameter: (message: string) => new AwsServiceError('InvalidParameterValueException', message, 400, { Type: 'User' }),
  concurrencyNotFound: (name: string) =>
    new AwsServiceError('ResourceNotFoundException', `Function not found: ${name}`, 404, { Type: 'User' }),
};
