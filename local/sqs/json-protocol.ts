import { AwsServiceError, isAwsServiceError } from '../aws/errors';
import { jsonError, jsonOk, operationOf, parseJsonBody, unknownOperation } from '../aws/protocol-json';
import { headerValue, type LocalRequest, type LocalResponse } from '../aws/request';
import { sqsErrors } from './errors';
import { formatMessage } from './format';
import { md5OfMessageAttributes } from './md5';
import { MAX_MESSAGE_BYTES } from './queue-attributes';
import type { SendResult } from './queue';
import type { SqsService } from './service';
import { batchPayloadSize, validateBatchEntries } from './validation';

type Input = Record<string, unknown>;
type Operation = (service: SqsService, input: Input, request: LocalRequest) => unknown | Promise<unknown>;

const NAMESPACE = 'com.amazonaws.sqs';

/** The SQS awsJson1_0 protocol (`X-Amz-Target: AmazonSQS.<Operation>`), query-compatible errors. */
export async function handleSqsJson(service: SqsService, request: LocalRequest): Promise<LocalResponse> {
  const operationName = operationOf(request.target);
  const operation = SQS_OPERATIONS[operationName];
  try {
    if (!operation) throw unknownOperation(operationName);
    const input = parseJsonBody(request);
    return jsonOk(request, '1.0', (await operation(service, input, request)) ?? {});
  } catch (error) {
    if (isAwsServiceError(error)) return jsonError(request, '1.0', error, { namespace: NAMESPACE, queryCompatible: true });
    throw error;
  }
}

function queueRef(input: Input): string {
  const url = input.QueueUrl;
  if (typeof url !== 'string' || !url) throw sqsErrors.missingParameter('QueueUrl');
  return url;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export const SQS_OPERATIONS: Record<string, Operation> = {
  CreateQueue: (service, input) => {
    if (typeof input.QueueName !== 'string') throw sqsErrors.missingParameter('QueueName');
    const queue = service.createQueue(input.QueueName, (input.Attributes ?? {}) as Record<string, string>);
    return { QueueUrl: service.queueUrl(queue.name) };
  },
  DeleteQueue: (service, input) => {
    service.deleteQueue(queueRef(input));
    return {};
  },
  GetQueueUrl: (service, input) => {
    if (typeof input.QueueName !== 'string') throw sqsErrors.missingParameter('QueueName');
    const queue = service.findQueue(input.QueueName);
    if (!queue) throw sqsErrors.queueDoesNotExist();
    return { QueueUrl: service.queueUrl(queue.name) };
  },
  ListQueues: (service, input) => {
    const prefix = typeof input.QueueNamePrefix === 'string' ? input.QueueNamePrefix : undefined;
    const max = input.MaxResults === undefined ? undefined : Number(input.MaxResults);
    if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > 1000)) {
      throw sqsErrors.invalidParameterValue(`Value ${String(input.MaxResults)} for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 and 1000.`);
    }
    const all = service.listQueues(prefix).map((queue) => service.queueUrl(queue.name));
    const start = typeof input.NextToken === 'string' ? Number(Buffer.from(input.NextToken, 'base64').toString('utf8')) || 0 : 0;
    const page = all.slice(start, max === undefined ? Math.min(all.length, 1000) : start + max);
    const next = max !== undefined && start + max < all.length ? Buffer.from(String(start + max), 'utf8').toString('base64') : undefined;
    return page.length > 0 ? { QueueUrls: page, ...(next ? { NextToken: next } : {}) } : {};
  },
  GetQueueAttributes: (service, input) => {
    const names = stringList(input.AttributeNames);
    const attributes = service.queueAttributes(queueRef(input), names);
    return Object.keys(attributes).length > 0 ? { Attributes: attributes } : {};
  },
  SetQueueAttributes: (service, input) => {
    service.setQueueAttributes(queueRef(input), (input.Attributes ?? {}) as Record<string, string>);
    return {};
  },
  PurgeQueue: (service, input) => {
    service.purgeQueue(queueRef(input));
    return {};
  },
  SendMessage: (service, input, request) => {
    const system = systemAttributesOf(input.MessageSystemAttributes, request);
    const result = service.sendMessage(queueRef(input), {
      body: input.MessageBody,
      attributes: input.MessageAttributes,
      systemAttributes: system.values,
      delaySeconds: input.DelaySeconds,
      groupId: input.MessageGroupId,
      deduplicationId: input.MessageDeduplicationId,
    });
    return sendOutput(result, system.md5);
  },
  SendMessageBatch: (service, input, request) => {
    const ref = queueRef(input);
    service.getQueue(ref);
    const entries = validateBatchEntries(input.Entries);
    const total = batchPayloadSize(entries);
    if (total > MAX_MESSAGE_BYTES) throw sqsErrors.batchRequestTooLong(MAX_MESSAGE_BYTES, total);
    return eachEntry(entries, (entry) => {
      const system = systemAttributesOf(entry.MessageSystemAttributes, request);
      const result = service.sendMessage(ref, {
        body: entry.MessageBody,
        attributes: entry.MessageAttributes,
        systemAttributes: system.values,
        delaySeconds: entry.DelaySeconds,
        groupId: entry.MessageGroupId,
        deduplicationId: entry.MessageDeduplicationId,
        inBatch: true,
      });
      return sendOutput(result, system.md5);
    });
  },
  ReceiveMessage: async (service, input, request) => {
    const messages = await service.receiveMessages(queueRef(input), {
      maxNumberOfMessages: input.MaxNumberOfMessages,
      visibilityTimeout: input.VisibilityTimeout,
      waitTimeSeconds: input.WaitTimeSeconds,
      abort: request.closed,
    });
    const systemNames = [...stringList(input.AttributeNames), ...stringList(input.MessageSystemAttributeNames)];
    const attributeNames = stringList(input.MessageAttributeNames);
    return messages.length > 0 ? { Messages: messages.map((message) => formatMessage(message, systemNames, attributeNames)) } : {};
  },
  DeleteMessage: (service, input) => {
    service.deleteMessage(queueRef(input), input.ReceiptHandle);
    return {};
  },
  DeleteMessageBatch: (service, input) => {
    const ref = queueRef(input);
    service.getQueue(ref);
    const entries = validateBatchEntries(input.Entries);
    return eachEntry(entries, (entry) => {
      service.deleteMessage(ref, entry.ReceiptHandle);
    });
  },
  ChangeMessageVisibility: (service, input) => {
    service.changeMessageVisibility(queueRef(input), input.ReceiptHandle, input.VisibilityTimeout);
    return {};
  },
  ChangeMessageVisibilityBatch: (service, input) => {
    const ref = queueRef(input);
    service.getQueue(ref);
    const entries = validateBatchEntries(input.Entries);
    return eachEntry(entries, (entry) => {
      service.changeMessageVisibility(ref, entry.ReceiptHandle, entry.VisibilityTimeout);
    });
  },
};

