import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { E2E_PERMISSION_GROUPS } from '../../../modules/bootstrap/e2e-permissions';
import { deployRoleName } from '../../../modules/bootstrap/names';
import { RequestContext } from '../../../local/iam/context';
import { evaluate } from '../../../local/iam/evaluate';
import { parsePolicy, type PolicyDocument } from '../../../local/iam/policy';
import { SdkCall, sdkCallsOf, testFilesUnder } from './sdk-calls';
import { guardedStacks, referencedResource, resourcesOf, type GuardedStack } from './stacks';

/**
 * The pull-request workflow deploys `fakemon-pr-<n>` and runs the end-to-end suite against it (`E2E_TARGET=aws`)
 * with the ephemeral deploy role's credentials. Every SDK command the suite sends there must be allowed by that role
 * on the pull-request stack's resources, every end-to-end grant must still be used, and none may reach another
 * environment's resources. Commands the SDK sends unsigned need no IAM permission: Cognito does not evaluate IAM
 * for them (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html).
 */
const ROOT = path.resolve(__dirname, '..', '..', '..');
const E2E = { entry: { file: 'test/e2e/support/target.ts', name: 'e2eTarget' }, env: { E2E_TARGET: 'aws' }, exclude: ['local'] };
const ROLE = deployRoleName('ephemeral');

/** A kind of resource of a stack the suite acts on. */
type ResourceKind = 'table' | 'queue' | 'function' | 'bus' | 'archive' | 'schedule' | 'userPool' | 'schedulerRole';

/** What a command needs: IAM actions on resources of a kind (and the context they are evaluated with). */
interface Needs {
  readonly actions: readonly string[];
  readonly on: ResourceKind;
}

/** Every command the suite may send, by `<package>:<operation>`. A command missing here fails the test by name. */
const COMMAND_ACTIONS: Readonly<Record<string, readonly Needs[]>> = {
  'client-cognito-identity-provider:AdminCreateUser': [{ actions: ['cognito-idp:AdminCreateUser'], on: 'userPool' }],
  'client-cognito-identity-provider:AdminSetUserPassword': [{ actions: ['cognito-idp:AdminSetUserPassword'], on: 'userPool' }],
  'client-dynamodb:GetItem': [{ actions: ['dynamodb:GetItem'], on: 'table' }],
  'client-dynamodb:PutItem': [{ actions: ['dynamodb:PutItem'], on: 'table' }],
  'client-dynamodb:Scan': [{ actions: ['dynamodb:Scan'], on: 'table' }],
  'client-eventbridge:DescribeArchive': [{ actions: ['events:DescribeArchive'], on: 'archive' }],
  'client-eventbridge:PutEvents': [{ actions: ['events:PutEvents'], on: 'bus' }],
  'client-lambda:Invoke': [{ actions: ['lambda:InvokeFunction'], on: 'function' }],
  'client-lambda:GetFunctionConfiguration': [{ actions: ['lambda:GetFunctionConfiguration'], on: 'function' }],
  'client-lambda:PutFunctionConcurrency': [{ actions: ['lambda:PutFunctionConcurrency'], on: 'function' }],
  'client-lambda:DeleteFunctionConcurrency': [{ actions: ['lambda:DeleteFunctionConcurrency'], on: 'function' }],
  'client-scheduler:GetSchedule': [{ actions: ['scheduler:GetSchedule'], on: 'schedule' }],
  'client-scheduler:DeleteSchedule': [{ actions: ['scheduler:DeleteSchedule'], on: 'schedule' }],
  'client-scheduler:UpdateSchedule': [
    { actions: ['scheduler:UpdateSchedule'], on: 'schedule' },
    { actions: ['iam:PassRole'], on: 'schedulerRole' },
  ],
  'client-sqs:GetQueueUrl': [{ actions: ['sqs:GetQueueUrl'], on: 'queue' }],
  'client-sqs:GetQueueAttributes': [{ actions: ['sqs:GetQueueAttributes'], on: 'queue' }],
  'client-sqs:ReceiveMessage': [{ actions: ['sqs:ReceiveMessage'], on: 'queue' }],
  'client-sqs:DeleteMessage': [{ actions: ['sqs:DeleteMessage'], on: 'queue' }],
  'client-sqs:ChangeMessageVisibility': [{ actions: ['sqs:ChangeMessageVisibility'], on: 'queue' }],
};

