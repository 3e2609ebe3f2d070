import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Options of {@link startRuntimeProcess}. */
export interface RuntimeProcessOptions {
  /** `--data-dir` of the runtime. @default none (in memory) */
  readonly dataDir?: string;
  /** More command-line arguments (ports are always 0). @default [] */
  readonly args?: readonly string[];
  /** How long to wait for "Press Ctrl+C to stop.". @default 60000 */
  readonly readyTimeoutMs?: number;
}

/** The local runtime running as its own operating-system process, as `npm start` runs it. */
export interface RuntimeProcess {
  readonly pid: number;
  readonly restUrl: string;
  readonly awsEndpoint: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** SIGKILL: the process gets no chance to flush or clean up. Resolves once it is gone. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts `local/cli.ts` in a child process on free ports and waits until it is ready. The child is
 * node itself with tsx's loader (`npm start` adds npm and a tsx wrapper process in front of it), so
 * a signal reaches the runtime and nothing else.
 */
export async function startRuntimeProcess(options: RuntimeProcessOptions = {}): Promise<RuntimeProcess> {
  const args = ['--import', 'tsx', 'local/cli.ts', '--aws-port', '0', '--api-port', '0', '--ws-port', '0'];
  if (options.dataDir) args.push('--data-dir', options.dataDir);
  args.push(...(options.args ?? []));
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => (gone = true));

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  while (!output.includes('Press Ctrl+C to stop.')) {
    if (gone || Date.now() > deadline) {
      if (!gone) await killAndWait(child, exited);
      throw new Error(`the runtime did not start${gone ? ` (exit code ${await exited})` : ''}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const restUrl = /REST API\s+(http:\/\/\S+)/.exec(output)?.[1];
  const awsEndpoint = /AWS \([^)]*\)\s+(http:\/\/\S+)/.exec(output)?.[1];
  if (!restUrl || !awsEndpoint) {
    await killAndWait(child, exited);
    throw new Error(`no endpoints in the runtime's output:\n${output}`);
  }
  return {
    pid: child.pid as number,
    restUrl,
    awsEndpoint,
    output: () => output,
    kill9: () => killAndWait(child, exited),
    stop: async () => {
      if (!gone) child.kill('SIGTERM');
      return exited;
    },
  };
}

async function killAndWait(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await exited;
}
