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
