import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startRestApi, type RunningRestApi } from '../../../../local/apigateway';
import { startLocalAws, type LocalAws } from '../../../../local/aws';
import { BUS_NAME, eventApiConfig, REGION, send, testPlayers } from './support';

const ACCOUNT = '000000000000';
const QUEUE_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:api-events`;

/** The REST API in front of the real local AWS endpoint: events reach a rule's SQS target. */
describe('local REST API → local AWS endpoint (EventBridge → SQS)', () => {
  let aws: LocalAws;
  let api: RunningRestApi;
  let sqs: SQSClient;
  const players = testPlayers();

  beforeAll(async () => {
    aws = await startLocalAws({
      port: 0,
      region: REGION,
      accountId: ACCOUNT,
      queues: [{ name: 'api-events', arn: QUEUE_ARN, visibilityTimeoutSeconds: 30, messageRetentionSeconds: 3600 }],
      buses: [
        {
          name: BUS_NAME,
          arn: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/${BUS_NAME}`,
          archives: [],
          rules: [
            {
              name: 'api-events',
              arn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/${BUS_NAME}/api-events`,
              state: 'ENABLED',
              eventPattern: { source: ['fakemon.attempt-to-capture-api', 'cart.api'] },
              targets: [{ id: 'queue', arn: QUEUE_ARN, retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 } }],
            },
          ],
        },
      ],
    });
    api = await startRestApi(eventApiConfig(), { awsEndpoint: aws.endpoint, cognito: players.cognito });
    sqs = new SQSClient({ endpoint: aws.endpoint, region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  }, 30_000);

  afterAll(async () => {
    sqs?.destroy();
    await api?.stop();
    await aws?.stop();
  });

  async function receiveAll(): Promise<Array<{ id: string; source: string; 'detail-type': string; detail: unknown }>> {
    await aws.settled();
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: `${aws.endpoint}/${ACCOUNT}/api-events`, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    return (out.Messages ?? []).map((message) => JSON.parse(message.Body as string) as { id: string; source: string; 'detail-type': string; detail: unknown });
  }

  it("puts the capture attempt on the bus with the token's player and the attempt id in the detail, and a bad cartId puts nothing", async () => {
    const headers = { 'content-type': 'application/json', authorization: await players.token('ash') };
    const fakemon = `O'Brien "pika" \\ é 🔥`;
    const accepted = await send(`${api.url}/captures`, { body: JSON.stringify({ fakemon }), headers });
    expect(accepted.status).toBe(202);
    const { attemptId } = accepted.json<{ attemptId: string }>();

    const refused = await send(`${api.url}/carts/not%20valid/items`, { body: JSON.stringify({ product: 'p', quantity: 1 }), headers });
    expect(refused.status).toBe(400);
    expect(refused.json<{ message: string }>().message).toBe('Invalid request');

    const events = await receiveAll();
    expect(events).toEqual([
      expect.objectContaining({ source: 'fakemon.attempt-to-capture-api', 'detail-type': 'fakemon.capture_attempt', detail: { player: 'ash', attemptId, fakemon } }),
    ]);
  });
});
