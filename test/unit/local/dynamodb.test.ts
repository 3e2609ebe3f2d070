import {
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  TransactionCanceledException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactGetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalAws, LocalTableConfig } from '../../../local/aws';
import { clientConfig, eventually, startTestAws, tempDir } from './support';

const tables: LocalTableConfig[] = [
  {
    name: 'world',
    hashKey: 'fakemonId',
    attributes: [
      { name: 'fakemonId', type: 'S' },
      { name: 'zone', type: 'S' },
    ],
    globalSecondaryIndexes: [{ name: 'by-zone', hashKey: 'zone' }],
    ttlAttribute: 'expiresAt',
  },
  {
    name: 'collections',
    hashKey: 'playerId',
    rangeKey: 'fakemonId',
    attributes: [
      { name: 'playerId', type: 'S' },
      { name: 'fakemonId', type: 'S' },
    ],
    globalSecondaryIndexes: [],
  },
];

describe('local DynamoDB', () => {
  let aws: LocalAws;
  let client: DynamoDBClient;
  let doc: DynamoDBDocumentClient;
  const nowSeconds = (): number => Math.floor(aws.clock.now().getTime() / 1000);

  beforeAll(async () => {
    aws = await startTestAws({ tables, ttlSweepIntervalSeconds: 60 });
    client = new DynamoDBClient(clientConfig(aws.endpoint));
    doc = DynamoDBDocumentClient.from(client);
  });
  afterAll(async () => {
    client.destroy();
    await aws.stop();
  });

  it('creates the configured tables and serves items through the local endpoint', async () => {
    expect((await client.send(new ListTablesCommand({}))).TableNames).toEqual(['collections', 'world']);
    await doc.send(new PutCommand({ TableName: 'world', Item: { fakemonId: 'f1', zone: 'park', species: 'pikachu', status: 'wild' } }));
    expect((await doc.send(new GetCommand({ TableName: 'world', Key: { fakemonId: 'f1' } }))).Item).toEqual({
      fakemonId: 'f1',
      zone: 'park',
      species: 'pikachu',
      status: 'wild',
    });
    const byZone = await doc.send(new QueryCommand({ TableName: 'world', IndexName: 'by-zone', KeyConditionExpression: '#zone = :z', ExpressionAttributeNames: { '#zone': 'zone' }, ExpressionAttributeValues: { ':z': 'park' } }));
    expect(byZone.Items?.map((item) => item.fakemonId)).toEqual(['f1']);
  });

  it('applies a transaction atomically', async () => {
    await doc.send(new PutCommand({ TableName: 'world', Item: { fakemonId: 'f2', zone: 'park', status: 'wild' } }));
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: 'world',
              Key: { fakemonId: 'f2' },
              UpdateExpression: 'SET #s = :captured, capturedBy = :p',
              ConditionExpression: '#s = :wild',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':captured': 'captured', ':wild': 'wild', ':p': 'ash' },
            },
          },
          { Put: { TableName: 'collections', Item: { playerId: 'ash', fakemonId: 'f2' }, ConditionExpression: 'attribute_not_exists(playerId)' } },
        ],
      }),
    );
    expect((await doc.send(new GetCommand({ TableName: 'world', Key: { fakemonId: 'f2' } }))).Item).toMatchObject({ status: 'captured', capturedBy: 'ash' });

    // A second capture of the same fakémon fails as a whole: nothing is written.
    let caught: unknown;
    try {
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: 'collections', Item: { playerId: 'misty', fakemonId: 'f2' }, ConditionExpression: 'attribute_not_exists(playerId)' } },
            {
              Update: {
                TableName: 'world',
                Key: { fakemonId: 'f2' },
                UpdateExpression: 'SET capturedBy = :p',
                ConditionExpression: '#s = :wild',
                ExpressionAttributeNames: { '#s': 'status' },
                ExpressionAttributeValues: { ':p': 'misty', ':wild': 'wild' },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
          ],
        }),
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TransactionCanceledException);
    const cancelled = caught as TransactionCanceledException;
    expect(cancelled.message).toBe('Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]');
    expect(cancelled.CancellationReasons?.map((reason) => reason.Code)).toEqual(['None', 'ConditionalCheckFailed']);
    expect(cancelled.CancellationReasons?.[1].Item?.capturedBy).toEqual({ S: 'ash' });
    expect((await doc.send(new GetCommand({ TableName: 'collections', Key: { playerId: 'misty', fakemonId: 'f2' } }))).Item).toBeUndefined();

    const read = await doc.send(
      new TransactGetCommand({
        TransactItems: [{ Get: { TableName: 'collections', Key: { playerId: 'ash', fakemonId: 'f2' } } }, { Get: { TableName: 'world', Key: { fakemonId: 'none' } } }],
      }),
    );
    expect(read.Responses).toEqual([{ Item: { playerId: 'ash', fakemonId: 'f2' } }, {}]);

    await expect(
      doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: 'world', Item: { fakemonId: 'dup' } } },
            { Delete: { TableName: 'world', Key: { fakemonId: 'dup' } } },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException', message: 'Transaction request cannot include multiple operations on one item' });
  });

  // Item operations run concurrently; a conditional write is still atomic on its item, so of many writers racing
  // to create one item exactly one succeeds (the others get ConditionalCheckFailedException):
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html
  it('lets exactly one of many concurrent conditional puts on one item win', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        doc.send(new PutCommand({ TableName: 'world', Item: { fakemonId: 'race', zone: 'park', by: `p${i}` }, ConditionExpression: 'attribute_not_exists(fakemonId)' })),
      ),
    );
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(new Set(lost.map((o) => (o.reason as Error).name))).toEqual(new Set(['ConditionalCheckFailedException']));
    const winner = outcomes.findIndex((o) => o.status === 'fulfilled');
    expect((await doc.send(new GetCommand({ TableName: 'world', Key: { fakemonId: 'race' } }))).Item?.by).toBe(`p${winner}`);
  });

  // Transactions are isolated from the other operations while item operations run concurrently: a TransactGetItems
  // sees all of a TransactWriteItems or none of it (serializable isolation between transactional operations):
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-isolation
  it('never lets a read transaction see half of a write transaction amid concurrent item writes', async () => {
    const pair = (v: number): TransactWriteCommand =>
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: 'world', Item: { fakemonId: 'pair-a', zone: 'pair', v } } },
          { Put: { TableName: 'world', Item: { fakemonId: 'pair-b', zone: 'pair', v } } },
        ],
      });
    await doc.send(pair(0));
    const work: Array<Promise<unknown>> = [];
    const reads: Array<Promise<Array<number | undefined>>> = [];
    for (let i = 1; i <= 30; i++) {
      work.push(doc.send(pair(i)));
      work.push(doc.send(new PutCommand({ TableName: 'world', Item: { fakemonId: `noise-${i}`, zone: 'noise' } })));
      reads.push(
        doc
          .send(new TransactGetCommand({ TransactItems: [{ Get: { TableName: 'world', Key: { fakemonId: 'pair-a' } } }, { Get: { TableName: 'world', Key: { fakemonId: 'pair-b' } } }] }))
          .then((r) => (r.Responses ?? []).map((response) => response.Item?.v as number | undefined)),
      );
    }
    await Promise.all(work);
    const seen = await Promise.all(reads);
    for (const [a, b] of seen) expect(a).toBe(b);
    const last = await doc.send(new TransactGetCommand({ TransactItems: [{ Get: { TableName: 'world', Key: { fakemonId: 'pair-a' } } }, { Get: { TableName: 'world', Key: { fakemonId: 'pair-b' } } }] }));
    expect(last.Responses?.map((r) => r.Item?.v)).toEqual([30, 30]);
  });

  it('reports and changes Time to Live settings', async () => {
    expect((await client.send(new DescribeTimeToLiveCommand({ TableName: 'world' }))).TimeToLiveDescription).toEqual({
      TimeToLiveStatus: 'ENABLED',
      AttributeName: 'expiresAt',
    });
    expect((await client.send(new DescribeTimeToLiveCommand({ TableName: 'collections' }))).TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'DISABLED' });
    await client.send(new UpdateTimeToLiveCommand({ TableName: 'collections', TimeToLiveSpecification: { Enabled: true, AttributeName: 'ttl' } }));
    await expect(
      client.send(new UpdateTimeToLiveCommand({ TableName: 'collections', TimeToLiveSpecification: { Enabled: true, AttributeName: 'ttl' } })),
    ).rejects.toMatchObject({ name: 'ValidationException', message: 'TimeToLive is already enabled' });
    await expect(client.send(new DescribeTimeToLiveCommand({ TableName: 'missing' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('sweeps items whose TTL has passed on the local clock', async () => {
    await doc.send(new PutCommand({ TableName: 'world', Item: { fakemonId: 'fleeing', zone: 'lake', expiresAt: nowSeconds() + 120 } }));
    await doc.send(new PutCommand({ TableName: 'world', Item: { fakemonId: 'staying', zone: 'lake', expiresAt: nowSeconds() + 3600 } }));
    await doc.send(new PutCommand({ TableName: 'world', Item: { fakemonId: 'text-ttl', zone: 'lake', expiresAt: 'soon' } }));

    aws.clock.advance(3 * 60_000); // past the TTL and past the sweep interval
    await eventually(async () => ((await doc.send(new GetCommand({ TableName: 'world', Key: { fakemonId: 'fleeing' } }))).Item ? undefined : true));
    expect((await doc.send(new GetCommand({ TableName: 'world', Key: { fakemonId: 'staying' } }))).Item).toBeDefined();
    expect((await doc.send(new GetCommand({ TableName: 'world', Key: { fakemonId: 'text-ttl' } }))).Item).toBeDefined();
    expect(aws.services.dynamodb.ttl.deletedItems).toBeGreaterThanOrEqual(1);
  });
});

describe('local DynamoDB on disk', () => {
  it('keeps tables and items across restarts and skips existing tables', async () => {
    const dataDir = tempDir();
    const first = await startTestAws({ dataDir, tables });
    const firstClient = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig(first.endpoint)));
    await firstClient.send(new PutCommand({ TableName: 'collections', Item: { playerId: 'ash', fakemonId: 'f9' } }));
    firstClient.destroy();
    await first.stop();

    const second = await startTestAws({ dataDir, tables });
    const secondClient = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig(second.endpoint)));
    expect((await secondClient.send(new GetCommand({ TableName: 'collections', Key: { playerId: 'ash', fakemonId: 'f9' } }))).Item).toEqual({
      playerId: 'ash',
      fakemonId: 'f9',
    });
    secondClient.destroy();
    await second.stop();
  });
});
