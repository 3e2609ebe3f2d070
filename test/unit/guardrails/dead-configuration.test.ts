import { guardedStacks, referencedResource, resourcesOf } from './stacks';

/**
 * Configuration that can never act hides the real failure handling: a function gets an asynchronous-invocation
 * config (and with it a DLQ and that DLQ's alarm) only if something invokes it asynchronously (an EventBridge rule or
 * a schedule); every function that is invoked asynchronously has one, with an on-failure destination; and every queue
 * has a writer.
 */
const stacks = guardedStacks().filter((s) => !s.bootstrap);

describe.each(stacks.map((s) => [s.name, s] as const))('%s', (_name, stack) => {
  const modules = Object.values(stack.json.module ?? {});
  const targetArns = modules.flatMap((m) => [
    ...Object.values((m.targets ?? {}) as Record<string, Array<{ arn: string }>>).flat().map((t) => t.arn),
    ...Object.values((m.schedules ?? {}) as Record<string, { arn: string }>).map((s) => s.arn),
  ]);
  const invokedAsynchronously = new Set(targetArns.map(referencedResource).filter((r): r is string => Boolean(r?.startsWith('aws_lambda_function.'))));
  const configs = resourcesOf(stack.json, 'aws_lambda_function_event_invoke_config');

  it('gives an asynchronous-invocation config exactly to the functions a rule or schedule invokes', () => {
    const configured = new Set(configs.map(([, c]) => referencedResource(c.function_name)));
    const functions = resourcesOf(stack.json, 'aws_lambda_function').map(([n]) => `aws_lambda_function.${n}`);
    expect(functions.filter((f) => configured.has(f) !== invokedAsynchronously.has(f))).toEqual([]);
    expect(invokedAsynchronously.size).toBeGreaterThan(0);
  });

  it('sends what an asynchronously invoked function failed on to a queue', () => {
    expect(configs.filter(([, c]) => !(c.destination_config as { on_failure?: { destination?: string } } | undefined)?.on_failure?.destination).map(([n]) => n)).toEqual([]);
  });

  it('has a writer for every queue: a rule target or DLQ, a failure destination, a redrive, or a function it is handed to', () => {
    const text = JSON.stringify({ module: stack.json.module, invoke: configs, redrive: resourcesOf(stack.json, 'aws_sqs_queue').map(([, q]) => q.redrive_policy), env: resourcesOf(stack.json, 'aws_lambda_function').map(([, f]) => f.environment) });
    const unwritten = resourcesOf(stack.json, 'aws_sqs_queue').map(([n]) => n).filter((n) => !text.includes(`aws_sqs_queue.${n}.`));
    expect(unwritten).toEqual([]);
  });

  it('alarms only on queues of the stack', () => {
    const queues = resourcesOf(stack.json, 'aws_sqs_queue').map(([, q]) => String(q.name));
    const watched = resourcesOf(stack.json, 'aws_cloudwatch_metric_alarm').filter(([, a]) => a.namespace === 'AWS/SQS').map(([, a]) => (a.dimensions as Record<string, string>).QueueName);
    expect(watched.filter((q) => !queues.includes(q))).toEqual([]);
  });
});
