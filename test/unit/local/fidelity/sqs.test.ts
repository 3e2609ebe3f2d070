/**
 * The SQS API edge against AWS: the real SQS client (JSON protocol) and raw awsQuery requests against the
 * local endpoint. Each case cites its source above it (./support.ts lists the RECORDED files).
 */
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  GetQueueAttributesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import type { LocalAws } from '../../../../local/aws';
import { clientConfig, startTestAws } from '../support';
import { failure, postJson, postQuery } from './support';

const MIB = 1_048_576;
const TRACE = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';

let aws: LocalAws;
let sqs: SQSClient;
let counter = 0;

beforeAll(async () => {
  aws = await startTestAws();
  sqs = new SQSClient(clientConfig(aws.endpoint));
});
afterAll(async () => {
  sqs.destroy();
  await aws.stop();
});

async function createQueue(attributes: Record<string, string> = {}, fifo = false): Promise<string> {
  counter += 1;
  const name = `fidelity-${counter}${fifo ? '.fifo' : ''}`;
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: fifo ? { FifoQueue: 'true', ...attributes } : attributes }));
  return QueueUrl as string;
}

async function attributes(url: string, names: string[] = ['All']): Promise<Record<string, string>> {
  return (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: names as never }))).Attributes ?? {};
}

async function receiveAll(url: string, extra: Partial<ConstructorParameters<typeof ReceiveMessageCommand>[0]> = {}): Promise<Message[]> {
  return (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, ...extra }))).Messages ?? [];
}

describe('message size: 1 MiB, attributes included', () => {
  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html — MaximumMessageSize: "from 1,024 bytes (1 KiB) up to 1,048,576 bytes (1 MiB). Default: 1,048,576 bytes (1 MiB)."
  it('a queue created through the API allows 1 MiB by default and accepts 1 MiB, not more', async () => {
    const url = await createQueue();
    expect((await attributes(url, ['MaximumMessageSize'])).MaximumMessageSize).toBe(String(MIB));
    await expect(sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { MaximumMessageSize: String(MIB + 1) } }))).rejects.toMatchObject({
      name: 'InvalidAttributeValue',
    });
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { MaximumMessageSize: String(MIB) } }));
  });

  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html — "The maximum size is 1 MiB or 1,048,576 bytes"; message text: RECORDED.sqs test_send_oversized_message[sqs].
  it('refuses a body over 1 MiB with AWS text', async () => {
    const url = await createQueue();
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(MIB) }));
    const error = await failure(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(MIB + 1) })));
    expect(error).toMatchObject({ name: 'InvalidParameterValue', $metadata: { httpStatusCode: 400 } });
    expect(error.message).toBe('One or more parameters are invalid. Reason: Message must be shorter than 1048576 bytes.');
  });

  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html — "All components of a message attribute are included in the 1 MiB message size restriction."
  it('counts attribute names, types and values toward the limit', async () => {
    const url = await createQueue();
    const attribute = { k: { DataType: 'String', StringValue: 'v' } }; // 1 + 6 + 1 = 8 bytes
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(MIB - 8), MessageAttributes: attribute }));
    await expect(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(MIB - 7), MessageAttributes: attribute }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
  });

  // https://docs.aws.amazon.com/xray/latest/devguide/xray-services-sqs.html — "Trace headers are excluded from Amazon SQS message size and message attribute quotas."
  it('does not count the AWSTraceHeader system attribute', async () => {
    const url = await createQueue();
    await sqs.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(MIB), MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: TRACE } } }),
    );
    expect(await attributes(url, ['ApproximateNumberOfMessages'])).toEqual({ ApproximateNumberOfMessages: '1' });
  });

  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html — "the maximum total payload size (the sum of the individual lengths of all of the batched messages) are both 1 MiB";
  // message text: RECORDED.sqs test_send_message_batch_with_oversized_contents[sqs].
  it('refuses a batch whose bodies and attributes together exceed 1 MiB', async () => {
    const url = await createQueue();
    const half = MIB / 2;
    const error = await failure(
      sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: [
            { Id: 'a', MessageBody: 'x'.repeat(half) },
            { Id: 'b', MessageBody: 'x'.repeat(half - 8), MessageAttributes: { k: { DataType: 'String', StringValue: 'vv' } } },
          ],
        }),
      ),
    );
    expect(error).toMatchObject({ name: 'BatchRequestTooLong', $metadata: { httpStatusCode: 400 } });
    expect(error.message).toBe('Batch requests cannot be longer than 1048576 bytes. You have sent 1048577 bytes.');
  });

  // RECORDED.sqs test_send_batch_message_size: an oversized entry fails alone, worded "cannot be validated".
  it('fails only the oversized entry of a batch', async () => {
    const url = await createQueue({ MaximumMessageSize: '1024' });
    const result = await sqs.send(
      new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'big', MessageBody: 'x'.repeat(1025) }, { Id: 'small', MessageBody: 'ok' }] }),
    );
    expect(result.Successful?.map((entry) => entry.Id)).toEqual(['small']);
    expect(result.Failed).toEqual([
      { Id: 'big', SenderFault: true, Code: 'InvalidParameterValue', Message: 'One or more parameters cannot be validated. Reason: Message must be shorter than 1024 bytes.' },
    ]);
  });
});

