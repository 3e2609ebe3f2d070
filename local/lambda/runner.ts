import { Worker } from 'node:worker_threads';
import { randomBytes } from 'node:crypto';
import type { LocalFunctionConfig } from '../aws/model';
import type { PackageCache } from './package';
import { WORKER_SOURCE } from './worker-source';

/** The error payload Lambda returns for a failed invocation. */
export interface FunctionErrorPayload {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace?: string[];
}

export type RawOutcome = { readonly ok: true; readonly payload: string } | { readonly ok: false; readonly error: FunctionErrorPayload };

export type InvocationOutcome = RawOutcome & { readonly logs: string[]; readonly durationMs: number };

export interface RunnerEnvironment {
  readonly endpoint: () => string;
  readonly region: string;
  readonly accountId: string;
  /** Local clock offset from real time, given to handlers so Date.now() agrees with the emulators. */
  readonly clockOffsetMs: () => number;
  readonly shareClock: boolean;
  readonly packages: PackageCache;
  readonly log: (functionName: string, line: string) => void;
  /** Where Lambda's own START/END/REPORT lines go (they are always in the invocation's tail). @default {@link log} */
  readonly platformLog?: (functionName: string, line: string) => void;
  /** Most warm workers kept per function. @default 16 */
  readonly maxWorkers?: number;
  /** The credentials of the function's execution role session. @default "local" keys (the account's administrator) */
  readonly credentials?: (config: LocalFunctionConfig) => { accessKeyId: string; secretAccessKey: string; sessionToken: string } | undefined;
}

interface WorkerSlot {
  readonly worker: Worker;
  readonly packageStamp: string;
  busy: boolean;
  dead: boolean;
  /** Most memory the worker reported using after an invocation, in MB. */
  peakMemoryMb: number;
  /** Receives the console lines of the invocation in progress. */
  onLog?: (line: string) => void;
  onMessage?: (message: WorkerMessage) => void;
  onExit?: (code: number) => void;
}

type WorkerMessage =
  | { type: 'ready' }
  | { type: 'initError'; error: FunctionErrorPayload }
  | { type: 'log'; requestId?: string; line: string }
  | { type: 'result'; requestId: string; ok: boolean; payload?: string; error?: FunctionErrorPayload; fatal?: boolean; memoryUsedMb?: number };

const INIT_TIMEOUT_MS = 10_000;

/**
 * Runs one function: a pool of warm `worker_threads` workers (one per concurrent invocation, reused
 * like Lambda execution environments), each with its own module instance and environment.
 */
export class FunctionRunner {
  private readonly idle: WorkerSlot[] = [];
  private readonly all = new Set<WorkerSlot>();
  private readonly waiting: Array<() => void> = [];
  private inFlightCount = 0;
  private stopped = false;

  constructor(
    public config: LocalFunctionConfig,
    private readonly env: RunnerEnvironment,
  ) {}

  /** Invocations running or waiting for a worker. */
  get inFlight(): number {
    return this.inFlightCount;
  }

  get warmWorkers(): number {
    return this.idle.length;
  }

  async invoke(payload: string, requestId: string, options: { clientContext?: string } = {}): Promise<InvocationOutcome> {
    this.inFlightCount += 1;
    const started = Date.now();
    const logs: string[] = [];
    const log = (line: string): void => {
      logs.push(line);
      this.env.log(this.config.name, line);
    };
    const platformLog = (line: string): void => {
      logs.push(line);
      (this.env.platformLog ?? this.env.log)(this.config.name, line);
    };
    let acquired = false;
    try {
      const pkg = await this.env.packages.get(this.config.name, this.config.zipPath);
      await this.acquireCapacity();
      acquired = true;
      const slot = await this.takeWorker(pkg.dir, pkg.stamp, log);
      if ('error' in slot) return { ok: false, error: slot.error, logs, durationMs: Date.now() - started };
      platformLog(`START RequestId: ${requestId} Version: $LATEST`);
      const outcome = await this.run(slot, payload, requestId, options.clientContext, log);
      const durationMs = Date.now() - started;
      platformLog(`END RequestId: ${requestId}`);
      // Memory size is not enforced locally (workers share one process), so the figure is capped at it.
      const maxMemoryUsedMb = Math.min(this.config.memoryMb, Math.max(1, slot.peakMemoryMb));
      platformLog(
        `REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${Math.max(1, Math.ceil(durationMs))} ms\t` +
          `Memory Size: ${this.config.memoryMb} MB\tMax Memory Used: ${maxMemoryUsedMb} MB`,
      );
      return { ...outcome, logs, durationMs };
    } catch (error) {
      const e = error as Error;
      return {
        ok: false,
        error: { errorType: 'Runtime.ImportModuleError', errorMessage: e.message, trace: e.stack?.split('\n') ?? [] },
        logs,
        durationMs: Date.now() - started,
      };
    } finally {
      this.inFlightCount -= 1;
      if (acquired) this.releaseCapacity();
    }
  }

