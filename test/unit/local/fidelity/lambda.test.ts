/**
 * The Lambda API edge against AWS, with the real Lambda client. Each case cites its source above it
 * (./support.ts lists the RECORDED files).
 */
import {
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  InvokeCommand,
  LambdaClient,
  PutFunctionConcurrencyCommand,
} from '@aws-sdk/client-lambda';
import type { LocalAws } from '../../../../local/aws';
import { arn, clientConfig, startTestAws, writeZip } from '../support';
import { failure } from './support';

// The constraints are those of https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html (FunctionName: 1-170 characters and this
// pattern; Qualifier: 1-128 characters); the pattern text is the one AWS prints (RECORDED.lambdaApi test_function_name_and_qualifier_validation).
const NAME_PATTERN =
  '(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?';
const QUALIFIER = '\\$(LATEST(\\.PUBLISHED)?)|[a-zA-Z0-9-_$]+';
const nameViolation = (value: string) => `Value '${value}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${NAME_PATTERN}`;

let aws: LocalAws;
let lambda: LambdaClient;

beforeAll(async () => {
  const zipPath = await writeZip({ 'index.mjs': 'export const handler = async (event) => ({ got: event });' });
  aws = await startTestAws({
    functions: [{ name: 'echo', arn: arn('lambda', 'function:echo'), zipPath, handler: 'index.handler', runtime: 'nodejs20.x', environment: {}, timeoutSeconds: 3, memoryMb: 128 }],
  });
  lambda = new LambdaClient(clientConfig(aws.endpoint));
}, 30_000);
afterAll(async () => {
  lambda.destroy();
  await aws.stop();
});

const invoke = (input: ConstructorParameters<typeof InvokeCommand>[0]) => failure(lambda.send(new InvokeCommand(input)));

describe('FunctionName and Qualifier are validated with 400 errors, not 404', () => {
  // RECORDED.lambdaApi test_function_name_and_qualifier_validation[*-invoke]: ValidationException, one violation each.
  it.each([
    ['invalid characters in the name', 'my-function!'],
    ['a lone "*"', '*'],
    ['an invalid account in a partial ARN', 'invalid-account:function:my-function'],
    ['an invalid region in an ARN', 'arn:aws:lambda:invalid-region:000000000000:function:my-function'],
    ['an ARN of another service', 'arn:aws:ec2:us-east-1:000000000000:instance:i-1234567890abcdef0'],
    ['an ARN with two qualifiers', 'arn:aws:lambda:us-east-1:000000000000:function:my-function:1:2'],
    ['a partial ARN with an extra part', 'function:my-function:$LATEST:extra'],
    ['an ARN without a region', 'arn:aws:lambda::000000000000:function:my-function'],
    ['an ARN without an account', 'arn:aws:lambda:us-east-1::function:my-function'],
    ['a misspelt $LATEST', 'arn:aws:lambda:us-east-1:000000000000:function:my-function:$LATES'],
  ])('refuses %s', async (_label, functionName) => {
    const error = await invoke({ FunctionName: functionName });
    expect(error).toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    expect(error.message).toBe(`1 validation error detected: ${nameViolation(functionName)}`);
  });

  // Same recording: qualifier_too_long-invoke and invalid_characters_in_qualifier-invoke.
  it.each([
    ['invalid characters', 'invalid!', `Member must satisfy regular expression pattern: ${QUALIFIER}`],
    ['129 characters', 'a'.repeat(129), 'Member must have length less than or equal to 128'],
  ])('refuses a qualifier with %s', async (_label, qualifier, constraint) => {
    const error = await invoke({ FunctionName: 'my-function', Qualifier: qualifier });
    expect(error).toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    expect(error.message).toBe(`1 validation error detected: Value '${qualifier}' at 'qualifier' failed to satisfy constraint: ${constraint}`);
  });

  // Same recording: full_arn_and_qualifier_too_long_and_invalid_region-invoke reports both violations.
  it('reports every violation of one request', async () => {
    const functionName = 'arn:aws:lambda:invalid-region:000000000000:function:f';
    const error = await invoke({ FunctionName: functionName, Qualifier: 'a'.repeat(129) });
    expect(error.message).toBe(
      `2 validation errors detected: ${nameViolation(functionName)}; Value '${'a'.repeat(129)}' at 'qualifier' failed to satisfy constraint: Member must have length less than or equal to 128`,
    );
  });

  // Same recording: latest_version_with_additional_qualifier-invoke.
  it('refuses a Qualifier that contradicts the qualifier in the name', async () => {
    const error = await invoke({ FunctionName: arn('lambda', 'function:echo:$LATEST'), Qualifier: '1' });
    expect(error).toMatchObject({
      name: 'InvalidParameterValueException',
      message: 'The derived qualifier from the function name does not match the specified qualifier.',
      $metadata: { httpStatusCode: 400 },
    });
  });

  // Same recording for GetFunction (get_function cases): the same validation.
  it('validates GetFunction the same way', async () => {
    const error = await failure(lambda.send(new GetFunctionCommand({ FunctionName: 'my-function!' })));
    expect(error).toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
  });
});