describe('errors on the JSON protocol', () => {
  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-json-api-responses.html — the example: x-amzn-query-error "AWS.SimpleQueueService.NonExistentQueue;Sender",
  // "__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": "The specified queue does not exist."
  it('answers a missing queue exactly like the documented example', async () => {
    const response = await postJson(aws.endpoint, 'AmazonSQS.GetQueueUrl', '1.0', { QueueName: 'no-such-queue' });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-query-error')).toBe('AWS.SimpleQueueService.NonExistentQueue;Sender');
    expect(JSON.parse(response.text)).toEqual({ __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'The specified queue does not exist.' });
  });

  // RECORDED.sqs test_send_receive_max_number_of_messages[sqs]: Code InvalidParameterValue, QueryErrorCode (the __type) InvalidParameterValueException.
  it('names an invalid parameter InvalidParameterValueException in __type and InvalidParameterValue in the query error', async () => {
    const url = await createQueue();
    const response = await postJson(aws.endpoint, 'AmazonSQS.ReceiveMessage', '1.0', { QueueUrl: url, MaxNumberOfMessages: 11 });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-query-error')).toBe('InvalidParameterValue;Sender');
    expect(JSON.parse(response.text)).toEqual({
      __type: 'com.amazonaws.sqs#InvalidParameterValueException',
      message: 'Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.',
    });
    // The SDK names the error by the query-compatible code.
    await expect(sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 11 }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  // RECORDED.sqs test_send_empty_message[sqs]: Code MissingParameter, QueryErrorCode MissingRequiredParameterException.
  it('names a missing parameter MissingRequiredParameterException in __type and MissingParameter in the query error', async () => {
    const url = await createQueue();
    const response = await postJson(aws.endpoint, 'AmazonSQS.SendMessage', '1.0', { QueueUrl: url, MessageBody: '' });
    expect(response.headers.get('x-amzn-query-error')).toBe('MissingParameter;Sender');
    expect(JSON.parse(response.text)).toEqual({
      __type: 'com.amazonaws.sqs#MissingRequiredParameterException',
      message: 'The request must contain the parameter MessageBody.',
    });
  });
});

describe('errors on the awsQuery protocol', () => {
  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-xml-api-responses.html — ErrorResponse > Error (Type, Code, Message, optional Detail) and RequestId;
  // the code and wording: RECORDED.sqs test_non_existent_queue ("queue-does-not-exist-query", Detail present but empty).
  it('answers a missing queue with the XML error body AWS sends', async () => {
    const response = await postQuery(aws.endpoint, { Action: 'GetQueueUrl', QueueName: 'no-such-queue' });
    expect(response.status).toBe(400);
    expect(response.text).toMatch(
      /^<\?xml version="1\.0"\?><ErrorResponse xmlns="http:\/\/queue\.amazonaws\.com\/doc\/2012-11-05\/"><Error><Type>Sender<\/Type><Code>AWS\.SimpleQueueService\.NonExistentQueue<\/Code><Message>The specified queue does not exist for this wsdl version\.<\/Message><Detail\/><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/,
    );
  });

  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_PurgeQueue.html — PurgeQueueInProgress: "HTTP Status Code: 403"; code: RECORDED.sqs test_successive_purge_calls_fail[sqs_query].
  it('answers a second purge within a minute with 403 PurgeQueueInProgress', async () => {
    const url = await createQueue();
    expect((await postQuery(url, { Action: 'PurgeQueue' })).status).toBe(200);
    const response = await postQuery(url, { Action: 'PurgeQueue' });
    expect(response.status).toBe(403);
    expect(response.text).toContain('<Code>AWS.SimpleQueueService.PurgeQueueInProgress</Code>');
  });
});

describe('queue attributes', () => {
  // RECORDED.sqs test_fifo_queue_* cases create queues with {"FifoQueue": "True", "ContentBasedDeduplication": "True"}; the docs are silent on letter case.
  it('reads "True"/"true" as the same boolean and reports "true"', async () => {
    const url = await createQueue({ FifoQueue: 'True', ContentBasedDeduplication: 'True' }, true);
    expect(await attributes(url, ['FifoQueue', 'ContentBasedDeduplication'])).toEqual({ FifoQueue: 'true', ContentBasedDeduplication: 'true' });
  });

  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html — FIFO attributes "apply only to FIFO (first-in-first-out) queues"; texts: RECORDED.sqs test_create_standard_queue_with_fifo_attribute_raises_error[sqs].
  it.each([
    ['FifoQueue', 'false', 'Unknown Attribute FifoQueue.'],
    ['ContentBasedDeduplication', 'false', 'Unknown Attribute ContentBasedDeduplication.'],
    ['DeduplicationScope', 'queue', 'You can specify the DeduplicationScope only when FifoQueue is set to true.'],
    ['FifoThroughputLimit', 'perQueue', 'You can specify the FifoThroughputLimit only when FifoQueue is set to true.'],
  ])('refuses the FIFO-only attribute %s on a standard queue', async (name, value, message) => {
    const error = await failure(sqs.send(new CreateQueueCommand({ QueueName: `standard-${name}`, Attributes: { [name]: value } })));
    expect(error).toMatchObject({ name: 'InvalidAttributeName', message, $metadata: { httpStatusCode: 400 } });
  });

  // RECORDED.sqs test_set_unsupported_attribute_fifo[sqs] and test_set_unsupported_attribute_standard[sqs].
  it('refuses changing the queue type', async () => {
    const standard = await createQueue();
    await expect(sqs.send(new SetQueueAttributesCommand({ QueueUrl: standard, Attributes: { FifoQueue: 'true' } }))).rejects.toMatchObject({
      name: 'InvalidAttributeName',
      message: 'Unknown Attribute FifoQueue.',
    });
    const fifo = await createQueue({}, true);
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: fifo, Attributes: { FifoQueue: 'true' } }));
    await expect(sqs.send(new SetQueueAttributesCommand({ QueueUrl: fifo, Attributes: { FifoQueue: 'false' } }))).rejects.toMatchObject({
      name: 'InvalidAttributeValue',
      message: 'Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.',
    });
  });

  // RECORDED.sqs test_create_queue_with_different_attributes_raises_exception[sqs]: the message names the attribute.
  it('names the conflicting attribute when CreateQueue meets an existing queue', async () => {
    const url = await createQueue({ DelaySeconds: '1' });
    const name = url.split('/').pop() as string;
    await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { DelaySeconds: '1' } }));
    const error = await failure(sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { DelaySeconds: '2' } })));
    expect(error).toMatchObject({ name: 'QueueNameExists', message: 'A queue already exists with the same name and a different value for attribute DelaySeconds' });
  });

  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html — Policy, KmsMasterKeyId, KmsDataKeyReusePeriodSeconds (60-86,400), SqsManagedSseEnabled;
  // values returned: RECORDED.sqs test_set_queue_attributes_default_values[sqs] and test_sse_queue_attributes[sqs].
  it('stores the policy and the KMS settings and returns them, SSE-SQS off while a KMS key is set', async () => {
    const url = await createQueue();
    expect((await attributes(url)).SqsManagedSseEnabled).toBe('true');
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: '*' }] });
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Policy: policy, KmsMasterKeyId: 'testKeyId', KmsDataKeyReusePeriodSeconds: '6000' } }));
    expect(await attributes(url, ['Policy', 'KmsMasterKeyId', 'KmsDataKeyReusePeriodSeconds', 'SqsManagedSseEnabled'])).toEqual({
      Policy: policy,
      KmsMasterKeyId: 'testKeyId',
      KmsDataKeyReusePeriodSeconds: '6000',
      SqsManagedSseEnabled: 'false',
    });
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { KmsMasterKeyId: '', KmsDataKeyReusePeriodSeconds: '300' } }));
    const after = await attributes(url);
    expect(after.KmsMasterKeyId).toBeUndefined();
    expect(after.KmsDataKeyReusePeriodSeconds).toBeUndefined();
    expect(after.SqsManagedSseEnabled).toBe('false');
  });

  // RECORDED.sqs test_sse_kms_and_sqs_are_mutually_exclusive[sqs].
  it('refuses KMS and SQS-managed encryption at once', async () => {
    const url = await createQueue();
    await expect(
      sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { KmsMasterKeyId: 'testKeyId', SqsManagedSseEnabled: 'true' } })),
    ).rejects.toMatchObject({
      name: 'InvalidAttributeName',
      message: 'You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.',
    });
  });
});