  /** Terminates every worker (running invocations fail). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const resolve of this.waiting.splice(0)) resolve();
    await Promise.all([...this.all].map((slot) => this.kill(slot)));
  }

  /** Drops idle workers (e.g. after the environment changed); busy ones end after their invocation. */
  async recycle(): Promise<void> {
    const idle = this.idle.splice(0);
    await Promise.all(idle.map((slot) => this.kill(slot)));
  }

  private busyWorkers = 0;

  private acquireCapacity(): Promise<void> {
    const max = this.env.maxWorkers ?? 16;
    if (this.busyWorkers < max || this.stopped) {
      this.busyWorkers += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.waiting.push(() => {
        this.busyWorkers += 1;
        resolve();
      });
    });
  }

  private releaseCapacity(): void {
    this.busyWorkers = Math.max(0, this.busyWorkers - 1);
    const next = this.waiting.shift();
    if (next) next();
  }

  private async takeWorker(taskRoot: string, stamp: string, log: (line: string) => void): Promise<WorkerSlot | { error: FunctionErrorPayload }> {
    if (this.stopped) return { error: { errorType: 'Runtime.ExitError', errorMessage: 'The local Lambda runtime is stopping.' } };
    while (this.idle.length > 0) {
      const slot = this.idle.pop() as WorkerSlot;
      if (!slot.dead && slot.packageStamp === stamp) {
        slot.busy = true;
        slot.onLog = log;
        return slot;
      }
      void this.kill(slot);
    }
    return this.spawn(taskRoot, stamp, log);
  }

  private spawn(taskRoot: string, stamp: string, log: (line: string) => void): Promise<WorkerSlot | { error: FunctionErrorPayload }> {
    const config = this.config;
    const credentials = this.env.credentials?.(config);
    const logStreamName = `${new Date().toISOString().slice(0, 10).replace(/-/g, '/')}/[$LATEST]${randomBytes(16).toString('hex')}`;
    const environment: Record<string, string> = {
      PATH: '/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin',
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      // Workers run on this machine's Node.js, not on the function's runtime version: the AWS SDK's warning about
      // the Node.js version would be about the machine, printed once per worker. The runtime names the machine's
      // Node.js once at start-up instead.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...config.environment,
      AWS_REGION: this.env.region,
      AWS_DEFAULT_REGION: this.env.region,
      AWS_ACCESS_KEY_ID: credentials?.accessKeyId ?? 'local',
      AWS_SECRET_ACCESS_KEY: credentials?.secretAccessKey ?? 'local',
      ...(credentials ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
      AWS_ENDPOINT_URL: this.env.endpoint(),
      AWS_LAMBDA_FUNCTION_NAME: config.name,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(config.memoryMb),
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${config.name}`,
      AWS_LAMBDA_LOG_STREAM_NAME: logStreamName,
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_EXECUTION_ENV: `AWS_Lambda_${config.runtime}`,
      AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
      LAMBDA_TASK_ROOT: taskRoot,
      LAMBDA_RUNTIME_DIR: taskRoot,
      _HANDLER: config.handler,
    };
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      env: environment,
      stdout: true,
      stderr: true,
      workerData: {
        taskRoot,
        handler: config.handler,
        functionName: config.name,
        memoryMb: config.memoryMb,
        logStreamName,
        shareClock: this.env.shareClock,
        clockOffsetMs: this.env.clockOffsetMs(),
      },
    });
    const slot: WorkerSlot = { worker, packageStamp: stamp, busy: true, dead: false, peakMemoryMb: 0, onLog: log };
    this.all.add(slot);
    pipeLines(worker.stdout, (line) => this.env.log(config.name, line));
    pipeLines(worker.stderr, (line) => this.env.log(config.name, line));
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'log') {
        if (slot.onLog) slot.onLog(message.line);
        else this.env.log(config.name, message.line);
        return;
      }
      slot.onMessage?.(message);
    });
    worker.on('error', (error) => {
      slot.dead = true;
      slot.onMessage?.({
        type: 'result',
        requestId: '',
        ok: false,
        error: { errorType: error.name || 'Runtime.ExitError', errorMessage: error.message, trace: error.stack?.split('\n') ?? [] },
        fatal: true,
      });
    });
    worker.on('exit', (code) => {
      slot.dead = true;
      this.all.delete(slot);
      const index = this.idle.indexOf(slot);
      if (index >= 0) this.idle.splice(index, 1);
      slot.onExit?.(code);
    });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        cleanup();
        void this.kill(slot);
        resolve({ error: { errorType: 'Sandbox.Timedout', errorMessage: `INIT timed out after ${INIT_TIMEOUT_MS / 1000} seconds` } });
      }, INIT_TIMEOUT_MS);
      const cleanup = (): void => {
        clearTimeout(timer);
        slot.onMessage = undefined;
        slot.onExit = undefined;
      };
      slot.onMessage = (message) => {
        if (message.type === 'ready') {
          cleanup();
          resolve(slot);
        } else if (message.type === 'initError') {
          cleanup();
          log(`${new Date().toISOString()}\tundefined\tERROR\tUncaught Exception \t${JSON.stringify(message.error)}`);
          void this.kill(slot);
          resolve({ error: message.error });
        } else if (message.type === 'result' && message.fatal) {
          cleanup();
          void this.kill(slot);
          resolve({ error: message.error ?? { errorType: 'Runtime.ExitError', errorMessage: 'worker failed during init' } });
        }
      };
      slot.onExit = (code) => {
        cleanup();
        resolve({ error: { errorType: 'Runtime.ExitError', errorMessage: `RequestId: init Error: Runtime exited with error: exit status ${code}` } });
      };
    });
  }

  private run(
    slot: WorkerSlot,
    payload: string,
    requestId: string,
    clientContext: string | undefined,
    log: (line: string) => void,
  ): Promise<RawOutcome> {
    const timeoutMs = this.config.timeoutSeconds * 1000;
    const deadlineMs = Date.now() + timeoutMs;
    return new Promise((resolve) => {
      let settled = false;
      const settle = (outcome: RawOutcome, reusable: boolean): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        slot.onLog = undefined;
        slot.onMessage = undefined;
        slot.onExit = undefined;
        slot.busy = false;
        if (reusable && !slot.dead && !this.stopped) this.idle.push(slot);
        else void this.kill(slot);
        resolve(outcome);
      };
      const timer = setTimeout(() => {
        log(`${new Date().toISOString()} ${requestId} Task timed out after ${this.config.timeoutSeconds.toFixed(2)} seconds`);
        settle(
          {
            ok: false,
            error: {
              errorType: 'Sandbox.Timedout',
              errorMessage: `RequestId: ${requestId} Error: Task timed out after ${this.config.timeoutSeconds.toFixed(2)} seconds`,
            },
          },
          false,
        );
      }, timeoutMs);
      slot.onMessage = (message) => {
        if (message.type !== 'result') return;
        if (message.requestId && message.requestId !== requestId) return;
        slot.peakMemoryMb = Math.max(slot.peakMemoryMb, message.memoryUsedMb ?? 0);
        if (message.ok) settle({ ok: true, payload: message.payload ?? 'null' }, !message.fatal);
        else settle({ ok: false, error: message.error ?? { errorType: 'Runtime.Unknown', errorMessage: 'unknown error' } }, !message.fatal);
      };
      slot.onExit = (code) => {
        settle(
          { ok: false, error: { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: exit status ${code}` } },
          false,
        );
      };
      slot.worker.postMessage({
        type: 'invoke',
        requestId,
        payload,
        deadlineMs,
        clockOffsetMs: this.env.clockOffsetMs(),
        invokedFunctionArn: this.config.arn,
        clientContext: clientContext ? safeJson(clientContext) : undefined,
      });
    });
  }

  private async kill(slot: WorkerSlot): Promise<void> {
    slot.dead = true;
    const index = this.idle.indexOf(slot);
    if (index >= 0) this.idle.splice(index, 1);
    this.all.delete(slot);
    try {
      await slot.worker.terminate();
    } catch {
      // already gone
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
}

function pipeLines(stream: NodeJS.ReadableStream | null | undefined, onLine: (line: string) => void): void {
  if (!stream) return;
  let buffer = '';
  stream.setEncoding?.('utf8');
  stream.on('data', (chunk: string) => {
    buffer += chunk;
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      onLine(buffer.slice(0, newline));
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf('\n');
    }
  });
  stream.on('end', () => {
    if (buffer) onLine(buffer);
    buffer = '';
  });
}
