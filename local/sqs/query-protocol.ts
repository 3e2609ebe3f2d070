import { isAwsServiceError } from '../aws/errors';
import { invalidAction, parseQueryParams, queryError, queryOk, toXml } from '../aws/protocol-query';
import type { LocalRequest, LocalResponse } from '../aws/request';
import { asQueryError } from './errors';
import { SQS_OPERATIONS } from './json-protocol';
import type { SqsService } from './service';

const XMLNS = 'http://queue.amazonaws.com/doc/2012-11-05/';

/**
 * The legacy awsQuery form of SQS (`Action=SendMessage&...`, XML responses), for older SDKs and tools.
 * Requests are translated to the JSON operation inputs and the outputs back to XML.
 */
export async function handleSqsQuery(service: SqsService, request: LocalRequest): Promise<LocalResponse> {
  const params = parseQueryParams(request);
  const action = params.get('Action') ?? '';
  const operation = SQS_OPERATIONS[action];
  try {
    if (!operation) throw invalidAction(action, '2012-11-05');
    const input = toJsonInput(action, params, request);
    const output = (await operation(service, input, request)) as Record<string, unknown>;
    return queryOk(request, action, XMLNS, toXml(toXmlOutput(action, output)));
  } catch (error) {
    if (isAwsServiceError(error)) return queryError(request, XMLNS, asQueryError(error), { detail: true });
    throw error;
  }
}

/** Groups "Prefix.N.Rest" parameters: returns [N-ordered] maps of Rest → value. */
function indexed(params: URLSearchParams, prefix: string): Array<Map<string, string>> {
  const groups = new Map<number, Map<string, string>>();
  for (const [key, value] of params) {
    if (!key.startsWith(`${prefix}.`)) continue;
    const rest = key.slice(prefix.length + 1);
    const dot = rest.indexOf('.');
    const index = Number(dot >= 0 ? rest.slice(0, dot) : rest);
    if (!Number.isInteger(index)) continue;
    const group = groups.get(index) ?? new Map<string, string>();
    group.set(dot >= 0 ? rest.slice(dot + 1) : '', value);
    groups.set(index, group);
  }
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([, group]) => group);
}

function list(params: URLSearchParams, prefix: string): string[] {
  return indexed(params, prefix).map((group) => group.get('') ?? '');
}

function nameValueMap(params: URLSearchParams, prefix: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const group of indexed(params, prefix)) {
    const name = group.get('Name');
    if (name !== undefined) result[name] = group.get('Value') ?? '';
  }
  return result;
}

function messageAttributes(groups: Array<Map<string, string>>): Record<string, unknown> | undefined {
  if (groups.length === 0) return undefined;
  const result: Record<string, unknown> = {};
  for (const group of groups) {
    const name = group.get('Name');
    if (name === undefined) continue;
    result[name] = {
      DataType: group.get('Value.DataType'),
      StringValue: group.get('Value.StringValue'),
      BinaryValue: group.get('Value.BinaryValue'),
    };
  }
  return result;
}