describe('FIFO queues', () => {
  const send = (url: string, body: string, group: string, dedup?: string) =>
    sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body, MessageGroupId: group, MessageDeduplicationId: dedup }));

  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html — DeduplicationScope: "whether message deduplication occurs at the message group or queue level"
  // (default queue); RECORDED.sqs test_sqs_fifo_same_dedup_id_different_message_groups[sqs] (second send is dropped).
  it('deduplicates across message groups by default', async () => {
    const url = await createQueue({}, true);
    await send(url, 'first', 'g1', 'same');
    await send(url, 'second', 'g2', 'same');
    expect((await receiveAll(url)).map((message) => message.Body)).toEqual(['first']);
  });

  // Same page: DeduplicationScope messageGroup keeps deduplication ids per group.
  it('deduplicates within a group when DeduplicationScope is messageGroup', async () => {
    const url = await createQueue({ DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId' }, true);
    await send(url, 'first', 'g1', 'same');
    await send(url, 'second', 'g2', 'same');
    await send(url, 'third', 'g1', 'same');
    expect((await receiveAll(url)).map((message) => message.Body).sort()).toEqual(['first', 'second']);
  });

  // https://repost.aws/knowledge-center/sqs-fifo-messages-not-returned — "When you specify a MaxNumberOfMessages parameter ...,
  // SQS returns as many messages with the same message group ID as possible. The ReceiveMessage API call can also return messages from other available message groups."
  it('serves a receive group by group, oldest group first', async () => {
    const url = await createQueue({ ContentBasedDeduplication: 'true' }, true);
    for (const [body, group] of [['a1', 'a'], ['b1', 'b'], ['a2', 'a'], ['b2', 'b'], ['a3', 'a']]) await send(url, body, group);
    expect((await receiveAll(url)).map((message) => message.Body)).toEqual(['a1', 'a2', 'a3', 'b1', 'b2']);
  });

  // RECORDED: localstack/localstack tests/aws/services/sqs/test_sqs.py test_purge_queue_clears_fifo_deduplication_cache (validated on AWS;
  // the docs are silent).
  it('forgets deduplication ids when the queue is purged', async () => {
    const url = await createQueue({}, true);
    await send(url, 'message-1', 'g', 'dedup');
    await sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
    await send(url, 'message-2', 'g', 'dedup');
    expect((await receiveAll(url)).map((message) => message.Body)).toEqual(['message-2']);
  });

  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html — MessageGroupId / MessageDeduplicationId: up to 128 alphanumeric or punctuation characters;
  // texts: RECORDED.sqs test_send_message_to_standard_queue_with_invalid_message_group_id[*] and test_message_deduplication_id_invalid[*].
  it.each([
    ['MessageGroupId', 'with spaces', 'group 123', false],
    ['MessageGroupId', 'empty', '', false],
    ['MessageGroupId', 'of 129 characters', 'a'.repeat(129), false],
    ['MessageDeduplicationId', 'with spaces', 'group 123', true],
    ['MessageDeduplicationId', 'of 129 characters', 'a'.repeat(129), true],
  ])('refuses a %s %s', async (parameter, _label, value, fifo) => {
    const url = await createQueue({}, fifo);
    const input = { QueueUrl: url, MessageBody: 'x', MessageGroupId: 'g', [parameter]: value };
    const error = await failure(sqs.send(new SendMessageCommand(input)));
    expect(error).toMatchObject({ name: 'InvalidParameterValue', $metadata: { httpStatusCode: 400 } });
    expect(error.message).toBe(
      `Value ${value} for parameter ${parameter} is invalid. Reason: ${parameter} can only include alphanumeric and punctuation characters. 1 to 128 in length.`,
    );
  });

  // RECORDED.sqs test_message_deduplication_id_success: 128 characters are accepted.
  it('accepts a 128-character deduplication id', async () => {
    const url = await createQueue({}, true);
    await send(url, 'x', 'g', 'a'.repeat(128));
    expect(await receiveAll(url)).toHaveLength(1);
  });

  // RECORDED.sqs test_posting_to_fifo_requires_deduplicationid_group_id[sqs] (MissingParameter) and
  // test_send_batch_missing_message_group_id_for_fifo_queue[sqs] (InvalidParameterValue in a batch).
  it('words a missing group id differently in SendMessage and SendMessageBatch', async () => {
    const url = await createQueue({ ContentBasedDeduplication: 'true' }, true);
    await expect(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' }))).rejects.toMatchObject({
      name: 'MissingParameter',
      message: 'The request must contain the parameter MessageGroupId.',
    });
    const batch = await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'e', MessageBody: 'x' }] }));
    expect(batch.Failed).toEqual([{ Id: 'e', SenderFault: true, Code: 'InvalidParameterValue', Message: 'The request must contain the parameter MessageGroupId.' }]);
  });
});

