import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { LocalAws, LocalFunctionConfig } from '../../../local/aws';
import { arn, clientConfig, startTestAws, writeZip } from './support';

/** Logs a line, builds an SDK client (where the SDK checks the Node.js version) and allocates a little. */
const HANDLER = `import { SQSClient } from '@aws-sdk/client-sqs';
export const handler = async () => {
  console.log('hello from the handler');
  new SQSClient({}).destroy();
  const chunk = new Array(200000).fill('x').join('');
  return { warningDisabled: process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ?? null, size: chunk.length };
};`;

const fn = (zipPath: string): LocalFunctionConfig => ({
  name: 'talker',
  arn: arn('lambda', 'function:talker'),
  zipPath,
  handler: 'index.handler',
  runtime: 'nodejs22.x',
  environment: {},
  timeoutSeconds: 10,
  memoryMb: 128,
});

describe('what functions print on the runtime’s output', () => {
  const printed: Array<{ platformLines: boolean; lines: string[] }> = [];
  const stacks: LocalAws[] = [];
  const clients: LambdaClient[] = [];

  beforeAll(async () => {
    const zip = await writeZip({ 'index.mjs': HANDLER });
    for (const platformLines of [false, true]) {
      const lines: string[] = [];
      const aws = await startTestAws({ functions: [fn(zip)], functionLogs: (_name, line) => lines.push(line), functionPlatformLogLines: platformLines });
      stacks.push(aws);
      clients.push(new LambdaClient(clientConfig(aws.endpoint)));
      printed.push({ platformLines, lines });
    }
  }, 30_000);

  afterAll(async () => {
    clients.forEach((c) => c.destroy());
    await Promise.all(stacks.map((s) => s.stop()));
  });

  const invoke = async (index: number): Promise<{ tail: string; result: { warningDisabled: string | null } }> => {
    const response = await clients[index].send(new InvokeCommand({ FunctionName: 'talker', LogType: 'Tail', Payload: Buffer.from('{}') }));
    return { tail: Buffer.from(response.LogResult ?? '', 'base64').toString('utf8'), result: JSON.parse(Buffer.from(response.Payload ?? []).toString('utf8')) };
  };

  it('prints the handler’s lines without START/END/REPORT unless asked, while the invocation tail keeps them', async () => {
    const { tail } = await invoke(0);
    await invoke(0);
    const quiet = printed[0].lines;
    expect(quiet.filter((l) => l.includes('hello from the handler'))).toHaveLength(2);
    expect(quiet.some((l) => /^(START|END|REPORT) RequestId/.test(l))).toBe(false);
    expect(tail).toMatch(/^START RequestId: \S+ Version: \$LATEST\n[\s\S]*\nEND RequestId: \S+\nREPORT RequestId: /);

    await invoke(1);
    expect(printed[1].lines.filter((l) => /^(START|END|REPORT) RequestId/.test(l))).toHaveLength(3);
  });

  it('reports the worker’s own memory, never more than the function’s memory size', async () => {
    const { tail } = await invoke(1);
    const report = /Memory Size: (\d+) MB\tMax Memory Used: (\d+) MB/.exec(tail);
    expect(report).not.toBeNull();
    const [size, used] = [Number(report?.[1]), Number(report?.[2])];
    expect(size).toBe(128);
    expect(used).toBeGreaterThan(0);
    expect(used).toBeLessThanOrEqual(size);
    // The process-wide RSS (every worker and the emulators) is what the report used to show.
    expect(process.memoryUsage().rss / 1048576).toBeGreaterThan(used);
  });

  it('keeps the AWS SDK’s Node.js-version warning out of function output (workers run on this machine’s Node.js, not the function’s runtime)', async () => {
    const { result } = await invoke(0);
    expect(result.warningDisabled).toBe('true');
    expect(printed.flatMap((p) => p.lines).some((l) => l.includes('NodeVersionSupportWarning'))).toBe(false);
  });
});
