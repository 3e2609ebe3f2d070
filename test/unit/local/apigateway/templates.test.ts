import { renderGatewayResponse, substituteGatewayTemplate } from '../../../../local/apigateway/gateway-responses';
import { evaluateJsonPath } from '../../../../local/apigateway/jsonpath';
import { BodyValidator } from '../../../../local/apigateway/validation';
import { renderTemplate, TemplateError, type TemplateParams } from '../../../../local/apigateway/vtl';
import { BAD_REQUEST_BODY_TEMPLATE, DEFAULT_ERROR_TEMPLATE, putEventsResponseTemplate } from '../../../../modules/event-api/mapping-templates';

const noParams: TemplateParams = { path: {}, querystring: {}, header: {} };

function render(template: string, options: { body?: string; params?: Partial<TemplateParams>; context?: Record<string, unknown> } = {}): string {
  return renderTemplate(template, {
    body: options.body ?? '{}',
    params: { ...noParams, ...(options.params ?? {}) },
    context: options.context ?? {},
  });
}

describe('mapping template variables', () => {
  const body = JSON.stringify({ player: 'ash', n: 3, zero: 0, nothing: null, list: [1, 2, 3], things: { a: {}, b: {} }, nested: { deep: { name: 'x' } } });

  it.each([
    [`$input.body`, body],
    [`$input.json('$.player')`, '"ash"'],
    [`$input.json('$.list')`, '[1,2,3]'],
    [`$input.json('$.list[1]')`, '2'],
    [`$input.json('$.list[-1]')`, '3'],
    [`$input.json('$.nested.deep')`, '{"name":"x"}'],
    [`$input.json("$['nested']['deep'].name")`, '"x"'],
    [`$input.json('$..name')`, '["x"]'],
    [`$input.json('$.missing')`, ''],
    [`$input.path('$.player')`, 'ash'],
    [`$input.path('$.list')`, '[1, 2, 3]'],
    [`$input.path('$.nested')`, '{deep={name=x}}'],
    [`$input.path('$.things').size()`, '2'],
    [`$input.path('$.list').size()`, '3'],
    [`$input.path('$.nothing')|$input.path('$.missing')|$missing`, '||'],
    [`#if($input.path('$.n') > 2)big#{else}small#end`, 'big'],
    [`#if($input.path('$.zero'))zero is true#end`, 'zero is true'],
    [`#if($input.path('$.missing'))x#{else}missing is false#end`, 'missing is false'],
    [`#if("")empty string is true#end`, 'empty string is true'],
    [`#if($input.path('$.n') == 3)three#end`, 'three'],
    [`#if($input.path('$.player') == 'ash' && !$input.path('$.missing'))and#end`, 'and'],
    [`#foreach($x in $input.path('$.list'))$x#if($foreach.hasNext),#end#end`, '1,2,3'],
    [`#set($o = $util.parseJson('{"k":[1,{"z":"v"}]}'))$o.k[1].z`, 'v'],
    [`$util.urlEncode('a b')|$util.urlDecode('a+b')|$util.base64Encode('ash')|$util.base64Decode('YXNo')`, 'a+b|a b|YXNo|ash'],
  ])('%s', (template, expected) => {
    expect(render(template, { body })).toBe(expected);
  });

  it('treats an empty payload as {}', () => {
    expect(render(`$input.json('$')`, { body: '' })).toBe('{}');
  });

  it('looks $input.params(name) up in the path, then the query string, then the headers', () => {
    const params = { path: { id: 'from-path' }, querystring: { id: 'from-query', q: 'query' }, header: { id: 'from-header', 'X-Trace': 'h' } };
    expect(render(`$input.params('id')|$input.params('q')|$input.params('x-trace')|$input.params('none')`, { params })).toBe('from-path|query|h|');
    expect(render(`$input.params().path.id|$input.params().querystring.get('q')|$input.params().header.keySet()`, { params })).toBe('from-path|query|[id, X-Trace]');
  });

  it('exposes $context and lets the template override the response status and headers', () => {
    const context: Record<string, unknown> = {
      requestId: 'r-1',
      stage: 'v1',
      identity: { sourceIp: '10.0.0.1' },
      responseOverride: { header: {} },
      requestOverride: { header: {}, path: {}, querystring: {} },
    };
    const out = render(
      `#set($context.responseOverride.status = 418)#set($context.responseOverride.header.Location = "/x/$context.requestId")#set($context.requestOverride.header.Trace = 'abc')$context.stage $context.identity.sourceIp`,
      { context },
    );
    expect(out).toBe('v1 10.0.0.1');
    expect(context.responseOverride).toEqual({ status: 418, header: { Location: '/x/r-1' } });
    expect(context.requestOverride).toEqual({ header: { Trace: 'abc' }, path: {}, querystring: {} });
  });

  it('fails on a payload that is not JSON only when the template reads it as JSON', () => {
    expect(render('$input.body', { body: 'not json' })).toBe('not json');
    expect(() => render(`$input.json('$')`, { body: 'not json' })).toThrow(TemplateError);
  });

  it('renders the stack PutEvents response template for an accepted and a failed entry', () => {
    const template = putEventsResponseTemplate('{"eventId":"$eventId"}');
    const accepted: Record<string, unknown> = { responseOverride: { header: {} } };
    expect(JSON.parse(render(template, { body: '{"FailedEntryCount":0,"Entries":[{"EventId":"e-1"}]}', context: accepted }))).toEqual({ eventId: 'e-1' });
    expect(accepted.responseOverride).toEqual({ header: {} });

    const failed: Record<string, unknown> = { responseOverride: { header: {} } };
    const out = render(template, { body: '{"FailedEntryCount":1,"Entries":[{"ErrorCode":"MalformedDetail","ErrorMessage":"x"}]}', context: failed });
    expect(JSON.parse(out)).toEqual({ message: 'The event was not accepted; try again', errorCode: 'MalformedDetail' });
    expect(failed.responseOverride).toEqual({ header: {}, status: 500 });

    const throttled: Record<string, unknown> = { responseOverride: { header: {} } };
    render(template, { body: '{"FailedEntryCount":1,"Entries":[{"ErrorCode":"ThrottlingException","ErrorMessage":"Rate exceeded"}]}', context: throttled });
    expect(throttled.responseOverride).toEqual({ header: {}, status: 503 });
  });
});