describe('visibility and dead letters', () => {
  // RECORDED.sqs test_change_message_visibility_after_visibility_timeout_expiration[sqs]: HTTP 200. The API reference only says such a
  // change "might result in an error".
  it('changes the visibility of a received message whose timeout has already run out', async () => {
    const url = await createQueue({ VisibilityTimeout: '1' });
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' }));
    const [message] = await receiveAll(url);
    aws.clock.advance(2_000);
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 60 }));
    expect(await receiveAll(url)).toEqual([]);
  });

  // RECORDED.sqs test_dead_letter_queue_message_attributes: received once before the move, "ApproximateReceiveCount": "2" on the first
  // receive from the DLQ, DeadLetterQueueSourceArn set, attributes and trace header kept, no MessageDeduplicationId.
  it('carries the receive count to the dead-letter queue and adds no deduplication id to a standard one', async () => {
    const dlq = await createQueue();
    const dlqArn = (await attributes(dlq, ['QueueArn'])).QueueArn;
    const source = await createQueue({ VisibilityTimeout: '0', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }) });
    const sourceArn = (await attributes(source, ['QueueArn'])).QueueArn;
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: source,
        MessageBody: 'message-1',
        MessageAttributes: { MyAttribute: { DataType: 'String', StringValue: 'foobar' } },
        MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: TRACE } },
      }),
    );
    expect((await receiveAll(source, { MessageSystemAttributeNames: ['All'] }))[0].Attributes?.ApproximateReceiveCount).toBe('1');
    expect(await receiveAll(source)).toEqual([]);
    const [moved] = await receiveAll(dlq, { MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] });
    expect(moved.Attributes).toMatchObject({ ApproximateReceiveCount: '2', AWSTraceHeader: TRACE, DeadLetterQueueSourceArn: sourceArn });
    expect(moved.Attributes?.MessageDeduplicationId).toBeUndefined();
    expect(moved.MessageAttributes).toEqual({ MyAttribute: { DataType: 'String', StringValue: 'foobar' } });
    expect(moved.MD5OfMessageAttributes).toBe('adb59cd4678ea5a855436b949cd07ab6');
  });
});

