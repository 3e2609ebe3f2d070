/**
 * The evaluator against AWS's documented examples. Each case cites the page its policy and expected outcome come
 * from (the policies are the pages' examples, with the pages' account ids and names).
 */
import { RequestContext } from '../../../../local/iam/context';
import { denialMessage, evaluate, type AuthorizationRequest, type Principal } from '../../../../local/iam/evaluate';
import { parsePolicy, PolicyError } from '../../../../local/iam/policy';

const ACCOUNT = '123456789012';
const role: Principal = {
  kind: 'role-session',
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app-role/app-session`,
  roleArn: `arn:aws:iam::${ACCOUNT}:role/app-role`,
  accountId: ACCOUNT,
};
const events: Principal = { kind: 'service', service: 'events.amazonaws.com', arn: 'events.amazonaws.com' };
const request = (action: string, resource: string, context: Record<string, string | string[]> = {}, principal: Principal = role): AuthorizationRequest => ({
  principal,
  action,
  resource,
  context: new RequestContext({ 'aws:SourceAccount': ACCOUNT, ...context }),
});
const policy = (statements: unknown[], source = 'policy') => parsePolicy({ Version: '2012-10-17', Statement: statements }, source);

describe('explicit deny, allow, implicit deny', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_AccessPolicyLanguage_Interplay.html
  const getListNoReports = policy([
    { Sid: 'AllowGetList', Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' },
    { Sid: 'DenyReports', Effect: 'Deny', Action: 'iam:*Report', Resource: '*' },
  ]);
  it.each([
    ['iam:GetRole', true, undefined],
    ['iam:ListRoles', true, undefined],
    ['iam:GetOrganizationsAccessReport', false, 'explicit-deny-identity'],
    ['iam:GenerateCredentialReport', false, 'explicit-deny-identity'],
    ['iam:CreatePolicy', false, 'no-identity-allow'],
  ])('%s → allowed %s (%s)', (action, allowed, reason) => {
    const decision = evaluate(request(action, '*'), { identity: [getListNoReports], resource: [] });
    expect(decision.allowed).toBe(allowed);
    expect(decision.reason).toBe(reason);
  });

  it('action names match case-insensitively, ARNs case-sensitively', () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html ("Action … values are case-insensitive")
    const p = policy([{ Effect: 'Allow', Action: 'dynamodb:putitem', Resource: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/Books` }]);
    expect(evaluate(request('dynamodb:PutItem', `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/Books`), { identity: [p], resource: [] }).allowed).toBe(true);
    expect(evaluate(request('dynamodb:PutItem', `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/books`), { identity: [p], resource: [] }).allowed).toBe(false);
  });

  it('NotAction with Deny denies everything but the listed actions', () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html (deny all but IAM)
    const p = policy([
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', NotAction: 'iam:*', Resource: '*' },
    ]);
    expect(evaluate(request('iam:CreateRole', '*'), { identity: [p], resource: [] }).allowed).toBe(true);
    expect(evaluate(request('sqs:SendMessage', `arn:aws:sqs:eu-west-1:${ACCOUNT}:q`), { identity: [p], resource: [] }).reason).toBe('explicit-deny-identity');
  });

  it('NotResource allows everything except the listed resources', () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
    const p = policy([{ Effect: 'Allow', Action: 'sqs:SendMessage', NotResource: `arn:aws:sqs:*:${ACCOUNT}:secret-*` }]);
    expect(evaluate(request('sqs:SendMessage', `arn:aws:sqs:eu-west-1:${ACCOUNT}:orders`), { identity: [p], resource: [] }).allowed).toBe(true);
    expect(evaluate(request('sqs:SendMessage', `arn:aws:sqs:eu-west-1:${ACCOUNT}:secret-1`), { identity: [p], resource: [] }).allowed).toBe(false);
  });
});

