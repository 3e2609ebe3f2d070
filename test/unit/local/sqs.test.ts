import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { LocalAws } from '../../../local/aws';
import { md5OfMessageAttributes } from '../../../local/sqs';
import { arn, clientConfig, startTestAws, tempDir } from './support';

const queues = [
  {
    name: 'orders',
    arn: arn('sqs', 'orders'),
    visibilityTimeoutSeconds: 30,
    messageRetentionSeconds: 3600,
    redrive: { deadLetterTargetArn: arn('sqs', 'orders-dlq'), maxReceiveCount: 2 },
  },
  { name: 'orders-dlq', arn: arn('sqs', 'orders-dlq'), visibilityTimeoutSeconds: 30, messageRetentionSeconds: 3600 },
  { name: 'plain', arn: arn('sqs', 'plain'), visibilityTimeoutSeconds: 30, messageRetentionSeconds: 3600 },
  { name: 'ordered.fifo', arn: arn('sqs', 'ordered.fifo'), visibilityTimeoutSeconds: 30, messageRetentionSeconds: 3600, fifo: true },
];

describe('local SQS', () => {
  let aws: LocalAws;
  let sqs: SQSClient;
  const url = (name: string): string => `${aws.endpoint}/000000000000/${name}`;

  beforeAll(async () => {
    aws = await startTestAws({ queues });
    sqs = new SQSClient(clientConfig(aws.endpoint));
  });
  afterAll(async () => {
    sqs.destroy();
    await aws.stop();
  });
  it('computes the MD5 of message attributes as SQS does', () => {
    // Vector checked by botocore against SQS.
    expect(md5OfMessageAttributes({ 'SOME_Valid.attribute-Name': { DataType: 'Number', StringValue: '1493147359900' } })).toBe(
      '36655e7e9d7c0e8479fa3f3f42247ae7',
    );
  });

  it('resolves queue URLs and answers QueueDoesNotExist for unknown queues', async () => {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'plain' }));
    expect(QueueUrl).toBe(url('plain'));
    await expect(sqs.send(new GetQueueUrlCommand({ QueueName: 'missing' }))).rejects.toMatchObject({
      name: 'QueueDoesNotExist',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('sends, receives with attributes and deletes a message', async () => {
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl: url('plain'),
        MessageBody: 'derp',
        MessageAttributes: { 'SOME_Valid.attribute-Name': { DataType: 'Number', StringValue: '1493147359900' } },
      }),
    );
    expect(sent.MD5OfMessageBody).toBe('58fd9edd83341c29f1aebba81c31e257');
    expect(sent.MD5OfMessageAttributes).toBe('36655e7e9d7c0e8479fa3f3f42247ae7');

    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url('plain'), MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }),
    );
    expect(received.Messages).toHaveLength(1);
    const [message] = received.Messages ?? [];
    expect(message.MessageId).toBe(sent.MessageId);
    expect(message.Body).toBe('derp');
    expect(message.Attributes?.ApproximateReceiveCount).toBe('1');
    expect(message.MessageAttributes?.['SOME_Valid.attribute-Name']).toEqual({ DataType: 'Number', StringValue: '1493147359900' });

    await sqs.send(new DeleteMessageCommand({ QueueUrl: url('plain'), ReceiptHandle: message.ReceiptHandle }));
    const attributes = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url('plain'), AttributeNames: ['All'] }));
    expect(attributes.Attributes?.ApproximateNumberOfMessages).toBe('0');
    expect(attributes.Attributes?.ApproximateNumberOfMessagesNotVisible).toBe('0');
    expect(attributes.Attributes?.QueueArn).toBe(arn('sqs', 'plain'));
  });

  it('hides received messages for the visibility timeout, then delivers them again', async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: url('plain'), MessageBody: 'again' }));
    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('plain'), VisibilityTimeout: 60 }));
    expect(first.Messages).toHaveLength(1);
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('plain') }))).Messages).toBeUndefined();
    const counts = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url('plain'), AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    expect(counts.Attributes).toEqual({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '1' });

    aws.clock.advance(61_000);
    const second = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('plain'), MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
    expect(second.Messages?.[0].Attributes?.ApproximateReceiveCount).toBe('2');

    // ChangeMessageVisibility(0) makes it visible at once.
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url('plain'), ReceiptHandle: second.Messages?.[0].ReceiptHandle, VisibilityTimeout: 0 }));
    const third = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('plain') }));
    expect(third.Messages?.[0].Body).toBe('again');
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url('plain'), ReceiptHandle: third.Messages?.[0].ReceiptHandle }));
  });

  it('moves a message to the dead-letter queue after maxReceiveCount receives', async () => {
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: url('orders'), MessageBody: 'poison' }));
    for (let i = 0; i < 2; i += 1) {
      const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('orders') }));
      expect(received.Messages?.[0].MessageId).toBe(sent.MessageId);
      aws.clock.advance(31_000);
    }
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('orders') }))).Messages).toBeUndefined();
    const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('orders-dlq'), MessageSystemAttributeNames: ['All'] }));
    expect(dead.Messages?.[0]).toMatchObject({ MessageId: sent.MessageId, Body: 'poison' });
    expect(dead.Messages?.[0].Attributes?.DeadLetterQueueSourceArn).toBe(arn('sqs', 'orders'));

    const attributes = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url('orders'), AttributeNames: ['RedrivePolicy'] }));
    expect(JSON.parse(attributes.Attributes?.RedrivePolicy ?? '{}')).toEqual({ deadLetterTargetArn: arn('sqs', 'orders-dlq'), maxReceiveCount: 2 });
  });

  it('long-polls until a message arrives', async () => {
    const started = Date.now();
    const pending = sqs.send(new ReceiveMessageCommand({ QueueUrl: url('plain'), WaitTimeSeconds: 10 }));
    setTimeout(() => void sqs.send(new SendMessageCommand({ QueueUrl: url('plain'), MessageBody: 'late' })), 200);
    const received = await pending;
    expect(received.Messages?.[0].Body).toBe('late');
    expect(Date.now() - started).toBeLessThan(5000);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url('plain'), ReceiptHandle: received.Messages?.[0].ReceiptHandle }));
  });

  it('sends and deletes in batches and validates batch requests', async () => {
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url('plain'),
        Entries: [
          { Id: 'a', MessageBody: 'one' },
          { Id: 'b', MessageBody: 'two' },
        ],
      }),
    );
    expect(sent.Successful?.map((entry) => entry.Id).sort()).toEqual(['a', 'b']);
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('plain'), MaxNumberOfMessages: 10 }));
    expect(received.Messages?.map((message) => message.Body).sort()).toEqual(['one', 'two']);
    const deleted = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url('plain'),
        Entries: (received.Messages ?? []).map((message, index) => ({ Id: `m${index}`, ReceiptHandle: message.ReceiptHandle })),
      }),
    );
    expect(deleted.Successful).toHaveLength(2);

    await expect(sqs.send(new SendMessageBatchCommand({ QueueUrl: url('plain'), Entries: [] }))).rejects.toMatchObject({ name: 'EmptyBatchRequest' });
    await expect(
      sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: url('plain'),
          Entries: [
            { Id: 'x', MessageBody: '1' },
            { Id: 'x', MessageBody: '2' },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'BatchEntryIdsNotDistinct' });
    await expect(sqs.send(new ReceiveMessageCommand({ QueueUrl: url('plain'), MaxNumberOfMessages: 11 }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      $metadata: { httpStatusCode: 400 },
      message: 'Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.',
    });
    await expect(sqs.send(new DeleteMessageCommand({ QueueUrl: url('plain'), ReceiptHandle: 'garbage' }))).rejects.toMatchObject({
      name: 'ReceiptHandleIsInvalid',
    });
  });

  it('purges a queue once a minute', async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: url('plain'), MessageBody: 'gone' }));
    await sqs.send(new PurgeQueueCommand({ QueueUrl: url('plain') }));
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('plain') }))).Messages).toBeUndefined();
    await expect(sqs.send(new PurgeQueueCommand({ QueueUrl: url('plain') }))).rejects.toMatchObject({ name: 'PurgeQueueInProgress' });
    aws.clock.advance(61_000);
    await sqs.send(new PurgeQueueCommand({ QueueUrl: url('plain') }));
  });

  it('lists queues by prefix and creates queues idempotently', async () => {
    const listed = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'orders' }));
    expect(listed.QueueUrls).toEqual([url('orders'), url('orders-dlq')]);
    const created = await sqs.send(new CreateQueueCommand({ QueueName: 'dynamic', Attributes: { VisibilityTimeout: '5' } }));
    expect(created.QueueUrl).toBe(url('dynamic'));
    await sqs.send(new CreateQueueCommand({ QueueName: 'dynamic', Attributes: { VisibilityTimeout: '5' } }));
    await expect(sqs.send(new CreateQueueCommand({ QueueName: 'dynamic', Attributes: { VisibilityTimeout: '6' } }))).rejects.toMatchObject({
      name: 'QueueNameExists',
    });
  });

  it('keeps FIFO order per message group and deduplicates', async () => {
    const send = (body: string, group: string, dedup: string) =>
      sqs.send(new SendMessageCommand({ QueueUrl: url('ordered.fifo'), MessageBody: body, MessageGroupId: group, MessageDeduplicationId: dedup }));
    const first = await send('g1-1', 'g1', 'd1');
    const duplicate = await send('g1-1', 'g1', 'd1');
    expect(duplicate.MessageId).toBe(first.MessageId);
    expect(first.SequenceNumber).toMatch(/^\d{20}$/);
    await send('g1-2', 'g1', 'd2');
    await send('g2-1', 'g2', 'd3');
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('ordered.fifo'), MaxNumberOfMessages: 1 }));
    expect(received.Messages?.[0].Body).toBe('g1-1');
    // g1 is blocked while g1-1 is in flight; g2 is not.
    const next = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('ordered.fifo'), MaxNumberOfMessages: 10 }));
    expect(next.Messages?.map((message) => message.Body)).toEqual(['g2-1']);
    await expect(sqs.send(new SendMessageCommand({ QueueUrl: url('ordered.fifo'), MessageBody: 'x' }))).rejects.toMatchObject({
      name: 'MissingParameter',
    });
  });

  it('speaks the legacy query protocol', async () => {
    const response = await fetch(`${aws.endpoint}/000000000000/plain`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ Action: 'SendMessage', MessageBody: 'query', Version: '2012-11-05' }).toString(),
    });
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).toContain('<SendMessageResponse');
    expect(text).toContain('<MD5OfMessageBody>');
    const missing = await fetch(aws.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ Action: 'GetQueueUrl', QueueName: 'nope' }).toString(),
    });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('<Code>AWS.SimpleQueueService.NonExistentQueue</Code>');
  });
});

describe('local SQS persistence', () => {
  it('keeps messages across restarts when given a data directory', async () => {
    const dataDir = tempDir();
    const config = [{ name: 'durable', arn: arn('sqs', 'durable'), visibilityTimeoutSeconds: 30, messageRetentionSeconds: 3600 }];
    const first = await startTestAws({ dataDir, queues: config });
    const client = new SQSClient(clientConfig(first.endpoint));
    await client.send(new SendMessageCommand({ QueueUrl: `${first.endpoint}/000000000000/durable`, MessageBody: 'kept' }));
    client.destroy();
    await first.stop();

    const second = await startTestAws({ dataDir, queues: config });
    const again = new SQSClient(clientConfig(second.endpoint));
    const received = await again.send(new ReceiveMessageCommand({ QueueUrl: `${second.endpoint}/000000000000/durable` }));
    expect(received.Messages?.[0].Body).toBe('kept');
    again.destroy();
    await second.stop();
  });
});
