import { FUNCTION_NAMES } from '../../handlers/functions';
import { offlinePlan } from '../../scripts/lib/offline-plan';

const env: NodeJS.ProcessEnv = { ...process.env };
delete env.EVENTBRIDGE_MODULE_SOURCE;

describe('offline terraform plan (real terraform, real provider, local STS)', () => {
  it.each(['dev', 'staging', 'prod', 'pr-123'])('plans fakemon-%s from scratch without an AWS account', async (name) => {
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
  }, 180_000);
});