/** Whether the SDK sends an operation without signing it (its auth schemes are only `smithy.api#noAuth`). */
function sentUnsigned(sdkPackage: string, operation: string): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require(`@aws-sdk/${sdkPackage}`) as Record<string, unknown>;
  const Client = Object.entries(sdk).find(([name, value]) => /[A-Za-z]Client$/.test(name) && name !== '__Client' && typeof value === 'function')?.[1] as
    | (new (config: object) => { config: { httpAuthSchemeProvider: (p: object) => Array<{ schemeId: string }> }; destroy(): void })
    | undefined;
  if (!Client) throw new Error(`@aws-sdk/${sdkPackage} has no client class`);
  const client = new Client({ region: 'eu-west-1' });
  try {
    const schemes = client.config.httpAuthSchemeProvider({ operation, region: 'eu-west-1' });
    return schemes.length > 0 && schemes.every((s) => s.schemeId === 'smithy.api#noAuth');
  } catch {
    return false; // schemes chosen by endpoint rules (EventBridge's SigV4a): signed
  } finally {
    client.destroy();
  }
}

/** One request the suite makes, as IAM sees it. */
interface Request {
  readonly action: string;
  readonly resource: string;
  readonly context: RequestContext;
}

/** The ARNs (and their request context) of a stack's resources of a kind, from its synthesized JSON. */
function resourcesOfKind(stack: GuardedStack, kind: ResourceKind): Array<{ arn: string; context: Record<string, string> }> {
  const arn = (service: string, resource: string): string => `arn:aws:${service}:${stack.region}:${stack.accountId}:${resource}`;
  const bus = Object.values(stack.json.module ?? {}).find((m) => m.bus_name);
  const plain = (arns: string[]) => arns.map((a) => ({ arn: a, context: {} }));
  switch (kind) {
    case 'table':
      return plain(resourcesOf(stack.json, 'aws_dynamodb_table').map(([, t]) => arn('dynamodb', `table/${String(t.name)}`)));
    case 'queue':
      return plain(resourcesOf(stack.json, 'aws_sqs_queue').map(([, q]) => arn('sqs', String(q.name))));
    case 'function':
      return plain(resourcesOf(stack.json, 'aws_lambda_function').map(([, f]) => arn('lambda', `function:${String(f.function_name)}`)));
    case 'bus':
      return plain([arn('events', `event-bus/${String(bus?.bus_name)}`)]);
    case 'archive':
      return plain(Object.keys((bus?.archives ?? {}) as object).map((name) => arn('events', `archive/${name}`)));
    case 'schedule':
      return plain(Object.values((bus?.schedule_groups ?? {}) as Record<string, { name: string }>).map((g) => arn('scheduler', `schedule/${g.name}/cart-abc`)));
    case 'schedulerRole':
      return resourcesOf(stack.json, 'aws_iam_role')
        .filter(([, r]) => String(r.assume_role_policy).includes('scheduler.amazonaws.com'))
        .map(([, r]) => ({ arn: `arn:aws:iam::${stack.accountId}:role/${String(r.name)}`, context: { 'iam:PassedToService': 'scheduler.amazonaws.com' } }));
    case 'userPool': {
      // The pool's tags as AWS stores them: the provider's default tags and its own.
      const defaults = ((stack.json.provider.aws[0].default_tags as Array<{ tags: Record<string, string> }> | undefined) ?? []).reduce<Record<string, string>>((all, d) => ({ ...all, ...d.tags }), {});
      return resourcesOf(stack.json, 'aws_cognito_user_pool').map(([name, pool]) => ({
        arn: arn('cognito-idp', `userpool/${stack.region}_${name}`),
        context: Object.fromEntries(Object.entries({ ...defaults, ...((pool.tags as Record<string, string> | null) ?? {}) }).map(([k, v]) => [`aws:ResourceTag/${k}`, v])),
      }));
    }
  }
}

