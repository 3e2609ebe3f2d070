import { conditionKeys, iamStatements } from './policy-documents';
import { guardedStacks } from './stacks';

/**
 * CloudWatch Logs resource policies that let EventBridge (or log delivery) write: `aws:SourceArn` and
 * `aws:SourceAccount` are evaluated only for `logs:PutLogEvents`, so a statement that also conditions
 * `logs:CreateLogStream` on them never matches it and every delivery fails into the DLQ. AWS's own sample splits the
 * statements: CreateLogStream without the condition, PutLogEvents limited to the sending rules.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-cloudwatchlogs-permissions
 * https://github.com/aws-samples/serverless-patterns/pull/618
 */
const SOURCE_KEYS = ['aws:sourcearn', 'aws:sourceaccount'];
const stacks = guardedStacks();
const logsStatements = stacks.flatMap((s) => iamStatements(s.json).filter((st) => st.where.startsWith('aws_cloudwatch_log_resource_policy.')).map((st) => ({ stack: s.name, ...st })));

describe('CloudWatch Logs resource policies', () => {
  it('exist where EventBridge writes to log groups (the bootstrap stacks)', () => {
    expect(logsStatements.length).toBeGreaterThan(0);
  });

  it('never condition logs:CreateLogStream on aws:SourceArn or aws:SourceAccount', () => {
    const wrong = logsStatements
      .filter((s) => s.actions.includes('logs:CreateLogStream') && conditionKeys(s).some((k) => SOURCE_KEYS.includes(k.toLowerCase())))
      .map((s) => `${s.stack} ${s.where}`);
    expect(wrong).toEqual([]);
  });

  it('limit logs:PutLogEvents to the sending rules with aws:SourceArn', () => {
    const open = logsStatements
      .filter((s) => s.actions.includes('logs:PutLogEvents') && !conditionKeys(s).some((k) => k.toLowerCase() === 'aws:sourcearn'))
      .map((s) => `${s.stack} ${s.where}`);
    expect(open).toEqual([]);
  });
});
