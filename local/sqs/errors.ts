import { AwsServiceError } from '../aws/errors';

/** SQS errors: JSON shape name, awsQuery code and status as the SQS model declares them. */
export const sqsErrors = {
  queueDoesNotExist: () =>
    new AwsServiceError('QueueDoesNotExist', 'The specified queue does not exist.', 400, {}, 'Sender', 'AWS.SimpleQueueService.NonExistentQueue'),
  receiptHandleIsInvalid: (handle: string) =>
    new AwsServiceError('ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle.`, 404, {}, 'Sender', 'ReceiptHandleIsInvalid'),
  messageNotInflight: () =>
    new AwsServiceError('MessageNotInflight', 'The message referred to is not in flight.', 400, {}, 'Sender', 'AWS.SimpleQueueService.MessageNotInflight'),
  emptyBatchRequest: () =>
    new AwsServiceError('EmptyBatchRequest', 'There should be at least one SendMessageBatchRequestEntry in the request.', 400, {}, 'Sender', 'AWS.SimpleQueueService.EmptyBatchRequest'),
  tooManyEntries: (count: number) =>
    new AwsServiceError('TooManyEntriesInBatchRequest', `Maximum number of entries per request are 10. You have sent ${count}.`, 400, {}, 'Sender', 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest'),
  batchEntryIdsNotDistinct: (id: string) =>
    new AwsServiceError('BatchEntryIdsNotDistinct', `Id ${id} repeated.`, 400, {}, 'Sender', 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct'),
  invalidBatchEntryId: () =>
    new AwsServiceError('InvalidBatchEntryId', 'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.', 400, {}, 'Sender', 'AWS.SimpleQueueService.InvalidBatchEntryId'),
  batchRequestTooLong: (size: number) =>
    new AwsServiceError('BatchRequestTooLong', `Batch requests cannot be longer than 262144 bytes. You have sent ${size} bytes.`, 400, {}, 'Sender', 'AWS.SimpleQueueService.BatchRequestTooLong'),
  purgeQueueInProgress: (name: string) =>
    new AwsServiceError('PurgeQueueInProgress', `Only one PurgeQueue operation on ${name} is allowed every 60 seconds.`, 403, {}, 'Sender', 'AWS.SimpleQueueService.PurgeQueueInProgress'),
  queueAlreadyExists: () =>
    new AwsServiceError('QueueNameExists', 'A queue already exists with the same name and a different value for attribute(s).', 400, {}, 'Sender', 'QueueAlreadyExists'),
  invalidAttributeName: (name: string) => new AwsServiceError('InvalidAttributeName', `Unknown Attribute ${name}.`, 400, {}, 'Sender', 'InvalidAttributeName'),
  invalidAttributeValue: (message: string) => new AwsServiceError('InvalidAttributeValue', message, 400, {}, 'Sender', 'InvalidAttributeValue'),
  invalidMessageContents: () =>
    new AwsServiceError('InvalidMessageContents', 'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF', 400, {}, 'Sender', 'InvalidMessageContents'),
  invalidParameterValue: (message: string) => new AwsServiceError('InvalidParameterValue', message, 400, {}, 'Sender', 'InvalidParameterValue'),
  missingParameter: (name: string) => new AwsServiceError('MissingParameter', `The request must contain the parameter ${name}.`, 400, {}, 'Sender', 'MissingParameter'),
};
