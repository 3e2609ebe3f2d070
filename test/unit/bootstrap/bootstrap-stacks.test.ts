import { config as dev } from '../../../envs/dev/config';
import { config as pr } from '../../../envs/pr/config';
import { bootstrapTargets, GrantStatement, grantStatements, packStatements } from '../../../modules/bootstrap';
import { singleEnvironment } from '../../../modules/config/environment-family';
import { environmentFamilies } from '../../../modules/config/environments';
import { validateEnvironment } from '../../../modules/config/load-environments';
import { isBootstrapStack, StackJson, synthesizeEveryStack } from '../../support/synthesized-stacks';

const stacks = synthesizeEveryStack();
const names = Object.keys(stacks).filter(isBootstrapStack).sort();
const json = (name: string): StackJson => stacks[name].json;
const resources = (stack: StackJson, type: string): Array<Record<string, unknown>> => Object.values(stack.resource[type] ?? {});
const roleNamed = (stack: StackJson, name: string): Record<string, unknown> => {
  const role = resources(stack, 'aws_iam_role').find((r) => r.name === name);
  if (!role) throw new Error(`no role ${name}`);
  return role;
};
const policiesOf = (stack: StackJson, prefix: string): Array<{ Sid: string; Action: string[]; Resource: string | string[]; Condition?: unknown }> =>
  resources(stack, 'aws_iam_policy')
    .filter((p) => String(p.name).startsWith(`${prefix}-`))
    .flatMap((p) => JSON.parse(String(p.policy)).Statement);
const home = json('fakemon-bootstrap-111111111111');

