import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { config as devConfig } from '../../../envs/dev/config';
import { createGameFunction, HandlerFunction, HandlerFunctionProps } from '../../../modules/handler-function';

const dir = mkdtempSync(path.join(os.tmpdir(), 'handler-fn-'));
const zipPath = path.join(dir, 'fn.zip');
writeFileSync(zipPath, Buffer.from('not really a zip, but bytes to hash'));

function synth(props: Partial<HandlerFunctionProps> = {}): Record<string, Record<string, Record<string, Record<string, unknown>>>> {
  const stack = new TerraformStack(Testing.app(), 'test');
  new HandlerFunction(stack, 'fn', {
    functionName: 'fakemon-test-capture',
    zipPath,
    logRetentionDays: 14,
    statements: [{ sid: 'ReadWorld', actions: ['dynamodb:GetItem'], resources: ['arn:aws:dynamodb:eu-west-1:1:table/world'] }],
    environment: { WORLD_TABLE: 'world' },
    ...props,
  });
  return JSON.parse(Testing.synth(stack));
}

describe('HandlerFunction', () => {
  it('sets source_code_hash to the base64 SHA-256 of the zip file', () => {
    const fn = Object.values(synth().resource.aws_lambda_function)[0];
    const expected = createHash('sha256').update(Buffer.from('not really a zip, but bytes to hash')).digest('base64');
    expect(fn).toMatchObject({ source_code_hash: expected, runtime: 'nodejs22.x', handler: 'index.handler', function_name: 'fakemon-test-capture' });
    expect(fn.environment).toEqual({ variables: { WORLD_TABLE: 'world' } });
    expect(String(fn.filename)).toMatch(/^assets\/.+\.zip$/);
  });

  it('creates its log group explicitly with the retention', () => {
    expect(Object.values(synth().resource.aws_cloudwatch_log_group)[0]).toMatchObject({
      name: '/aws/lambda/fakemon-test-capture',
      retention_in_days: 14,
    });
  });

  it('gives its role exactly the given statements plus writing its own logs', () => {
    const policy = JSON.parse(String(Object.values(synth().resource.aws_iam_role_policy)[0].policy));
    expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['WriteOwnLogs', 'ReadWorld']);
    expect(policy.Statement[1]).toEqual({ Sid: 'ReadWorld', Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: ['arn:aws:dynamodb:eu-west-1:1:table/world'] });
  });

  it('stops synth with a build hint when the zip is missing', () => {
    expect(() => synth({ zipPath: path.join(dir, 'missing.zip') })).toThrow(/Lambda zip not found: .*missing\.zip\. Build the handlers first with `npm run build:handlers`/);
  });

  it.each([
    [['dynamodb:*'], ['arn:aws:dynamodb:::table/x'], /wildcard action "dynamodb:\*"/],
    [['*'], ['arn:aws:dynamodb:::table/x'], /wildcard action "\*"/],
    [['dynamodb:GetItem'], ['*'], /grants Resource "\*"/],
  ])('refuses %j on %j', (actions, resources, message) => {
    expect(() => synth({ statements: [{ sid: 'Broad', actions, resources }] })).toThrow(message);
  });

  it('has no asynchronous-invocation config unless given a queue for failed asynchronous invocations', () => {
    expect(synth().resource.aws_lambda_function_event_invoke_config).toBeUndefined();
  });
});

describe('createGameFunction', () => {
  const config = { ...devConfig, sourceFile: 'envs/dev/config.ts' };
  const distDir = path.resolve(__dirname, '..', '..', '..', 'handlers', 'dist');
  const build = (asynchronous?: boolean): Record<string, Record<string, Record<string, Record<string, unknown>>>> => {
    const stack = new TerraformStack(Testing.app(), 'test');
    createGameFunction(stack, 'capture', config, distDir, { environment: {}, statements: [], ...(asynchronous === undefined ? {} : { asynchronous }) });
    return JSON.parse(Testing.synth(stack));
  };

  it('gives an asynchronously invoked function (the default) a DLQ and sends its failed invocations there', () => {
    const { resource } = build();
    expect(Object.values(resource.aws_sqs_queue).map((q) => q.name)).toEqual(['fakemon-dev-capture-dlq']);
    expect(Object.values(resource.aws_lambda_function_event_invoke_config)[0]).toMatchObject({
      maximum_retry_attempts: 2,
      destination_config: { on_failure: { destination: expect.stringContaining('aws_sqs_queue.') } },
    });
  });

  it('gives a synchronously invoked function (asynchronous: false) no DLQ and no asynchronous-invocation config', () => {
    const { resource } = build(false);
    expect(resource.aws_sqs_queue).toBeUndefined();
    expect(resource.aws_lambda_function_event_invoke_config).toBeUndefined();
    expect(JSON.parse(String(Object.values(resource.aws_iam_role_policy)[0].policy)).Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['WriteOwnLogs']);
  });
});
