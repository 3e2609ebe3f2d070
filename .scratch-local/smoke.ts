import { SQSClient, SendMessageCommand, ReceiveMessageCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { startTestAws, clientConfig, arn } from '../test/unit/local/support';
(async () => {
  const aws = await startTestAws({ queues: [{ name: 'q1', arn: arn('sqs', 'q1'), visibilityTimeoutSeconds: 30, messageRetentionSeconds: 3600 }] });
  const sqs = new SQSClient(clientConfig(aws.endpoint));
  const url = (await sqs.send(new GetQueueUrlCommand({ QueueName: 'q1' }))).QueueUrl!;
  console.log(url);
  console.log(await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'hello', MessageAttributes: { a: { DataType: 'String', StringValue: 'x' } } })));
  console.log(JSON.stringify(await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageAttributeNames: ['All'], AttributeNames: ['All'] }))));
  try { await sqs.send(new GetQueueUrlCommand({ QueueName: 'nope' })); } catch (e: any) { console.log(e.name, e.message, e.Code, e.$metadata.httpStatusCode); }
  sqs.destroy();
  await aws.stop();
})();