describe('identity-based and resource-based policies in one account', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
  // "If either the identity-based policy or the resource-based policy within the same account allows the request
  // and the other doesn't, the request is still allowed."
  const queue = `arn:aws:sqs:eu-west-1:${ACCOUNT}:orders`;
  const queuePolicy = (principal: unknown) => policy([{ Effect: 'Allow', Principal: principal, Action: 'sqs:SendMessage', Resource: queue }], 'queue policy');

  it('a resource policy naming the role allows without an identity policy', () => {
    expect(evaluate(request('sqs:SendMessage', queue), { identity: [], resource: [queuePolicy({ AWS: role.kind === 'role-session' ? role.roleArn : '' })] }).allowed).toBe(true);
  });

  it('a resource policy naming only the account delegates to identity policies', () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts
    const decision = evaluate(request('sqs:SendMessage', queue), { identity: [], resource: [queuePolicy({ AWS: `arn:aws:iam::${ACCOUNT}:root` })] });
    expect(decision).toEqual({ allowed: false, reason: 'no-identity-allow' });
  });

  it('an explicit deny in the resource policy overrides an identity allow', () => {
    const identity = policy([{ Effect: 'Allow', Action: 'sqs:*', Resource: queue }]);
    const deny = parsePolicy({ Version: '2012-10-17', Statement: [{ Sid: 'NoSends', Effect: 'Deny', Principal: '*', Action: 'sqs:SendMessage', Resource: queue }] }, 'queue policy');
    expect(evaluate(request('sqs:SendMessage', queue), { identity: [identity], resource: [deny] })).toEqual({ allowed: false, reason: 'explicit-deny-resource', statement: 'queue policy (NoSends)' });
  });

  it('a service principal is allowed only by the resource policy, with its conditions', () => {
    // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions
    const rule = `arn:aws:events:eu-west-1:${ACCOUNT}:rule/bus/orders-rule`;
    const p = policy([{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: queue, Condition: { ArnEquals: { 'aws:SourceArn': rule } } }]);
    expect(evaluate(request('sqs:SendMessage', queue, { 'aws:SourceArn': rule }, events), { identity: [], resource: [p] }).allowed).toBe(true);
    const other = evaluate(request('sqs:SendMessage', queue, { 'aws:SourceArn': `${rule}-2` }, events), { identity: [], resource: [p] });
    expect(other).toEqual({ allowed: false, reason: 'no-resource-allow' });
    expect(evaluate(request('sqs:SendMessage', queue, { 'aws:SourceArn': rule }, events), { identity: [], resource: [] }).reason).toBe('no-resource-allow');
  });
});