describe('functions that are not there', () => {
  // RECORDED.lambda test_invoke_exceptions (recorded 24-11-2025): "Function not found: arn:…:function:doesnotexist:$LATEST".
  it('Invoke names the $LATEST version it did not find', async () => {
    const error = await invoke({ FunctionName: 'doesnotexist' });
    expect(error).toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
    expect(error.message).toBe(`Function not found: ${arn('lambda', 'function:doesnotexist')}:$LATEST`);
  });

  // RECORDED.lambdaApi test_ops_on_nonexisting_fn[get_function] and [get_function_concurrency]: no ":$LATEST".
  it('GetFunction and GetFunctionConcurrency name the unqualified function', async () => {
    const expected = `Function not found: ${arn('lambda', 'function:doesnotexist')}`;
    expect((await failure(lambda.send(new GetFunctionCommand({ FunctionName: 'doesnotexist' })))).message).toBe(expected);
    expect((await failure(lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: 'doesnotexist' })))).message).toBe(expected);
  });

  // RECORDED.lambdaApi test_function_concurrency_exceptions: put_function_concurrency_with_function_name_doesnotexist and _with_qualified_arn.
  it('PutFunctionConcurrency names $LATEST and refuses a qualified ARN', async () => {
    const missing = await failure(lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'doesnotexist', ReservedConcurrentExecutions: 1 })));
    expect(missing.message).toBe(`Function not found: ${arn('lambda', 'function:doesnotexist')}:$LATEST`);
    const qualified = await failure(lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: arn('lambda', 'function:echo:$LATEST'), ReservedConcurrentExecutions: 1 })));
    expect(qualified).toMatchObject({
      name: 'InvalidParameterValueException',
      message:
        'This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.',
    });
  });

  // RECORDED.lambdaApi test_function_name_and_qualifier_validation[function_name_too_long-invoke]: a 65-character name passes validation and
  // is not found (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html: a bare name "is limited to 64 characters in length").
  it('a 65-character name is not found rather than invalid', async () => {
    const name = 'a'.repeat(65);
    expect((await invoke({ FunctionName: name })).message).toBe(`Function not found: ${arn('lambda', `function:${name}`)}:$LATEST`);
  });

  // Same recording: lowercase_latest_qualifier-invoke and incomplete_arn-invoke.
  it.each([
    ['a lowercase $latest qualifier', { FunctionName: arn('lambda', 'function:echo'), Qualifier: '$latest' }, `${arn('lambda', 'function:echo')}:$latest`],
    ['an ARN ending in "function"', { FunctionName: arn('lambda', 'function') }, `${arn('lambda', 'function:function')}:$LATEST`],
  ])('%s is not found', async (_label, input, missing) => {
    const error = await invoke(input);
    expect(error).toMatchObject({ name: 'ResourceNotFoundException', message: `Function not found: ${missing}` });
  });

  // RECORDED.lambdaApi test_get_function_wrong_region[invoke] and test_function_arns (function_arn_other_region_exc).
  it('refuses the ARN of a function in another region', async () => {
    const error = await invoke({ FunctionName: 'arn:aws:lambda:ap-southeast-1:000000000000:function:echo' });
    expect(error).toMatchObject({
      name: 'ResourceNotFoundException',
      message: "Functions from 'ap-southeast-1' are not reachable in this region ('us-east-1')",
      $metadata: { httpStatusCode: 404 },
    });
  });

  // The docs are silent on another account's ARN (AWS answers AccessDeniedException without permission); locally no other account exists, so
  // the function is not found rather than the local one of the same name being invoked.
  it('does not invoke a local function for another account', async () => {
    expect((await invoke({ FunctionName: 'arn:aws:lambda:us-east-1:999999999999:function:echo' })).name).toBe('ResourceNotFoundException');
  });
});

describe('payloads', () => {
  // https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html — InvalidRequestContentException, 400; the wording is Jackson's, as in
  // RECORDED.lambda test_lambda_invoke_payload_encoding_error ("Could not parse request body into json: Could not parse payload into json: …
  // at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: N]").
  it('refuses a payload that is not JSON with the parser message AWS sends', async () => {
    const error = await invoke({ FunctionName: 'echo', Payload: Buffer.from('{"a": tru}') });
    expect(error).toMatchObject({ name: 'InvalidRequestContentException', $metadata: { httpStatusCode: 400 } });
    expect(error.message).toBe(
      "Could not parse request body into json: Could not parse payload into json: Unrecognized token 'tru': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 10]",
    );
  });

  // https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html — "For synchronous invocations, the maximum payload size is 6 MB"; the
  // error text is the one AWS answers (e.g. github.com/pelmers/streetwarp-web/issues/14: "RequestEntityTooLargeException: Request must be
  // smaller than 6291456 bytes for the InvokeFunction operation").
  it('refuses a synchronous payload over 6 MB', async () => {
    const payload = Buffer.from(JSON.stringify({ data: 'x'.repeat(6_291_456) }));
    const error = await invoke({ FunctionName: 'echo', Payload: payload });
    expect(error).toMatchObject({ message: 'Request must be smaller than 6291456 bytes for the InvokeFunction operation', $metadata: { httpStatusCode: 413 } });
  });

  // Same page: "For asynchronous invocations, the maximum payload size is 1 MB"; the text follows AWS's Event-invocation error
  // ("<n> byte payload is too large for the Event invocation type (limit <limit> bytes)", e.g. github.com/faultline/faultline/issues/12).
  it('refuses an asynchronous payload over 1 MB', async () => {
    const payload = Buffer.from(JSON.stringify({ data: 'x'.repeat(1_048_576) }));
    const error = await invoke({ FunctionName: 'echo', InvocationType: 'Event', Payload: payload });
    expect(error).toMatchObject({
      message: `${payload.length} byte payload is too large for the Event invocation type (limit 1048576 bytes)`,
      $metadata: { httpStatusCode: 413 },
    });
  });

  // Same page: the payload limits leave room for ordinary events.
  it('invokes with a payload just under the asynchronous limit', async () => {
    const result = await lambda.send(new InvokeCommand({ FunctionName: 'echo', InvocationType: 'Event', Payload: Buffer.from(JSON.stringify({ data: 'x'.repeat(1_000_000) })) }));
    expect(result.StatusCode).toBe(202);
    await aws.settled();
  });
});

