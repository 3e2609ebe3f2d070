import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { apiBodies, catalogEntries, toJsonSchemaDraft4 } from '../../../handlers/src/events';
import { FUNCTION_NAMES } from '../../../handlers/functions';
import { StackJson, synthesizeAll } from '../../support/synthesized-stacks';

const stacks = synthesizeAll();
const names = Object.keys(stacks).sort();
const DIST = path.resolve(__dirname, '..', '..', '..', 'handlers', 'dist');

const resources = (json: StackJson, type: string): Array<Record<string, unknown>> => Object.values(json.resource[type] ?? {});
const policyOf = (resource: Record<string, unknown>): { Statement: Array<{ Action: string[]; Resource: string[] | string }> } =>
  JSON.parse(String(resource.policy));

describe.each(names)('%s: the capture flow', (name) => {
  const { json } = stacks[name];
  const prefix = name;
  const busArn = expect.stringMatching(new RegExp(`^arn:aws:events:[a-z0-9-]+:\\d{12}:event-bus/${prefix}-bus$`));

  it('puts POST /captures straight on the bus with an AWS service integration (no Lambda)', () => {
    const integration = resources(json, 'aws_api_gateway_integration').find((i) =>
      String((i.request_templates as Record<string, string>)['application/json']).includes('fakemon.capture_attempt'),
    )!;
    expect(integration).toMatchObject({
      type: 'AWS',
      integration_http_method: 'POST',
      uri: expect.stringMatching(/^arn:aws:apigateway:[a-z0-9-]+:events:action\/PutEvents$/),
      passthrough_behavior: 'NEVER',
      request_parameters: { 'integration.request.header.X-Amz-Target': "'AWSEvents.PutEvents'" },
    });
    const template = (integration.request_templates as Record<string, string>)['application/json'];
    expect(template).toContain('"Source":"fakemon.attempt-to-capture-api"');
    expect(template).toContain('"DetailType":"fakemon.capture_attempt"');
    expect(template).toContain(`"EventBusName":"${prefix}-bus"`);
    expect(resources(json, 'aws_api_gateway_resource')).toContainEqual(expect.objectContaining({ path_part: 'captures' }));
  });

  it('validates the body with the contract model and answers 202 with the attempt id', () => {
    const model = resources(json, 'aws_api_gateway_model').find((m) => m.name === 'CaptureRequest')!;
    expect(JSON.parse(String(model.schema))).toEqual(toJsonSchemaDraft4(apiBodies.capture.schema, { title: 'CaptureRequest' }));
    expect(resources(json, 'aws_api_gateway_request_validator')).toEqual([
      expect.objectContaining({ validate_request_body: true, validate_request_parameters: true }),
    ]);
    const methods = resources(json, 'aws_api_gateway_method');
    expect(methods).toContainEqual(expect.objectContaining({ http_method: 'POST', request_models: { 'application/json': expect.stringContaining('CaptureRequest') } }));
    const accepted = resources(json, 'aws_api_gateway_integration_response').find(
      (r) => r.selection_pattern === undefined && String((r.response_templates as Record<string, string>)['application/json']).includes('attemptId'),
    );
    const template = (accepted?.response_templates as Record<string, string>)['application/json'];
    expect(template).toContain('{"attemptId":"$attemptId"}');
    expect(template).toContain(`#set($attemptId = $input.params('Idempotency-Key'))`);
    expect(template).toMatch(/#if\(\$failed > 0\)\n/); // a failed entry never answers 202 (behaviour: test/unit/guardrails/event-api-errors.test.ts)
  });

  it("gives the API role only events:PutEvents on this stack's bus", () => {
    const role = resources(json, 'aws_iam_role').find((r) => String(r.name).endsWith('-api-put-events'));
    expect(role).toBeDefined();
    const policy = resources(json, 'aws_iam_role_policy').find((r) => String(r.name) === `${prefix}-api-put-events`);
    expect(policyOf(policy!).Statement).toEqual([expect.objectContaining({ Action: ['events:PutEvents'], Resource: [busArn] })]);
  });

  it('throttles the stage and writes access logs to a log group with retention', () => {
    const [settings] = resources(json, 'aws_api_gateway_method_settings');
    expect(settings.settings).toMatchObject({ throttling_rate_limit: expect.any(Number), throttling_burst_limit: expect.any(Number) });
    const [stage] = resources(json, 'aws_api_gateway_stage');
    expect(stage.access_log_settings).toMatchObject({ destination_arn: expect.stringContaining('aws_cloudwatch_log_group') });
    for (const group of resources(json, 'aws_cloudwatch_log_group')) expect(group.retention_in_days).toEqual(expect.any(Number));
  });

  it('creates the game\'s five tables (watchers keyed by cell, then connection), the cart\'s checkouts and the sent notifications, encrypted, with TTL where items expire', () => {
    const tables = Object.fromEntries(resources(json, 'aws_dynamodb_table').map((t) => [String(t.name).replace(`${prefix}-`, ''), t]));
    expect(Object.keys(tables).sort()).toEqual(['attempts', 'checkouts', 'collections', 'connections', 'notifications', 'watchers', 'world']);
    expect(tables.checkouts.ttl).toEqual({ attribute_name: 'expiresAt', enabled: true });
    for (const table of Object.values(tables)) expect(table.server_side_encryption).toEqual({ enabled: true });
    expect(tables.world.ttl).toEqual({ attribute_name: 'expiresAt', enabled: true });
    expect(tables.connections.global_secondary_index).toEqual([expect.objectContaining({ name: 'byPlayer', hash_key: 'player' })]);
    expect(tables.watchers).toMatchObject({ hash_key: 'cell', range_key: 'connectionId', ttl: { attribute_name: 'expiresAt', enabled: true } });
  });

  it("sets each function's source_code_hash to its zip's SHA-256", () => {
    const functions = resources(json, 'aws_lambda_function');
    expect(functions.map((f) => String(f.function_name).replace(`${prefix}-`, '')).sort()).toEqual([...FUNCTION_NAMES].sort());
    for (const fn of functions) {
      const zip = path.join(DIST, `${String(fn.function_name).replace(`${prefix}-`, '')}.zip`);
      expect(fn.source_code_hash).toBe(createHash('sha256').update(readFileSync(zip)).digest('base64'));
    }
  });

  it('wires capture_attempt → capture, results → deliver-result and world changes → world-updates, each target with a DLQ and retry policy', () => {
    const bus = Object.values(json.module)[0] as { rules: Record<string, { event_pattern: string }>; targets: Record<string, Array<Record<string, unknown>>> };
    expect(JSON.parse(bus.rules.capture_attempt.event_pattern)).toEqual({ source: ['fakemon.attempt-to-capture-api'], 'detail-type': ['fakemon.capture_attempt'] });
    expect(JSON.parse(bus.rules.capture_results.event_pattern)['detail-type']).toEqual(['fakemon.capture_succeeded', 'fakemon.capture_failed']);
    expect(JSON.parse(bus.rules.world_updates.event_pattern)['detail-type']).toEqual(['fakemon.spawned', 'fakemon.capture_succeeded', 'fakemon.fled']);
    const targets: Record<string, string> = { capture_attempt: 'capture', capture_results: 'deliver-result', world_updates: 'world-updates' };
    for (const [key, fn] of Object.entries(targets)) {
      expect(bus.targets[key]).toEqual([
        expect.objectContaining({ name: fn, arn: expect.stringContaining('aws_lambda_function'), dead_letter_arn: expect.stringContaining('aws_sqs_queue'), retry_policy: expect.any(Object) }),
      ]);
    }
  });

  it.each(['deliver-result', 'world-updates'])('lets %s manage connections only on its WebSocket stage', (fn) => {
    const policy = resources(json, 'aws_iam_role_policy').find((r) => String(r.name) === `${prefix}-${fn}-policy`);
    const manage = policyOf(policy!).Statement.find((s) => s.Action.includes('execute-api:ManageConnections'));
    expect(manage?.Resource).toEqual([expect.stringMatching(/aws_apigatewayv2_api\..+\.execution_arn\}\/live\/POST\/@connections\/\*$/)]);
  });

  it('routes {"action":"watch"} to ws-watch with two-way communication, and the stage waits for the route', () => {
    const route = resources(json, 'aws_apigatewayv2_route').find((r) => r.route_key === 'watch');
    expect(route).toMatchObject({ route_response_selection_expression: '$default', target: expect.stringContaining('aws_apigatewayv2_integration') });
    expect(route?.authorization_type).toBeUndefined(); // only $connect is authorized; messages carry its context
    const [response] = resources(json, 'aws_apigatewayv2_route_response');
    expect(response).toMatchObject({ route_response_key: '$default', route_id: expect.stringContaining('aws_apigatewayv2_route') });
    const [stage] = resources(json, 'aws_apigatewayv2_stage');
    expect(stage.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_apigatewayv2_route\..*watch/), expect.stringMatching(/^aws_apigatewayv2_route_response\./)]));
    const permission = resources(json, 'aws_lambda_permission').find((p) => String(p.source_arn).endsWith('/live/watch'));
    expect(permission).toMatchObject({ principal: 'apigateway.amazonaws.com', function_name: expect.stringContaining('ws-watch') });
  });

  it('lets API Gateway invoke ws-connect for $connect and $disconnect only, not from any other route of the stage', () => {
    const sources = resources(json, 'aws_lambda_permission')
      .filter((p) => String(p.function_name).includes('ws-connect'))
      .map((p) => String(p.source_arn).replace(/^.*\/live\//, ''));
    expect(sources.sort()).toEqual(['$connect', '$disconnect']);
  });

  it('spawn and ws-watch use the environment’s play area and cell resolution', () => {
    const env = (fn: string) => (resources(json, 'aws_lambda_function').find((f) => f.function_name === `${prefix}-${fn}`)?.environment as { variables: Record<string, string> }).variables;
    expect(env('spawn')).toMatchObject({ PLAY_AREA: '48.815,2.25,48.902,2.42', CELL_RESOLUTION: '8' });
    expect(env('ws-watch')).toMatchObject({ CELL_RESOLUTION: '8' });
  });

  it('publishes every catalog event to the schema registry as JSONSchemaDraft4', () => {
    const schemas = resources(json, 'aws_schemas_schema');
    expect(schemas.map((s) => s.name).sort()).toEqual(catalogEntries.map((e) => `${e.source}@${e.detailType}`).sort());
    expect(schemas.map((s) => s.name)).toEqual(
      expect.arrayContaining([
        'cart.api@cart.checked_out',
        'cart.api@cart.item_added',
        'cart.reminder-service@cart.reminder_due',
        'fakemon.attempt-to-capture-api@fakemon.capture_attempt',
        'fakemon.capture-service@fakemon.capture_failed',
        'fakemon.capture-service@fakemon.capture_succeeded',
        'fakemon.capture-service@fakemon.fled',
        'fakemon.world@fakemon.spawned',
      ]),
    );
    for (const schema of schemas) expect(schema.type).toBe('JSONSchemaDraft4');
  });
});