describe('condition operators', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
  const allowIf = (condition: unknown) => policy([{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*', Condition: condition }]);
  const allowed = (condition: unknown, context: Record<string, string | string[]>) =>
    evaluate({ ...request('sqs:SendMessage', `arn:aws:sqs:eu-west-1:${ACCOUNT}:q`), context: new RequestContext(context) }, { identity: [allowIf(condition)], resource: [] }).allowed;

  it.each([
    ['keys of one operator are ANDed', { StringEquals: { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': 'arn:b' } }, { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': 'arn:a' }, false],
    ['values of one key are ORed', { StringEquals: { 'aws:SourceArn': ['arn:a', 'arn:b'] } }, { 'aws:SourceArn': 'arn:b' }, true],
    ['negated operators match none of the values', { StringNotEquals: { 'aws:SourceAccount': ['111111111111', ACCOUNT] } }, { 'aws:SourceAccount': ACCOUNT }, false],
    ['negated operators hold when the key is absent', { StringNotEquals: { 'aws:SourceAccount': ACCOUNT } }, {}, true],
    ['condition keys are case-insensitive', { StringEquals: { 'AWS:SOURCEACCOUNT': ACCOUNT } }, { 'aws:SourceAccount': ACCOUNT }, true],
    ['string values are case-sensitive', { StringEquals: { 'aws:PrincipalTag/team': 'Games' } }, { 'aws:PrincipalTag/team': 'games' }, false],
    ['StringEqualsIgnoreCase', { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'Games' } }, { 'aws:PrincipalTag/team': 'games' }, true],
    ['StringLike wildcards', { StringLike: { 'aws:SourceArn': 'arn:aws:events:*:*:rule/bus/*' } }, { 'aws:SourceArn': 'arn:aws:events:eu-west-1:1:rule/bus/r' }, true],
    ['a missing key fails a positive operator', { StringEquals: { 'aws:SourceArn': 'arn:a' } }, {}, false],
    ['…IfExists holds when the key is absent', { StringEqualsIfExists: { 'aws:SourceArn': 'arn:a' } }, {}, true],
    ['…IfExists still compares a present key', { StringEqualsIfExists: { 'aws:SourceArn': 'arn:a' } }, { 'aws:SourceArn': 'arn:b' }, false],
    ['Null true: the key is absent', { Null: { 'aws:SourceArn': 'true' } }, {}, true],
    ['Null false: the key is present', { Null: { 'aws:SourceArn': 'false' } }, {}, false],
    ['NumericLessThanEquals', { NumericLessThanEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': '10' }, true],
    ['NumericGreaterThan with a non-number', { NumericGreaterThan: { 's3:max-keys': '10' } }, { 's3:max-keys': 'ten' }, false],
    ['DateLessThan (ISO 8601 and epoch)', { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } }, { 'aws:CurrentTime': String(Date.UTC(2029, 0, 1) / 1000) }, true],
    ['Bool', { Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': 'false' }, false],
    ['IpAddress', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.113.7' }, true],
    ['NotIpAddress', { NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:DB8:1234:5678::/64'] } }, { 'aws:SourceIp': '2001:db8:1234:5678::1' }, false],
    ['ForAllValues holds for an absent key', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } }, {}, true],
    ['ForAllValues: every request value must be listed', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment'] } }, { 'aws:TagKeys': ['environment', 'owner'] }, false],
    ['ForAnyValue fails for an absent key', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['environment'] } }, {}, false],
    ['ForAnyValue: one listed value suffices', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['environment'] } }, { 'aws:TagKeys': ['owner', 'environment'] }, true],
  ])('%s', (_name, condition, context, expected) => {
    expect(allowed(condition, context as Record<string, string | string[]>)).toBe(expected);
  });

  it('ArnLike matches each ARN part on its own; the resource part may contain colons', () => {
    // "Each of the six colon-delimited components of the ARN is checked separately"
    const logs = 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/events/debug:log-stream:s1';
    expect(allowed({ ArnLike: { 'aws:SourceArn': 'arn:aws:logs:*:123456789012:log-group:*' } }, { 'aws:SourceArn': logs })).toBe(true);
    expect(allowed({ ArnLike: { 'aws:SourceArn': 'arn:aws:*:123456789012:log-group:*' } }, { 'aws:SourceArn': logs })).toBe(false);
    expect(allowed({ ArnEquals: { 'aws:SourceArn': 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/events/*' } }, { 'aws:SourceArn': logs })).toBe(true);
    expect(allowed({ ArnNotLike: { 'aws:SourceArn': 'arn:aws:logs:*:*:log-group:/aws/lambda/*' } }, { 'aws:SourceArn': logs })).toBe(true);
  });
});

describe('policy variables', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
  const perUser = parsePolicy(
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: 'arn:aws:dynamodb:*:*:table/${aws:username}-*' }] },
    'per-user',
  );
  it('replaces a variable with the request value, literally', () => {
    expect(evaluate(request('dynamodb:GetItem', `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/ash-items`, { 'aws:username': 'ash' }), { identity: [perUser], resource: [] }).allowed).toBe(true);
    expect(evaluate(request('dynamodb:GetItem', `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/ash-items`, { 'aws:username': 'a*' }), { identity: [perUser], resource: [] }).allowed).toBe(false);
  });
  it('a variable without a value and without a default matches nothing; a default is used', () => {
    expect(evaluate(request('dynamodb:GetItem', `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/-items`), { identity: [perUser], resource: [] }).allowed).toBe(false);
    const withDefault = policy([{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*', Condition: { StringEquals: { 'aws:SourceArn': "${aws:PrincipalTag/arn, 'arn:none'}" } } }]);
    expect(evaluate(request('sqs:SendMessage', '*', { 'aws:SourceArn': 'arn:none' }), { identity: [withDefault], resource: [] }).allowed).toBe(true);
  });
  it('is literal text in a policy without Version 2012-10-17', () => {
    const old = parsePolicy({ Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: 'arn:aws:dynamodb:*:*:table/${aws:username}' }] }, 'old');
    expect(evaluate(request('dynamodb:GetItem', `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/ash`, { 'aws:username': 'ash' }), { identity: [old], resource: [] }).allowed).toBe(false);
  });
});

describe('denial messages', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
  it('names the principal, action, resource and policy type', () => {
    const r = request('dynamodb:PutItem', `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/world`);
    expect(denialMessage(r, { allowed: false, reason: 'no-identity-allow' })).toBe(
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/app-role/app-session is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/world because no identity-based policy allows the dynamodb:PutItem action`,
    );
    expect(denialMessage(r, { allowed: false, reason: 'explicit-deny-resource' })).toMatch(/with an explicit deny in a resource-based policy$/);
  });
});

describe('malformed policies', () => {
  it.each([
    [{ Statement: [{ Effect: 'allow', Action: 'sqs:SendMessage', Resource: '*' }] }, /Effect must be "Allow" or "Deny"/],
    [{ Statement: [{ Effect: 'Allow', Resource: '*' }] }, /exactly one of Action and NotAction/],
    [{ Statement: [{ Effect: 'Allow', Action: 'a:b', Resource: '*', NotResource: '*' }] }, /Resource and NotResource/],
    [{ Version: '2012-10-17' }, /Statement is required/],
    ['{not json', /not valid JSON/],
  ])('%j is refused', (document, message) => {
    expect(() => parsePolicy(document, 'aws_iam_role_policy.x')).toThrow(PolicyError);
    expect(() => parsePolicy(document, 'aws_iam_role_policy.x')).toThrow(message);
  });
});
