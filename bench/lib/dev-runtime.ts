/**
 * The dev stack on the local runtime as every runtime stage starts it: from the run's synthesized stack (no build,
 * no synth), on free ports, function logs silent, log-group files in the run's temporary directory.
 */
import * as path from 'node:path';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../local/runtime';
import type { BenchContext } from './context';

/** Any keys do: the local endpoint finds no session for them and treats them as the account's caller. */
export const BENCH_CREDENTIALS = { accessKeyId: 'bench', secretAccessKey: 'bench' };

/** Starts the dev stack for a stage; `logs` names its log directory under the run's temporary directory. */
export async function startDevRuntime(ctx: BenchContext, logs: string, options: Partial<LocalStackOptions> = {}): Promise<LocalStack> {
  const prepared = await ctx.devStack();
  return startLocalStack({
    env: 'dev',
    outdir: prepared.outdir,
    build: false,
    synth: false,
    awsPort: 0,
    restPort: 0,
    webSocketPort: 0,
    functionLogs: 'silent',
    logsDir: path.join(ctx.tmpDir, logs),
    log: () => undefined,
    ...options,
  });
}

/** SDK client settings for the runtime's AWS endpoint. */
export const clientConfigOf = (stack: LocalStack) => ({ region: stack.config.region, endpoint: stack.awsEndpoint, credentials: BENCH_CREDENTIALS });

/** What the game stages address on the runtime, from the stack's outputs and its capture function's environment. */
export interface GameResources {
  readonly spawnFunction: string;
  readonly busName: string;
  readonly worldTable: string;
  readonly attemptsTable: string;
}

export function gameResourcesOf(stack: LocalStack): GameResources {
  const outputs = stack.config.outputs as Record<string, unknown>;
  const capture = stack.config.functions.find((f) => f.environment.ATTEMPTS_TABLE !== undefined && f.environment.WORLD_TABLE !== undefined);
  if (!capture) throw new Error('the dev stack has no capture function (no function with WORLD_TABLE and ATTEMPTS_TABLE)');
  return {
    spawnFunction: String(outputs.spawn_function_name),
    busName: String(outputs.event_bus_name),
    worldTable: String(capture.environment.WORLD_TABLE),
    attemptsTable: String(capture.environment.ATTEMPTS_TABLE),
  };
}