describe('JSONPath', () => {
  const doc = { a: [{ b: 1 }, { b: 2 }], c: { 'd.e': 3 } };
  it.each([
    ['$', doc],
    ['$.a[0].b', 1],
    ['$.a[*].b', [1, 2]],
    ['$..b', [1, 2]],
    ["$.c['d.e']", 3],
    ['$.a[0:1]', [{ b: 1 }]],
    ['$.x.y', undefined],
  ])('%s', (path, expected) => {
    expect(evaluateJsonPath(doc, path)).toEqual(expected);
  });
});

describe('gateway responses', () => {
  const configured = [
    { responseType: 'BAD_REQUEST_BODY', statusCode: '400', responseTemplates: { 'application/json': BAD_REQUEST_BODY_TEMPLATE } },
    { responseType: 'DEFAULT_4XX', responseTemplates: { 'application/json': DEFAULT_ERROR_TEMPLATE } },
    { responseType: 'DEFAULT_5XX', responseTemplates: { 'application/json': DEFAULT_ERROR_TEMPLATE } },
  ];

  it('substitutes $context.error.messageString as a quoted string', () => {
    const response = renderGatewayResponse(configured, { responseType: 'MISSING_AUTHENTICATION_TOKEN' }, {});
    expect(response).toEqual({
      statusCode: 403,
      headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'MissingAuthenticationTokenException' },
      body: '{"message":"Missing Authentication Token"}',
    });
  });

  // Gateway response templates are plain substitution, not Velocity: nothing is escaped
  // (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-gateway-responses.responseTemplates.html).
  it('substitutes the validation error string raw, as AWS does: inside a JSON string it breaks the JSON', () => {
    const errors = '[object has missing required properties (["fakemon"]), string "a\\b" is too long]';
    const naive = [{ responseType: 'BAD_REQUEST_BODY', statusCode: '400', responseTemplates: { 'application/json': '{"errors":"$context.error.validationErrorString"}' } }];
    const response = renderGatewayResponse(naive, { responseType: 'BAD_REQUEST_BODY', validationErrorString: errors }, {});
    expect(response.body).toBe(`{"errors":"${errors}"}`);
    expect(() => JSON.parse(response.body)).toThrow(SyntaxError);
  });

  it("the stack's BAD_REQUEST_BODY template stays valid JSON whatever the validation errors hold", () => {
    const errors = '[object has missing required properties (["fakemon"]), string "a\\b" is too long]';
    const response = renderGatewayResponse(configured, { responseType: 'BAD_REQUEST_BODY', validationErrorString: errors }, { requestId: 'r-1' });
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toEqual({ message: 'Invalid request body', requestId: 'r-1' });
  });

  it('falls back to DEFAULT_5XX with the type status, then to the built-in message', () => {
    expect(renderGatewayResponse(configured, { responseType: 'INTEGRATION_TIMEOUT' }, {})).toMatchObject({ statusCode: 504, body: '{"message":"Endpoint request timed out"}' });
    expect(renderGatewayResponse([], { responseType: 'THROTTLED' }, {})).toMatchObject({ statusCode: 429, body: '{"message":"Too Many Requests"}' });
  });

  it('is not Velocity: only $context references are substituted', () => {
    expect(substituteGatewayTemplate('#if(true){"id":"$context.requestId","ip":"${context.identity.sourceIp}","x":"$context.nope"}#end', { requestId: 'r', identity: { sourceIp: '1.2.3.4' } })).toBe(
      '#if(true){"id":"r","ip":"1.2.3.4","x":""}#end',
    );
  });
});

