import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ControllableClock } from '../../../local/clock';
import { LocalStack, startLocalStack } from '../../../local/runtime';

/**
 * What the end-to-end suite talks to: endpoints and AWS client settings only, so the same scenarios run
 * against the local runtime (default) or a deployed stack (`E2E_TARGET=aws`).
 */
export interface E2eTarget {
  readonly kind: 'local' | 'aws';
  readonly stackName: string;
  /** Base URL of the REST API stage. */
  readonly restUrl: string;
  /** WebSocket URL players connect to. */
  readonly webSocketUrl: string;
  /** Settings for AWS SDK v3 clients. */
  readonly client: { region: string; endpoint?: string; credentials?: { accessKeyId: string; secretAccessKey: string } };
  /** Stack outputs (names of the bus, tables, functions, queues…). */
  readonly outputs: Readonly<Record<string, string>>;
  /** Lets time pass: the local clock jumps; on AWS the suite waits. */
  advance(seconds: number): Promise<void>;
  /** Waits until asynchronous work (deliveries, retries, invocations) has settled, as far as the target can tell. */
  settle(): Promise<void>;
  stop(): Promise<void>;
  /** The running local stack, for the few tests that must reach inside it. */
  readonly local?: LocalStack;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function localTarget(env: string): Promise<E2eTarget> {
  const clock = new ControllableClock();
  const stack = await startLocalStack({
    env,
    awsPort: 0,
    restPort: 0,
    webSocketPort: 0,
    clock,
    timeScale: Number(process.env.E2E_TIME_SCALE ?? 0.001),
    functionLogs: process.env.E2E_FUNCTION_LOGS === 'stdout' ? 'stdout' : 'silent',
    log: () => undefined,
  });
  return {
    kind: 'local',
    stackName: stack.stackName,
    restUrl: stack.restUrl,
    webSocketUrl: stack.webSocketUrl,
    client: { region: stack.config.region, endpoint: stack.awsEndpoint, credentials: { accessKeyId: 'e2e', secretAccessKey: 'e2e' } },
    outputs: Object.fromEntries(Object.entries(stack.config.outputs).map(([k, v]) => [k, String(v)])),
    advance: async (seconds) => {
      clock.advance(seconds * 1000);
      await stack.aws.settled();
    },
    settle: () => stack.aws.settled(),
    stop: () => stack.stop(),
    local: stack,
  };
}

function awsTarget(): E2eTarget {
  const file = process.env.E2E_OUTPUTS_FILE;
  const stackName = process.env.E2E_STACK;
  if (!file || !stackName) throw new Error('E2E_TARGET=aws needs E2E_OUTPUTS_FILE (from `cdktf deploy --outputs-file`) and E2E_STACK');
  const all = JSON.parse(readFileSync(path.resolve(file), 'utf8')) as Record<string, Record<string, string>>;
  const outputs = all[stackName];
  if (!outputs) throw new Error(`${file} has no outputs for ${stackName}`);
  return {
    kind: 'aws',
    stackName,
    restUrl: outputs.rest_api_url,
    webSocketUrl: outputs.websocket_url,
    client: { region: outputs.region },
    outputs,
    advance: (seconds) => sleep(seconds * 1000),
    settle: () => sleep(Number(process.env.E2E_SETTLE_MS ?? 5000)),
    stop: async () => undefined,
  };
}

/** The target named by `E2E_TARGET` (`local` by default, environment from `E2E_ENV`, default `dev`). */
export async function e2eTarget(): Promise<E2eTarget> {
  return process.env.E2E_TARGET === 'aws' ? awsTarget() : localTarget(process.env.E2E_ENV ?? 'dev');
}
