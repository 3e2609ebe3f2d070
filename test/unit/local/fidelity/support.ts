/**
 * Shared pieces of the API-edge fidelity suite. Every case states above it where its expected value comes from:
 *
 * - A URL of the AWS documentation (API reference, developer guide) when the docs state the behaviour.
 * - `RECORDED.<file> <test>` when the docs are silent on the exact value (an error text, a field AWS leaves
 *   out): the response recorded on AWS by LocalStack's parity suite, whose snapshot files keep real AWS
 *   responses, in github.com/localstack/localstack:
 *     RECORDED.sqs            tests/aws/services/sqs/test_sqs.snapshot.json
 *     RECORDED.lambdaApi      tests/aws/services/lambda_/test_lambda_api.snapshot.json
 *     RECORDED.lambda         tests/aws/services/lambda_/test_lambda.snapshot.json
 *     RECORDED.events         tests/aws/services/events/test_events.snapshot.json
 *     RECORDED.eventPatterns  tests/aws/services/events/test_events_patterns.snapshot.json
 *     RECORDED.eventInputs    tests/aws/services/events/test_events_inputs.snapshot.json
 *     RECORDED.archives       tests/aws/services/events/test_archive_and_replay.snapshot.json
 * - Where neither says anything, the case says so and pins the local runtime's choice.
 */

export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** One awsJson request, to see the wire response (status, headers, `__type`) an SDK hides. */
export async function postJson(endpoint: string, target: string, version: '1.0' | '1.1', body: unknown): Promise<RawResponse> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': `application/x-amz-json-${version}`, 'x-amz-target': target, 'x-amzn-query-mode': 'true' },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** One awsQuery request (form-encoded, XML answer). */
export async function postQuery(url: string, params: Record<string, string>): Promise<RawResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ Version: '2012-11-05', ...params }).toString(),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** Captures what a rejected SDK call threw. */
export async function failure(promise: Promise<unknown>): Promise<Record<string, any>> {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, any>;
  }
  throw new Error('the call succeeded; the case expects AWS to refuse it');
}