/** MessageSystemAttribute.N.Name / .Value.DataType / .Value.StringValue, in the JSON protocol's shape. */
function systemAttributes(groups: Array<Map<string, string>>): Record<string, unknown> | undefined {
  const result: Record<string, unknown> = {};
  for (const group of groups) {
    const name = group.get('Name');
    if (name !== undefined) result[name] = { DataType: group.get('Value.DataType'), StringValue: group.get('Value.StringValue') };
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

function subGroups(group: Map<string, string>, prefix: string): Array<Map<string, string>> {
  const params = new URLSearchParams();
  for (const [key, value] of group) if (key.startsWith(`${prefix}.`)) params.append(key, value);
  return indexed(params, prefix);
}

function toJsonInput(action: string, params: URLSearchParams, request: LocalRequest): Record<string, unknown> {
  const queueUrl = params.get('QueueUrl') ?? (request.url.pathname.split('/').filter(Boolean).length >= 2 ? `http://local${request.url.pathname}` : undefined);
  const base: Record<string, unknown> = { QueueUrl: queueUrl };
  const number = (name: string): number | undefined => (params.has(name) ? Number(params.get(name)) : undefined);
  switch (action) {
    case 'CreateQueue':
      return { QueueName: params.get('QueueName'), Attributes: nameValueMap(params, 'Attribute') };
    case 'GetQueueUrl':
      return { QueueName: params.get('QueueName') };
    case 'ListQueues':
      return { QueueNamePrefix: params.get('QueueNamePrefix') ?? undefined, MaxResults: number('MaxResults'), NextToken: params.get('NextToken') ?? undefined };
    case 'GetQueueAttributes':
      return { ...base, AttributeNames: list(params, 'AttributeName') };
    case 'SetQueueAttributes':
      return { ...base, Attributes: nameValueMap(params, 'Attribute') };
    case 'SendMessage':
      return {
        ...base,
        MessageBody: params.get('MessageBody') ?? undefined,
        DelaySeconds: number('DelaySeconds'),
        MessageGroupId: params.get('MessageGroupId') ?? undefined,
        MessageDeduplicationId: params.get('MessageDeduplicationId') ?? undefined,
        MessageAttributes: messageAttributes(indexed(params, 'MessageAttribute')),
        MessageSystemAttributes: systemAttributes(indexed(params, 'MessageSystemAttribute')),
      };
    case 'SendMessageBatch':
      return {
        ...base,
        Entries: indexed(params, 'SendMessageBatchRequestEntry').map((group) => ({
          Id: group.get('Id'),
          MessageBody: group.get('MessageBody'),
          DelaySeconds: group.has('DelaySeconds') ? Number(group.get('DelaySeconds')) : undefined,
          MessageGroupId: group.get('MessageGroupId'),
          MessageDeduplicationId: group.get('MessageDeduplicationId'),
          MessageAttributes: messageAttributes(subGroups(group, 'MessageAttribute')),
          MessageSystemAttributes: systemAttributes(subGroups(group, 'MessageSystemAttribute')),
        })),
      };
    case 'ReceiveMessage':
      return {
        ...base,
        MaxNumberOfMessages: number('MaxNumberOfMessages'),
        VisibilityTimeout: number('VisibilityTimeout'),
        WaitTimeSeconds: number('WaitTimeSeconds'),
        AttributeNames: [...list(params, 'AttributeName'), ...list(params, 'MessageSystemAttributeName')],
        MessageAttributeNames: list(params, 'MessageAttributeName'),
      };
    case 'DeleteMessage':
      return { ...base, ReceiptHandle: params.get('ReceiptHandle') ?? undefined };
    case 'DeleteMessageBatch':
      return {
        ...base,
        Entries: indexed(params, 'DeleteMessageBatchRequestEntry').map((group) => ({ Id: group.get('Id'), ReceiptHandle: group.get('ReceiptHandle') })),
      };
    case 'ChangeMessageVisibility':
      return { ...base, ReceiptHandle: params.get('ReceiptHandle') ?? undefined, VisibilityTimeout: number('VisibilityTimeout') };
    case 'ChangeMessageVisibilityBatch':
      return {
        ...base,
        Entries: indexed(params, 'ChangeMessageVisibilityBatchRequestEntry').map((group) => ({
          Id: group.get('Id'),
          ReceiptHandle: group.get('ReceiptHandle'),
          VisibilityTimeout: group.has('VisibilityTimeout') ? Number(group.get('VisibilityTimeout')) : undefined,
        })),
      };
    default:
      return base;
  }
}

function attributeList(map: Record<string, string> | undefined): Array<{ Name: string; Value: string }> | undefined {
  return map ? Object.entries(map).map(([Name, Value]) => ({ Name, Value })) : undefined;
}

function toXmlOutput(action: string, output: Record<string, unknown>): Record<string, unknown> {
  switch (action) {
    case 'ListQueues':
      return { QueueUrl: output.QueueUrls, NextToken: output.NextToken };
    case 'GetQueueAttributes':
      return { Attribute: attributeList(output.Attributes as Record<string, string> | undefined) };
    case 'ReceiveMessage': {
      const messages = (output.Messages ?? []) as Array<Record<string, unknown>>;
      return {
        Message: messages.map((message) => ({
          MessageId: message.MessageId,
          ReceiptHandle: message.ReceiptHandle,
          MD5OfBody: message.MD5OfBody,
          Body: message.Body,
          Attribute: attributeList(message.Attributes as Record<string, string> | undefined),
          MD5OfMessageAttributes: message.MD5OfMessageAttributes,
          MessageAttribute: message.MessageAttributes
            ? Object.entries(message.MessageAttributes as Record<string, Record<string, string>>).map(([Name, Value]) => ({
                Name,
                Value: { StringValue: Value.StringValue, BinaryValue: Value.BinaryValue, DataType: Value.DataType },
              }))
            : undefined,
        })),
      };
    }
    case 'SendMessageBatch':
      return { SendMessageBatchResultEntry: output.Successful, BatchResultErrorEntry: output.Failed };
    case 'DeleteMessageBatch':
      return { DeleteMessageBatchResultEntry: output.Successful, BatchResultErrorEntry: output.Failed };
    case 'ChangeMessageVisibilityBatch':
      return { ChangeMessageVisibilityBatchResultEntry: output.Successful, BatchResultErrorEntry: output.Failed };
    default:
      return output;
  }
}