/** Runs one operation per batch entry; an entry that throws is reported as failed, the others still run. */
function eachEntry(
  entries: ReadonlyArray<Record<string, any>>,
  run: (entry: Record<string, any>) => Record<string, unknown> | void,
): { Successful: unknown[]; Failed: unknown[] } {
  const Successful: unknown[] = [];
  const Failed: unknown[] = [];
  for (const entry of entries) {
    try {
      Successful.push({ Id: entry.Id, ...(run(entry) ?? {}) });
    } catch (error) {
      Failed.push(batchFailure(entry.Id, error));
    }
  }
  return { Successful, Failed };
}

function sendOutput(result: SendResult, md5OfSystemAttributes: string | undefined): Record<string, unknown> {
  return {
    MessageId: result.messageId,
    MD5OfMessageBody: result.md5OfBody,
    ...(result.md5OfMessageAttributes ? { MD5OfMessageAttributes: result.md5OfMessageAttributes } : {}),
    ...(md5OfSystemAttributes ? { MD5OfMessageSystemAttributes: md5OfSystemAttributes } : {}),
    ...(result.sequenceNumber ? { SequenceNumber: result.sequenceNumber } : {}),
  };
}

/**
 * The message system attributes of a send: AWSTraceHeader from MessageSystemAttributes, else from the X-Ray
 * `X-Amzn-Trace-Id` HTTP header (the attribute wins when both are set). The MD5 digest is answered only for
 * attributes sent as MessageSystemAttributes.
 */
function systemAttributesOf(value: unknown, request: LocalRequest): { values?: Record<string, string>; md5?: string } {
  const given = value && typeof value === 'object' ? (value as Record<string, { DataType?: string; StringValue?: string }>) : {};
  const trace = given.AWSTraceHeader;
  if (trace?.StringValue) {
    return {
      values: { AWSTraceHeader: trace.StringValue },
      md5: md5OfMessageAttributes({ AWSTraceHeader: { DataType: trace.DataType ?? 'String', StringValue: trace.StringValue } }),
    };
  }
  const header = headerValue(request.headers, 'x-amzn-trace-id');
  return header ? { values: { AWSTraceHeader: header } } : {};
}

function batchFailure(id: unknown, error: unknown): Record<string, unknown> {
  if (error instanceof AwsServiceError) {
    return { Id: id, SenderFault: error.fault === 'Sender', Code: error.queryCode ?? error.code, Message: error.message };
  }
  return { Id: id, SenderFault: false, Code: 'InternalError', Message: (error as Error)?.message ?? String(error) };
}