/** The requests the calls make to a stack's resources. */
function requestsOf(calls: readonly SdkCall[], stack: GuardedStack): Request[] {
  return calls.flatMap((call) =>
    (COMMAND_ACTIONS[`${call.sdkPackage}:${call.operation}`] ?? []).flatMap((needs) =>
      resourcesOfKind(stack, needs.on).flatMap(({ arn, context }) => needs.actions.map((action) => ({ action, resource: arn, context: new RequestContext(context) }))),
    ),
  );
}

/** The managed policies attached to a role of a bootstrap stack. */
function policiesOfRole(stack: GuardedStack, roleName: string): PolicyDocument[] {
  const [roleKey] = resourcesOf(stack.json, 'aws_iam_role').find(([, r]) => r.name === roleName) ?? [];
  const attached = resourcesOf(stack.json, 'aws_iam_role_policy_attachment').filter(([, a]) => referencedResource(a.role) === `aws_iam_role.${roleKey}`);
  return attached.map(([, a]) => {
    const policyKey = referencedResource(a.policy_arn);
    const [name, policy] = resourcesOf(stack.json, 'aws_iam_policy').find(([n]) => `aws_iam_policy.${n}` === policyKey)!;
    return parsePolicy(String(policy.policy), `aws_iam_policy.${name}`);
  });
}

const decide = (policies: readonly PolicyDocument[], stack: GuardedStack, request: Request) =>
  evaluate(
    { principal: { kind: 'role-session', arn: `arn:aws:sts::${stack.accountId}:assumed-role/${ROLE}/e2e`, roleArn: `arn:aws:iam::${stack.accountId}:role/${ROLE}`, accountId: stack.accountId }, ...request },
    { identity: policies, resource: [] },
  );

describe('the end-to-end suite on AWS runs with what the ephemeral deploy role allows', () => {
  const stacks = guardedStacks();
  const prStack = stacks.find((s) => s.name === 'fakemon-pr-123')!;
  const devStack = stacks.find((s) => s.name === 'fakemon-dev')!;
  const home = stacks.find((s) => s.bootstrap && s.accountId === prStack.accountId && resourcesOf(s.json, 'aws_iam_role').some(([, r]) => r.name === ROLE))!;
  const policies = policiesOfRole(home, ROLE);
  const report = sdkCallsOf({ root: ROOT, testFiles: testFilesUnder(ROOT, 'test/e2e'), ...E2E });
  const signed = report.calls.filter((c) => !sentUnsigned(c.sdkPackage, c.operation));

  it('finds the test files that run against the target, and their SDK calls', () => {
    expect(report.files.length).toBeGreaterThan(0);
    expect(signed.length).toBeGreaterThan(0);
    expect(report.problems).toEqual([]);
    expect(policies.length).toBeGreaterThan(0);
  });

  it('knows the IAM actions of every signed command the suite sends', () => {
    const unknown = [...new Set(signed.filter((c) => !COMMAND_ACTIONS[`${c.sdkPackage}:${c.operation}`]).map((c) => `${c.sdkPackage}:${c.operation} (${c.where})`))];
    expect(unknown).toEqual([]); // add each to COMMAND_ACTIONS, and its actions to modules/bootstrap/e2e-permissions.ts
  });

  it('is allowed every action of every command on the pull-request stack’s resources', () => {
    const requests = requestsOf(signed, prStack);
    expect(requests.length).toBeGreaterThan(0);
    const denied = requests.filter((r) => !decide(policies, prStack, r).allowed).map((r) => `${r.action} on ${r.resource}`);
    expect([...new Set(denied)]).toEqual([]);
  });

  it('grants nothing for the suite that the suite does not use', () => {
    const used = new Set(signed.flatMap((c) => (COMMAND_ACTIONS[`${c.sdkPackage}:${c.operation}`] ?? []).flatMap((n) => n.actions)));
    const granted = Object.values(E2E_PERMISSION_GROUPS).flatMap((g) => [...g.read, ...g.write]);
    expect(granted.filter((action) => !used.has(action))).toEqual([]);
  });

  it('reaches none of dev’s resources in the same account with the suite’s grants (user pools by their tags)', () => {
    const e2eActions = new Set(Object.values(E2E_PERMISSION_GROUPS).flatMap((g) => [...g.read, ...g.write]));
    const requests = requestsOf(signed, devStack).filter((r) => e2eActions.has(r.action));
    expect(requests.some((r) => r.action === 'cognito-idp:AdminCreateUser')).toBe(true);
    const allowed = requests.filter((r) => decide(policies, devStack, r).allowed).map((r) => `${r.action} on ${r.resource}`);
    expect([...new Set(allowed)]).toEqual([]);
  });
});