describe('bootstrap stacks', () => {
  it('makes one per account the environments use, whether or not a pull-request stack is synthesized', () => {
    expect(names).toEqual(['fakemon-bootstrap-111111111111', 'fakemon-bootstrap-222222222222', 'fakemon-bootstrap-333333333333']);
    const withoutPr = synthesizeEveryStack({});
    for (const name of names) expect(withoutPr[name].text).toBe(stacks[name].text);
  });

  it.each(names)('%s keeps its state in its account’s bucket under its own key, locked to its account', (name) => {
    const account = name.replace('fakemon-bootstrap-', '');
    expect(json(name).terraform.backend.s3).toMatchObject({ key: 'bootstrap/eu-west-1/terraform.tfstate', encrypt: true, use_lockfile: true });
    expect(json(name).provider.aws[0]).toMatchObject({ region: 'eu-west-1', allowed_account_ids: [account] });
  });

  it('keeps its state in a local file for the very first apply, when FAKEMON_BOOTSTRAP_LOCAL_STATE=1', () => {
    const first = synthesizeEveryStack({ FAKEMON_BOOTSTRAP_LOCAL_STATE: '1' });
    expect(Object.keys(first['fakemon-bootstrap-111111111111'].json.terraform.backend)).toEqual(['local']);
    expect(Object.keys(first['fakemon-dev'].json.terraform.backend)).toEqual(['s3']);
  });

  it('trusts GitHub’s OIDC issuer for the sts audience only', () => {
    expect(resources(home, 'aws_iam_openid_connect_provider')).toEqual([
      expect.objectContaining({ url: 'https://token.actions.githubusercontent.com', client_id_list: ['sts.amazonaws.com'] }),
    ]);
  });

  it.each([
    ['fakemon-bootstrap-plan', 'repo:fakemon-go/fakemon-eventbridge:pull_request'],
    ['fakemon-bootstrap-deploy-dev', 'repo:fakemon-go/fakemon-eventbridge:environment:dev'],
    ['fakemon-bootstrap-deploy-ephemeral', 'repo:fakemon-go/fakemon-eventbridge:environment:ephemeral'],
  ])('lets only %s be assumed by workflows whose token subject is %s', (role, subject) => {
    const [statement] = JSON.parse(String(roleNamed(home, role).assume_role_policy)).Statement;
    expect(statement).toMatchObject({
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': subject } },
    });
    expect(roleNamed(home, role).path).toBe('/fakemon-bootstrap/');
  });

  it('scopes each deploy role to its own environment’s names and state', () => {
    const devText = JSON.stringify(policiesOf(home, 'fakemon-bootstrap-deploy-dev'));
    const prText = JSON.stringify(policiesOf(home, 'fakemon-bootstrap-deploy-ephemeral'));
    expect(devText).toContain('function:fakemon-dev-*');
    expect(devText).not.toContain('fakemon-pr-');
    expect(prText).toContain('function:fakemon-pr-*-*');
    expect(prText).not.toContain('fakemon-dev');
    expect(devText).toContain('arn:aws:s3:::fakemon-terraform-state/fakemon/dev/terraform.tfstate');
    expect(prText).toContain('arn:aws:s3:::fakemon-terraform-state/fakemon/pr/*/terraform.tfstate.tflock');
  });

  it('lets the plan role take the S3 state lock (write and delete the lock objects) and only read the state', () => {
    const plan = policiesOf(home, 'fakemon-bootstrap-plan');
    expect(plan.find((s) => s.Sid === 'TakeStateLocks')).toEqual({
      Sid: 'TakeStateLocks',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      Resource: ['arn:aws:s3:::fakemon-terraform-state/fakemon/dev/terraform.tfstate.tflock', 'arn:aws:s3:::fakemon-terraform-state/fakemon/pr/*/terraform.tfstate.tflock'],
    });
    expect(plan.find((s) => s.Sid === 'ReadState')?.Action).toEqual(['s3:GetObject']);
    expect(plan.flatMap((s) => s.Action).filter((a) => a === 'iam:PassRole')).toEqual([]);
  });

  it('writes the one logs resource policy for every environment of the account and region, dev and pull requests alike', () => {
    const [policy] = resources(home, 'aws_cloudwatch_log_resource_policy');
    const [create, put] = JSON.parse(String(policy.policy_document)).Statement;
    expect(create).toMatchObject({ Action: 'logs:CreateLogStream', Resource: ['arn:aws:logs:eu-west-1:111111111111:log-group:/aws/events/fakemon-dev-*:*', 'arn:aws:logs:eu-west-1:111111111111:log-group:/aws/events/fakemon-pr-*-*:*'] });
    expect(create.Condition).toBeUndefined();
    expect(put.Condition).toEqual({ ArnLike: { 'aws:SourceArn': ['arn:aws:events:eu-west-1:111111111111:rule/fakemon-dev-bus/*', 'arn:aws:events:eu-west-1:111111111111:rule/fakemon-pr-*-bus/*'] } });
  });

  it('points API Gateway’s account setting at its CloudWatch role, after the role can write', () => {
    const [account] = resources(home, 'aws_api_gateway_account');
    expect(account.cloudwatch_role_arn).toMatch(/^\$\{aws_iam_role\.apigateway-role_.+\.arn\}$/);
    expect(account.depends_on).toEqual([expect.stringMatching(/^aws_iam_role_policy\.apigateway-role_policy_/)]);
  });

  it('keeps the alarm-topic key rotating, with CloudWatch allowed for this account’s alarms only', () => {
    const [key] = resources(json('fakemon-bootstrap-333333333333'), 'aws_kms_key');
    expect(key.enable_key_rotation).toBe(true);
    const statements = JSON.parse(String(key.policy)).Statement;
    expect(statements[1]).toMatchObject({
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Condition: { StringEquals: { 'aws:SourceAccount': '333333333333' }, ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:eu-west-1:333333333333:alarm:*' } },
    });
    expect(resources(json('fakemon-bootstrap-333333333333'), 'aws_kms_alias')).toEqual([expect.objectContaining({ name: 'alias/fakemon-bootstrap-alarm-topics' })]);
  });
});

describe('bootstrapTargets', () => {
  it('gives an account one stack per region its environments use; IAM and the state bucket only in the bucket’s region', () => {
    const families = environmentFamilies();
    const inUsEast = singleEnvironment(validateEnvironment({ file: 'envs/us/config.ts', config: { ...dev, name: 'us', namePrefix: 'fakemon-us', region: 'us-east-1', backend: { ...dev.backend, key: 'fakemon/us/terraform.tfstate' } } }));
    const targets = bootstrapTargets([...families, inUsEast]).filter((t) => t.accountId === '111111111111');
    expect(targets.map((t) => [t.stackName, t.home, t.regionFamilies.map((f) => f.config.name)])).toEqual([
      ['fakemon-bootstrap-111111111111', true, ['dev', 'pr-0']],
      ['fakemon-bootstrap-111111111111-us-east-1', false, ['us']],
    ]);
    expect(targets[1].accountFamilies.map((f) => f.config.name)).toEqual(['dev', 'pr-0', 'us']);
  });
});

describe('grantStatements and packStatements', () => {
  const scope = { accountId: '111111111111', region: 'eu-west-1', namePrefix: 'fakemon-dev', emailSender: 'notifications@dev.fakemon.example', resourceTags: { environment: 'dev' } };

  it('passes roles only to the service that needs them, and only when applying', () => {
    const apply = grantStatements(['aws_lambda_function'], [scope], true);
    expect(apply.find((s) => s.Sid === 'PassRolesToLambda')).toEqual({
      Sid: 'PassRolesToLambda',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: ['arn:aws:iam::111111111111:role/fakemon-dev-*'],
      Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
    });
    expect(grantStatements(['aws_lambda_function'], [scope], false).map((s) => s.Sid)).toEqual(['LambdaFunctions']);
  });

  it("lets a role manage only its environment's own SES sender identity", () => {
    expect(grantStatements(['aws_sesv2_email_identity'], [scope, { ...scope, namePrefix: 'fakemon-pr-*', emailSender: 'notifications+pr-*@dev.fakemon.example' }], true)).toEqual([
      {
        Sid: 'SesEmailIdentities',
        Effect: 'Allow',
        Action: ['ses:GetEmailIdentity', 'ses:ListTagsForResource', 'ses:CreateEmailIdentity', 'ses:DeleteEmailIdentity', 'ses:TagResource', 'ses:UntagResource'],
        Resource: ['arn:aws:ses:eu-west-1:111111111111:identity/notifications@dev.fakemon.example', 'arn:aws:ses:eu-west-1:111111111111:identity/notifications+pr-*@dev.fakemon.example'],
      },
    ]);
  });

  it('grants nothing for resource types it does not know (the guardrails list them)', () => {
    expect(grantStatements(['aws_unknown_thing'], [scope], true)).toEqual([]);
  });

  it('splits statements into documents under the size limit, in order', () => {
    const statement = (sid: string): GrantStatement => ({ Sid: sid, Effect: 'Allow', Action: ['sqs:GetQueueUrl'], Resource: 'arn:aws:sqs:eu-west-1:1:q' });
    const one = JSON.stringify({ Version: '2012-10-17', Statement: [statement('A')] }).length;
    expect(packStatements([statement('A'), statement('B'), statement('C')], one + 70).map((c) => c.map((s) => s.Sid))).toEqual([['A'], ['B'], ['C']]);
    expect(packStatements([statement('A'), statement('B'), statement('C')], one * 3).map((c) => c.map((s) => s.Sid))).toEqual([['A', 'B', 'C']]);
    expect(() => packStatements([statement('A')], 10)).toThrow(/Statement A alone exceeds IAM's 10-character policy limit/);
  });
});

it('keeps pull requests in the development account (one account, one budget, one bootstrap stack)', () => {
  expect(pr('1').accountId).toBe(dev.accountId);
});
