/**
 * The IAM the runtime reads from the synthesized dev stack, and the requests it authorizes, evaluated with the
 * real evaluator and action catalog.
 */
import * as path from 'node:path';
import { synthesizeStacks } from '../../../../scripts/lib/synth';
import { readSynthesizedStack } from '../../../../local/stack/terraform-json';
import { accountStacksOf, toIamConfig, UnevaluablePolicyError } from '../../../../local/stack/to-iam-config';
import { IamAccount } from '../../../../local/iam/account';
import { Authorizer } from '../../../../local/iam/authorizer';
import { ActionCatalog } from '../../../../local/iam/catalog';
import { dynamoDbCalls } from '../../../../local/iam/api/dynamodb';
import { sqsCalls } from '../../../../local/iam/api/sqs';
import type { LocalRequest } from '../../../../local/aws/request';

const endpoints = { accountId: '111111111111', region: 'eu-west-1', awsEndpoint: 'http://127.0.0.1:4566', restEndpoint: 'http://127.0.0.1:3000', webSocketEndpoint: 'ws://127.0.0.1:3001' };
const [dev] = synthesizeStacks({}).filter((s) => s.name === 'fakemon-dev');
const outdir = path.dirname(path.dirname(dev.dir));
const stack = readSynthesizedStack(outdir, 'fakemon-dev');
// The logs resource policy is account-level: the account's bootstrap stack holds it.
const config = toIamConfig(stack, endpoints, accountStacksOf(outdir, '111111111111', 'fakemon-dev'));
let catalog: ActionCatalog;
let authorizer: Authorizer;
beforeAll(async () => {
  catalog = await ActionCatalog.load();
  authorizer = new Authorizer(new IamAccount('111111111111', config), catalog, { mode: 'enforce', region: 'eu-west-1', warn: () => undefined });
});
const session = (role: string) => authorizer.principalOf(authorizer.issue(`arn:aws:iam::111111111111:role/${role}`, 'fn').accessKeyId);
const request = (target: string, body: unknown): LocalRequest => ({ target, body: Buffer.from(JSON.stringify(body)), headers: {}, url: new URL('http://local/'), method: 'POST' }) as unknown as LocalRequest;
const scope = () => ({ catalog, accountId: '111111111111', region: 'eu-west-1' });

describe('the IAM of the synthesized stack', () => {
  it('reads every role with its inline policies, and the role the EventBridge module creates', () => {
    expect(config.roles.map((r) => r.name)).toEqual(expect.arrayContaining(['fakemon-dev-capture-role', 'fakemon-dev-deliver-result-role', 'fakemon-dev-world-updates-role', 'fakemon-dev-cart-reminder-scheduler', 'fakemon-dev-eventbridge']));
    const moduleRole = config.roles.find((r) => r.name === 'fakemon-dev-eventbridge');
    // The module trusts EventBridge, and EventBridge Scheduler because it has schedules.
    expect(moduleRole?.trustPolicy.document).toMatchObject({ Statement: [{ Principal: { Service: ['events.amazonaws.com', 'scheduler.amazonaws.com'] } }] });
    // policy_statements keys become Sids with their non-alphanumerics removed, as the module does.
    expect(moduleRole?.policies[0]?.document).toMatchObject({ Statement: [{ Sid: 'invokescheduletargets', Action: ['lambda:InvokeFunction'] }, { Sid: 'scheduledeadletters', Action: ['sqs:SendMessage'] }] });
  });

  it('turns each aws_lambda_permission into the statement AddPermission writes (ArnLike on AWS:SourceArn)', () => {
    // https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
    const capture = config.resourcePolicies.filter((p) => p.resourceArn === 'arn:aws:lambda:eu-west-1:111111111111:function:fakemon-dev-capture');
    expect(capture.map((p) => p.document)).toEqual([
      {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AllowEventBridgeRule-capture_attempt',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'lambda:InvokeFunction',
            Resource: 'arn:aws:lambda:eu-west-1:111111111111:function:fakemon-dev-capture',
            Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:events:eu-west-1:111111111111:rule/fakemon-dev-bus/capture-attempt-rule' } },
          },
        ],
      },
    ]);
  });

  it('refuses a role with an AWS managed policy attached (its document is not in the stack)', () => {
    const json = JSON.parse(JSON.stringify(stack.json));
    json.resource.aws_iam_role_policy_attachment = { basic: { role: 'fakemon-dev-capture-role', policy_arn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' } };
    expect(() => toIamConfig({ ...stack, json }, endpoints)).toThrow(UnevaluablePolicyError);
  });

  it('finds no action name in the stack that AWS does not have', () => {
    expect(authorizer.unknownActions()).toEqual([]);
  });
});