describe('request body validation messages', () => {
  const validator = new BodyValidator();
  const schema = {
    $schema: 'http://json-schema.org/draft-04/schema#',
    type: 'object',
    properties: {
      id: { type: 'string', pattern: '^[a-z]+$' },
      n: { type: 'integer', minimum: 1, maximum: 10, exclusiveMaximum: true },
      kind: { enum: ['a', 'b'] },
      tags: { type: 'array', minItems: 1, uniqueItems: true },
    },
    required: ['id', 'n'],
  };

  it.each([
    [{ id: 'ABC', n: 1 }, ['ECMA 262 regex "^[a-z]+$" does not match input string "ABC"']],
    [{ id: 'a', n: 0 }, ['numeric instance is lower than the required minimum (minimum: 1, found: 0)']],
    [{ id: 'a', n: 10 }, ['numeric instance is not strictly lower than the required maximum 10']],
    [{ id: 'a', n: 1, kind: 'c' }, ['instance value ("c") not found in enum (possible values: ["a","b"])']],
    [{ id: 'a', n: 1, tags: [] }, ['array is too short: must have at least 1 elements but instance has 0 elements']],
    [{ id: 'a', n: 1, tags: [1, 1] }, ['array must not contain duplicate elements']],
    [{}, ['object has missing required properties (["id","n"])']],
  ])('%j', (body, expected) => {
    const result = validator.validate(schema, JSON.stringify(body));
    expect(result).toEqual({ valid: false, errors: expected });
  });

  it('accepts a valid body', () => {
    expect(validator.validate(schema, '{"id":"a","n":9}')).toEqual({ valid: true, value: { id: 'a', n: 9 } });
  });
});