describe('reading the SDK commands of test files', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'sdk-calls-'));
  const write = (file: string, text: string): void => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  write('t/support/target.ts', "import { run } from '../../local/runtime';\nexport const e2eTarget = () => run();\n");
  write('local/runtime.ts', "import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';\nexport const run = () => new DeleteTableCommand({ TableName: 't' });\n");
  write(
    't/support/helpers.ts',
    "import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';\nexport const read = () => new GetItemCommand({ TableName: 't', Key: {} });\nexport const write = () => new PutItemCommand({ TableName: 't', Item: {} });\n",
  );
  write(
    't/remote.test.ts',
    [
      "import { ReceiveMessageCommand, SendMessageCommand, paginateListQueues } from '@aws-sdk/client-sqs';",
      "import { e2eTarget } from './support/target';",
      "import { read } from './support/helpers';",
      "const onAws = process.env.E2E_TARGET === 'aws';",
      'const localOnly = onAws ? describe.skip : describe;',
      "describe('a', () => { it('b', () => { e2eTarget(); read(); new ReceiveMessageCommand({ QueueUrl: 'q' }); }); });",
      "localOnly('c', () => { new SendMessageCommand({ QueueUrl: 'q', MessageBody: 'x' }); });",
      "it.skip('d', () => paginateListQueues);",
    ].join('\n'),
  );
  write('t/local.test.ts', "import { ScanCommand } from '@aws-sdk/client-dynamodb';\nnew ScanCommand({ TableName: 't' });\n");
  const read = (env: Record<string, string>) => sdkCallsOf({ root, testFiles: testFilesUnder(root, 't'), entry: { file: 't/support/target.ts', name: 'e2eTarget' }, env, exclude: ['local'] });
  const operations = (env: Record<string, string>) => read(env).calls.map((c) => c.operation).sort();

  it('counts what a test file reaches declaration by declaration, and only files that use the target', () => {
    expect(read({ E2E_TARGET: 'aws' }).files).toEqual(['t/remote.test.ts']);
    // PutItem is in a module the test imports, but not in what it uses; DeleteTable is in the local runtime.
    expect(operations({ E2E_TARGET: 'aws' })).toEqual(['GetItem', 'ReceiveMessage']);
  });

  it('leaves out blocks skipped under the environment, and counts them where they run', () => {
    expect(operations({})).toEqual(['GetItem', 'ReceiveMessage', 'SendMessage']);
  });

  it('names SDK uses it cannot see through (paginators) where they run', () => {
    expect(read({ E2E_TARGET: 'aws' }).problems).toEqual([]);
    write('t/remote.test.ts', "import { paginateListQueues } from '@aws-sdk/client-sqs';\nimport { e2eTarget } from './support/target';\ne2eTarget(); paginateListQueues;\n");
    expect(read({ E2E_TARGET: 'aws' }).problems).toEqual(['t/remote.test.ts: paginateListQueues of @aws-sdk/client-sqs sends requests the reader cannot see: send Commands']);
  });
});