describe('requests of the capture function', () => {
  it("authorizes the capture transaction item by item: the world update, the collection and the attempt put", () => {
    // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html
    const calls = dynamoDbCalls(
      request('DynamoDB_20120810.TransactWriteItems', {
        TransactItems: [{ Update: { TableName: 'fakemon-dev-world' } }, { Put: { TableName: 'fakemon-dev-collections' } }, { Put: { TableName: 'fakemon-dev-attempts' } }],
      }),
      scope(),
    );
    expect(calls.map((c) => `${c.action} ${c.resource}`)).toEqual([
      'dynamodb:UpdateItem arn:aws:dynamodb:eu-west-1:111111111111:table/fakemon-dev-world',
      'dynamodb:PutItem arn:aws:dynamodb:eu-west-1:111111111111:table/fakemon-dev-collections',
      'dynamodb:PutItem arn:aws:dynamodb:eu-west-1:111111111111:table/fakemon-dev-attempts',
    ]);
    expect(authorizer.authorize(session('fakemon-dev-capture-role'), calls)).toBeUndefined();
    expect(authorizer.authorize(session('fakemon-dev-deliver-result-role'), calls)?.message).toMatch(/not authorized to perform: dynamodb:UpdateItem on resource: .*table\/fakemon-dev-world because no identity-based policy allows/);
  });

  it('authorizes a Query on an index on the index ARN', () => {
    const [call] = dynamoDbCalls(request('DynamoDB_20120810.Query', { TableName: 'fakemon-dev-connections', IndexName: 'byPlayer' }), scope());
    expect(call?.resource).toBe('arn:aws:dynamodb:eu-west-1:111111111111:table/fakemon-dev-connections/index/byPlayer');
    expect(authorizer.authorize(session('fakemon-dev-deliver-result-role'), [call!])).toBeUndefined();
  });

  it('authorizes an SQS batch as its single-message action on the queue ARN', () => {
    const calls = sqsCalls(request('AmazonSQS.SendMessageBatch', { QueueUrl: 'http://127.0.0.1:4566/111111111111/fakemon-dev-capture-dlq' }), scope());
    expect(calls).toEqual([{ action: 'sqs:SendMessage', resource: 'arn:aws:sqs:eu-west-1:111111111111:fakemon-dev-capture-dlq' }]);
  });
});

describe('deliveries by services', () => {
  const events = () => authorizer.service('events.amazonaws.com');
  const rule = (name: string) => `arn:aws:events:eu-west-1:111111111111:rule/fakemon-dev-bus/${name}`;

  it('EventBridge may invoke capture only for the capture-attempt rule', () => {
    const call = (ruleArn: string) => [{ action: 'lambda:InvokeFunction', resource: 'arn:aws:lambda:eu-west-1:111111111111:function:fakemon-dev-capture', context: { 'aws:SourceArn': ruleArn } }];
    expect(authorizer.authorize(events(), call(rule('capture-attempt-rule')))).toBeUndefined();
    expect(authorizer.authorize(events(), call(rule('debug-all-rule')))?.decision.reason).toBe('no-resource-allow');
  });

  it("EventBridge may write the debug log through the logs resource policy of the account's bootstrap stack", () => {
    const stream = 'arn:aws:logs:eu-west-1:111111111111:log-group:/aws/events/fakemon-dev-debug:log-stream:eventbridge';
    const calls = ['logs:CreateLogStream', 'logs:PutLogEvents'].map((action) => ({ action, resource: stream, context: { 'aws:SourceArn': rule('debug-all-rule') } }));
    expect(authorizer.authorize(events(), calls)).toBeUndefined();
    // The account-level policy admits the rules of the account's environment buses, and no other bus.
    const foreignRule = 'arn:aws:events:eu-west-1:111111111111:rule/someone-elses-bus/debug-all-rule';
    expect(authorizer.authorize(events(), calls.filter((c) => c.action === 'logs:PutLogEvents').map((c) => ({ ...c, context: { 'aws:SourceArn': foreignRule } })))).toBeDefined();
  });

  it('EventBridge Scheduler may assume the cart reminder role only for this account', () => {
    const role = 'arn:aws:iam::111111111111:role/fakemon-dev-cart-reminder-scheduler';
    expect(authorizer.assumeRole('scheduler.amazonaws.com', role, 's', { 'aws:SourceAccount': '111111111111' })).toHaveProperty('session');
    expect(authorizer.assumeRole('scheduler.amazonaws.com', role, 's', { 'aws:SourceAccount': '222222222222' })).toHaveProperty('denial');
    expect(authorizer.assumeRole('lambda.amazonaws.com', role, 's', { 'aws:SourceAccount': '111111111111' })).toHaveProperty('denial');
  });
});
