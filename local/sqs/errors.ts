import { AwsServiceError } from '../aws/errors';

/**
 * An SQS error. SQS answers the JSON protocol with the model's shape name in `__type` and the awsQuery code
 * in `x-amzn-query-error`; a few errors also word their message differently on the query protocol.
 */
export class SqsError extends AwsServiceError {
  constructor(
    jsonType: string,
    message: string,
    statusCode: number,
    queryCode: string,
    /** The message on the awsQuery protocol, when it differs. */
    readonly queryMessage: string = message,
  ) {
    super(jsonType, message, statusCode, {}, 'Sender', queryCode);
  }
}

/** The same error as the awsQuery protocol words it. */
export function asQueryError(error: AwsServiceError): AwsServiceError {
  if (!(error instanceof SqsError) || error.queryMessage === error.message) return error;
  return new AwsServiceError(error.code, error.queryMessage, error.statusCode, error.extra, error.fault, error.queryCode);
}

/** SQS errors: JSON shape name, awsQuery code, status and message as SQS answers them. */
export const sqsErrors = {
  queueDoesNotExist: () =>
    new SqsError('QueueDoesNotExist', 'The specified queue does not exist.', 400, 'AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist for this wsdl version.'),
  receiptHandleIsInvalid: (handle: string) =>
    new SqsError('ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle.`, 404, 'ReceiptHandleIsInvalid'),
  messageNotInflight: () => new SqsError('MessageNotInflight', 'The message referred to is not in flight.', 400, 'AWS.SimpleQueueService.MessageNotInflight'),
  emptyBatchRequest: () =>
    new SqsError('EmptyBatchRequest', 'There should be at least one SendMessageBatchRequestEntry in the request.', 400, 'AWS.SimpleQueueService.EmptyBatchRequest'),
  tooManyEntries: (count: number) =>
    new SqsError('TooManyEntriesInBatchRequest', `Maximum number of entries per request are 10. You have sent ${count}.`, 400, 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest'),
  batchEntryIdsNotDistinct: (id: string) => new SqsError('BatchEntryIdsNotDistinct', `Id ${id} repeated.`, 400, 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct'),
  invalidBatchEntryId: () =>
    new SqsError(
      'InvalidBatchEntryId',
      'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
      400,
      'AWS.SimpleQueueService.InvalidBatchEntryId',
    ),
  batchRequestTooLong: (limit: number, size: number) =>
    new SqsError('BatchRequestTooLong', `Batch requests cannot be longer than ${limit} bytes. You have sent ${size} bytes.`, 400, 'AWS.SimpleQueueService.BatchRequestTooLong'),
  purgeQueueInProgress: (name: string) =>
    new SqsError('PurgeQueueInProgress', `Only one PurgeQueue operation on ${name} is allowed every 60 seconds.`, 403, 'AWS.SimpleQueueService.PurgeQueueInProgress'),
  queueAlreadyExists: (attribute: string) =>
    new SqsError('QueueNameExists', `A queue already exists with the same name and a different value for attribute ${attribute}`, 400, 'QueueAlreadyExists'),
  invalidAttributeName: (message: string) => new SqsError('InvalidAttributeName', message, 400, 'InvalidAttributeName'),
  unknownAttribute: (name: string) => sqsErrors.invalidAttributeName(`Unknown Attribute ${name}.`),
  invalidAttributeValue: (message: string) => new SqsError('InvalidAttributeValue', message, 400, 'InvalidAttributeValue'),
  invalidMessageContents: () =>
    new SqsError(
      'InvalidMessageContents',
      'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF',
      400,
      'InvalidMessageContents',
    ),
  invalidParameterValue: (message: string) => new SqsError('InvalidParameterValueException', message, 400, 'InvalidParameterValue'),
  missingParameter: (name: string) => new SqsError('MissingRequiredParameterException', `The request must contain the parameter ${name}.`, 400, 'MissingParameter'),
};