describe('message attributes and system attributes', () => {
  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html — MessageAttributeNames: "return all of the attributes by specifying All or .* ... all message attributes starting
  // with a prefix, for example bar.*"; results (and "*"): RECORDED.sqs test_receive_message_message_attribute_names_filters[sqs].
  it.each([
    [['All'], ['General', 'Hello', 'Help.Me'], '4c360f3fdafd970e05fae2f149d997f5'],
    [['.*'], ['General', 'Hello', 'Help.Me'], '4c360f3fdafd970e05fae2f149d997f5'],
    [['*'], ['General', 'Hello', 'Help.Me'], '4c360f3fdafd970e05fae2f149d997f5'],
    [['Hel.*'], ['Hello', 'Help.Me'], '83fee93c1bcd8b9a5a923ffacdc636c7'],
    [['Hello', 'General'], ['General', 'Hello'], 'fca026605781cb4126a1e9044df24232'],
    [['Foo', 'Hello'], ['Hello'], 'a311262e065454b75da111d535b8dacd'],
    [['Foo', 'Help'], [], undefined],
  ])('MessageAttributeNames %j selects %j', async (names, expected, md5) => {
    const url = await createQueue();
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'msg',
        MessageAttributes: {
          'Help.Me': { DataType: 'String', StringValue: 'Me' },
          Hello: { DataType: 'String', StringValue: 'There' },
          General: { DataType: 'String', StringValue: 'Kenobi' },
        },
      }),
    );
    const [message] = await receiveAll(url, { MessageAttributeNames: names });
    expect(Object.keys(message.MessageAttributes ?? {}).sort()).toEqual(expected);
    expect(message.MD5OfMessageAttributes).toBe(md5);
  });

  // https://docs.aws.amazon.com/xray/latest/devguide/xray-services-sqs.html — the trace header "is carried by X-Amzn-Trace-Id and corresponds to all
  // messages included in a SendMessage or SendMessageBatch request"; "the message system attribute overrides the HTTP trace header".
  it('takes AWSTraceHeader from the X-Amzn-Trace-Id header unless the message sets it', async () => {
    const url = await createQueue();
    const traced = new SQSClient(clientConfig(aws.endpoint));
    traced.middlewareStack.add(
      (next) => async (args) => {
        (args.request as { headers: Record<string, string> }).headers['X-Amzn-Trace-Id'] = 'Root=1-3152b799-8954dae64eda91bc9a23a7e8;Parent=7fa8c0f79203be72;Sampled=1';
        return next(args);
      },
      { step: 'build' },
    );
    try {
      await traced.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'from header' }));
      await traced.send(
        new SendMessageCommand({ QueueUrl: url, MessageBody: 'from attribute', MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: TRACE } } }),
      );
      await traced.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'b', MessageBody: 'batch' }] }));
    } finally {
      traced.destroy();
    }
    const traces = Object.fromEntries((await receiveAll(url, { MessageSystemAttributeNames: ['AWSTraceHeader'] })).map((m) => [m.Body, m.Attributes?.AWSTraceHeader]));
    expect(traces).toEqual({
      'from header': 'Root=1-3152b799-8954dae64eda91bc9a23a7e8;Parent=7fa8c0f79203be72;Sampled=1',
      'from attribute': TRACE,
      batch: 'Root=1-3152b799-8954dae64eda91bc9a23a7e8;Parent=7fa8c0f79203be72;Sampled=1',
    });
  });

  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html — MD5OfMessageSystemAttributes: "An MD5 digest of the non-URL-encoded message system attribute string";
  // value and absence: localstack/localstack tests/aws/services/sqs/test_sqs.py test_system_attributes_have_no_effect_on_attr_md5 (validated on
  // AWS: "5ae4d5d7636402d80f4eb6d213245a88", none without system attributes).
  it('answers MD5OfMessageSystemAttributes for sent system attributes only', async () => {
    const url = await createQueue();
    const attributesOnly = { timestamp: { DataType: 'Number', StringValue: '1493147359900' } };
    const plain = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'test', MessageAttributes: attributesOnly }));
    const traced = await sqs.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: 'test', MessageAttributes: attributesOnly, MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: TRACE } } }),
    );
    expect(plain.MD5OfMessageSystemAttributes).toBeUndefined();
    expect(traced.MD5OfMessageSystemAttributes).toBe('5ae4d5d7636402d80f4eb6d213245a88');
    expect(traced.MD5OfMessageAttributes).toBe(plain.MD5OfMessageAttributes);
  });

  // RECORDED.sqs test_send_message_with_empty_string_attribute[sqs].
  it('refuses an empty string attribute value with AWS text', async () => {
    const url = await createQueue();
    await expect(
      sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageAttributes: { ErrorDetails: { DataType: 'String', StringValue: '' } } })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue', message: "Message (user) attribute 'ErrorDetails' must contain a non-empty value of type 'String'." });
  });
});

describe('queues of the synthesized stack keep the Terraform default', () => {
  // https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/sqs_queue — max_message_size: "The default for this attribute is 262144 (256 KiB)";
  // Terraform sends it, so a queue the stack creates allows 256 KiB unless it says otherwise.
  it('a configured queue without maximumMessageSize allows 262144 bytes', async () => {
    const local = await startTestAws({ queues: [{ name: 'from-stack', arn: 'arn:aws:sqs:us-east-1:000000000000:from-stack', visibilityTimeoutSeconds: 30, messageRetentionSeconds: 3600 }] });
    const client = new SQSClient(clientConfig(local.endpoint));
    try {
      const url = `${local.endpoint}/000000000000/from-stack`;
      expect((await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['MaximumMessageSize'] }))).Attributes).toEqual({ MaximumMessageSize: '262144' });
      await expect(client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(262_145) }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    } finally {
      client.destroy();
      await local.stop();
    }
  });
});
