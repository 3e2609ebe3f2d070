import { FUNCTION_NAMES } from '../../handlers/functions';
import { unmappedResourceTypes } from '../../modules/bootstrap/deployment-permissions';
import { offlinePlan } from '../../scripts/lib/offline-plan';

const env: NodeJS.ProcessEnv = { ...process.env };
delete env.EVENTBRIDGE_MODULE_SOURCE;

describe('offline terraform plan (real terraform, real provider, local STS)', () => {
  it.each(['dev', 'staging', 'prod', 'pr-123'])('plans fakemon-%s from scratch without an AWS account, past its bootstrap check', async (name) => {
    const plan = await offlinePlan(name, { env, requirePluginDir: true });
    expect(plan.stack).toBe(`fakemon-${name}`);
    expect(Object.keys(plan.actions)).toEqual(['create']);
    for (const type of [
      'aws_lambda_function',
      'aws_dynamodb_table',
      'aws_api_gateway_rest_api',
      'aws_api_gateway_authorizer',
      'aws_apigatewayv2_api',
      'aws_apigatewayv2_authorizer',
      'aws_cognito_user_pool',
      'aws_cognito_user_pool_client',
      'aws_sqs_queue',
      'aws_cloudwatch_metric_alarm',
    ]) {
      expect(plan.creates.some((address) => address.startsWith(`${type}.`))).toBe(true);
    }
    expect(plan.creates.filter((a) => a.startsWith('aws_lambda_function.'))).toHaveLength(FUNCTION_NAMES.length);
    expect(plan.creates.filter((a) => /^aws_(api_gateway_account|cloudwatch_log_resource_policy)\./.test(a))).toEqual([]);
    expect(unmappedResourceTypes(plan.resourceTypes)).toEqual([]);
  }, 180_000);

  it.each(['bootstrap-111111111111', 'bootstrap-222222222222', 'bootstrap-333333333333'])('plans fakemon-%s from scratch', async (name) => {
    const plan = await offlinePlan(name, { env, requirePluginDir: true });
    expect(plan.stack).toBe(`fakemon-${name}`);
    expect(Object.keys(plan.actions)).toEqual(['create']);
    for (const type of ['aws_api_gateway_account', 'aws_cloudwatch_log_resource_policy', 'aws_iam_openid_connect_provider', 'aws_s3_bucket', 'aws_kms_key']) {
      expect(plan.creates.filter((address) => address.startsWith(`${type}.`))).toHaveLength(1);
    }
  }, 180_000);

  it('names the stacks it knows when asked for another', async () => {
    await expect(offlinePlan('nowhere', { env, requirePluginDir: true })).rejects.toThrow(/Unknown stack "nowhere": no fakemon-nowhere \(dev, staging, prod, pr-<id>, or one of the bootstrap stacks/);
  }, 60_000);
});
