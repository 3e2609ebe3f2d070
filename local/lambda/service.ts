import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import { jacksonLocation, jacksonSyntaxError } from '../aws/jackson-errors';
import type { LocalAccount, LocalFunctionConfig } from '../aws/model';
import { MemoryJournal, type WorkJournal } from '../journal';
import { AsyncInvocationQueue, type AsyncInvocationRecord, type DestinationRecord } from './async-queue';
import type { ObservationStream } from '../observe';
import { observedLogLines, observedText } from '../observe/stream';
import { lambdaErrors } from './errors';
import { functionReferenceOf, type FunctionReference } from './function-ref';
import { PackageCache } from './package';
import { FunctionRunner, type FunctionErrorPayload, type InvocationOutcome, type RunnerEnvironment } from './runner';

/** Where function console output goes. */
export type FunctionLogOption = 'stdout' | 'silent' | { readonly dir: string } | ((functionName: string, line: string) => void);

export interface LambdaServiceOptions {
  readonly account: LocalAccount;
  readonly clock: Clock;
  /** Multiplies Lambda's asynchronous retry delays (1 and 2 minutes). @default 1 */
  readonly timeScale?: number;
  /** The local AWS endpoint handlers get as AWS_ENDPOINT_URL. */
  readonly endpoint: () => string;
  /** Sends a destination record to an on-success/on-failure destination ARN. */
  readonly sendToDestination?: (arn: string, record: DestinationRecord) => Promise<void>;
  /** @default "stdout" (each line prefixed with the function name) */
  readonly functionLogs?: FunctionLogOption;
  /** Where Lambda's START/END/REPORT lines go (invocation tails always have them). @default {@link functionLogs} */
  readonly platformLogs?: FunctionLogOption;
  /** Give handlers the local clock (Date.now() follows `/_local/clock/advance`). @default true */
  readonly shareClock?: boolean;
  /** Extraction directory for packages. @default a temporary directory removed on stop */
  readonly packageDir?: string;
  /**
   * node_modules made visible to packages without their own (the Node.js runtime provides the AWS
   * SDK v3). @default the node_modules that holds this project's @aws-sdk packages
   */
  readonly runtimeNodeModules?: string | false;
  /** Most concurrently running workers per function (beyond it invocations wait). @default 16 */
  readonly maxWorkersPerFunction?: number;
  /** Credentials of each function's execution role session (IAM). @default "local" keys */
  readonly credentialsFor?: RunnerEnvironment['credentials'];
  /** Keeps asynchronous invocations from their 202 until they are done. @default in memory */
  readonly journal?: WorkJournal;
  /** Where invocations are reported as they start and end (the console). @default nowhere */
  readonly observe?: ObservationStream;
}

export interface InvokeResult {
  readonly requestId: string;
  readonly statusCode: number;
  /** JSON text of the function's result, or of the error payload. */
  readonly payload: string;
  readonly functionError?: 'Unhandled';
  readonly logs: string[];
}

export interface LambdaCounters {
  invocations: number;
  errors: number;
  throttles: number;
  timeouts: number;
  asyncAccepted: number;
  asyncRetries: number;
  asyncDropped: number;
  destinationDeliveries: number;
  destinationFailures: number;
}

/** A function as callers name it: a name or (partial) ARN string, or an already validated reference. */
export type FunctionRef = string | FunctionReference;

/**
 * How a not-found error names an unqualified function: Invoke and PutFunctionConcurrency add ":$LATEST",
 * GetFunction and the other reads do not.
 */
export type NotFoundStyle = 'latest' | 'unqualified';

interface FunctionEntry {
  config: LocalFunctionConfig;
  readonly runner: FunctionRunner;
  readonly async: AsyncInvocationQueue;
  lastModified: string;
}

/** The local Lambda service: function registry, synchronous and asynchronous invocation, concurrency. */
export class LambdaService {
  readonly counters: LambdaCounters = {
    invocations: 0,
    errors: 0,
    throttles: 0,
    timeouts: 0,
    asyncAccepted: 0,
    asyncRetries: 0,
    asyncDropped: 0,
    destinationDeliveries: 0,
    destinationFailures: 0,
  };
  /** Destination records of asynchronous events dropped without an on-failure destination. */
  readonly dropped: DestinationRecord[] = [];
  private readonly functions = new Map<string, FunctionEntry>();
  private readonly packages: PackageCache;
  private readonly log: (functionName: string, line: string) => void;
  private readonly platformLog: (functionName: string, line: string) => void;
  private readonly journal: WorkJournal;
  private stopped = false;

  constructor(private readonly options: LambdaServiceOptions, configs: readonly LocalFunctionConfig[] = []) {
    this.journal = options.journal ?? new MemoryJournal();
    this.packages = new PackageCache({
      rootDir: options.packageDir,
      runtimeNodeModules: options.runtimeNodeModules === false ? undefined : options.runtimeNodeModules ?? defaultRuntimeNodeModules(),
    });
    this.log = makeLogSink(options.functionLogs ?? 'stdout');
    this.platformLog = options.platformLogs === undefined ? this.log : makeLogSink(options.platformLogs);
    for (const config of configs) this.addFunction(config);
  }

  addFunction(input: LocalFunctionConfig): void {
    const config = withDefaults(input);
    const existing = this.functions.get(config.name);
    if (existing) {
      existing.config = config;
      existing.runner.config = config;
      existing.lastModified = new Date().toISOString();
      void existing.runner.recycle();
      return;
    }
    const entry: FunctionEntry = {
      config,
      runner: new FunctionRunner(config, {
        endpoint: this.options.endpoint,
        region: this.options.account.region,
        accountId: this.options.account.accountId,
        clockOffsetMs: () => this.options.clock.now().getTime() - Date.now(),
        shareClock: this.options.shareClock ?? true,
        packages: this.packages,
        log: this.log,
        platformLog: this.platformLog,
        maxWorkers: this.options.maxWorkersPerFunction,
        credentials: this.options.credentialsFor,
      }),
      async: undefined as unknown as AsyncInvocationQueue,
      lastModified: new Date().toISOString(),
    };
    (entry as { async: AsyncInvocationQueue }).async = new AsyncInvocationQueue({
      clock: this.options.clock,
      timeScale: this.options.timeScale ?? 1,
      journal: this.journal,
      config: () => entry.config,
      inFlight: () => entry.runner.inFlight,
      invoke: (event) => this.execute(entry, event.payload, event.requestId),
      sendToDestination: (arn, record) => this.sendToDestination(arn, record),
      onRetry: () => {
        this.counters.asyncRetries += 1;
      },
      onDropped: (record) => {
        this.counters.asyncDropped += 1;
        this.dropped.push(record);
      },
      onDestination: () => {
        this.counters.destinationDeliveries += 1;
      },
      onDestinationError: (arn, error) => {
        this.counters.destinationFailures += 1;
        this.log(entry.config.name, `destination ${arn} failed: ${(error as Error)?.message ?? String(error)}`);
      },
    });
    this.functions.set(config.name, entry);
  }

  /** A function by name, full ARN (optionally qualified with $LATEST) or partial ARN. */
  getFunction(ref: FunctionRef): LocalFunctionConfig {
    return this.entry(ref, 'unqualified').config;
  }

  findFunction(ref: string): LocalFunctionConfig | undefined {
    return this.functions.get(functionReferenceOf(ref).name)?.config;
  }

  listFunctions(): LocalFunctionConfig[] {
    return [...this.functions.values()].map((entry) => entry.config).sort((a, b) => a.name.localeCompare(b.name));
  }

  lastModified(ref: FunctionRef): string {
    return this.entry(ref, 'unqualified').lastModified;
  }

  async codeInfo(ref: FunctionRef): Promise<{ sha256: string; size: number } | undefined> {
    const config = this.entry(ref, 'unqualified').config;
    try {
      const pkg = await this.packages.get(config.name, config.zipPath);
      return { sha256: pkg.sha256, size: pkg.size };
    } catch {
      return undefined;
    }
  }

  /** PutFunctionConcurrency. */
  putFunctionConcurrency(ref: FunctionRef, reserved: number): number {
    const reference = typeof ref === 'string' ? functionReferenceOf(ref) : ref;
    if (reference.qualifier !== undefined) {
      throw lambdaErrors.invalidParameter(
        'This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.',
      );
    }
    const entry = this.entry(reference, 'latest');
    if (!Number.isInteger(reserved) || reserved < 0 || reserved > 1000) {
      throw lambdaErrors.invalidParameter(
        `1 validation error detected: Value '${reserved}' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have value between 0 and 1000`,
      );
    }
    entry.config = { ...entry.config, reservedConcurrency: reserved };
    entry.runner.config = entry.config;
    entry.async.pump();
    return reserved;
  }

  getFunctionConcurrency(ref: FunctionRef): number | undefined {
    return this.entry(ref, 'unqualified').config.reservedConcurrency;
  }

  deleteFunctionConcurrency(ref: FunctionRef): void {
    const entry = this.entry(ref, 'unqualified');
    const { reservedConcurrency: _removed, ...rest } = entry.config;
    void _removed;
    entry.config = rest;
    entry.runner.config = entry.config;
    entry.async.pump();
  }

  /** Synchronous (RequestResponse) invocation. Throws ResourceNotFound / TooManyRequests / InvalidRequestContent. */
  async invoke(ref: FunctionRef, payload: string | Buffer = '{}', options: { clientContext?: string } = {}): Promise<InvokeResult> {
    const entry = this.entry(ref, 'latest');
    const text = normalizePayload(payload);
    const reserved = entry.config.reservedConcurrency;
    if (reserved !== undefined && entry.runner.inFlight >= reserved) {
      this.counters.throttles += 1;
      throw lambdaErrors.throttled();
    }
    const requestId = randomUUID();
    const outcome = await this.execute(entry, text, requestId, options.clientContext);
    return toResult(requestId, outcome);
  }

  /**
   * Asynchronous (Event) invocation: queued for the function. A function with reserved concurrency 0
   * throttles (TooManyRequestsException); events otherwise wait in the queue while it is busy.
   */
  invokeAsync(ref: FunctionRef, payload: string | Buffer = '{}'): { requestId: string } {
    const entry = this.entry(ref, 'latest');
    const text = normalizePayload(payload);
    if (entry.config.reservedConcurrency === 0) {
      this.counters.throttles += 1;
      throw lambdaErrors.throttled();
    }
    this.counters.asyncAccepted += 1;
    const event = entry.async.enqueue(text);
    return { requestId: event.requestId };
  }

  /**
   * Takes back the asynchronous invocations an earlier run journaled and did not finish. Those of a
   * function the stack no longer has are discarded (as Lambda discards a deleted function's queue).
   */
  recover(): { resumed: number; discarded: number } {
    let resumed = 0;
    let discarded = 0;
    for (const record of this.journal.pending<AsyncInvocationRecord>('lambda.async')) {
      const entry = this.functions.get(record.body.functionName);
      if (entry) {
        entry.async.restore(record);
        resumed += 1;
      } else {
        this.journal.complete(record.id);
        this.log(record.body.functionName, `asynchronous invocation ${record.body.requestId} discarded: the function no longer exists`);
        discarded += 1;
      }
    }
    return { resumed, discarded };
  }

  /** DryRun: validates that the function exists. */
  dryRun(ref: FunctionRef): void {
    this.entry(ref, 'latest');
  }

  /** Invocations running, queued or waiting for an asynchronous retry. */
  get pending(): number {
    let count = 0;
    for (const entry of this.functions.values()) count += entry.async.pending + entry.runner.inFlight;
    return count;
  }

  /** Resolves once every queued/retrying asynchronous invocation has finished. */
  async settled(): Promise<void> {
    for (;;) {
      const busy = [...this.functions.values()].filter((entry) => entry.async.pending > 0 || entry.runner.inFlight > 0);
      if (busy.length === 0) return;
      await Promise.all(busy.map((entry) => entry.async.whenIdle()));
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const entry of this.functions.values()) entry.async.stop();
    await Promise.all([...this.functions.values()].map((entry) => entry.runner.stop()));
    this.packages.dispose();
  }

  /**
   * The function a caller names. Another region's ARN is refused as Lambda refuses it; another account's, an
   * unknown name and any qualifier but $LATEST (the local runtime has no versions or aliases) are not found.
   */
  private entry(ref: FunctionRef, notFound: NotFoundStyle): FunctionEntry {
    const reference = typeof ref === 'string' ? functionReferenceOf(ref) : ref;
    const { region, accountId } = this.options.account;
    if (reference.region !== undefined && reference.region !== region) throw lambdaErrors.otherRegion(reference.region, region);
    const entry = this.functions.get(reference.name);
    const arn = `arn:aws:lambda:${region}:${reference.accountId ?? accountId}:function:${reference.name}`;
    const qualified = reference.qualifier !== undefined ? `${arn}:${reference.qualifier}` : notFound === 'latest' ? `${arn}:$LATEST` : arn;
    if (!entry || (reference.accountId !== undefined && reference.accountId !== accountId)) throw lambdaErrors.functionNotFound(qualified);
    if (reference.qualifier !== undefined && reference.qualifier !== '$LATEST') throw lambdaErrors.functionNotFound(qualified);
    return entry;
  }

  private async execute(entry: FunctionEntry, payload: string, requestId: string, clientContext?: string): Promise<InvocationOutcome> {
    this.counters.invocations += 1;
    this.options.observe?.publish({ type: 'lambda.started', functionName: entry.config.name, requestId, payload: observedText(payload) });
    const outcome = await entry.runner.invoke(payload, requestId, { clientContext });
    this.options.observe?.publish({
      type: 'lambda.ended',
      functionName: entry.config.name,
      requestId,
      ok: outcome.ok,
      durationMs: outcome.durationMs,
      ...(outcome.ok ? {} : { errorType: outcome.error.errorType, errorMessage: outcome.error.errorMessage }),
      logs: observedLogLines(outcome.logs),
    });
    if (!outcome.ok) {
      this.counters.errors += 1;
      if (outcome.error.errorType === 'Sandbox.Timedout') this.counters.timeouts += 1;
    }
    return outcome;
  }

  private async sendToDestination(arn: string, record: DestinationRecord): Promise<void> {
    if (!this.options.sendToDestination) throw new Error(`no destination handler for ${arn}`);
    await this.options.sendToDestination(arn, record);
  }
}

function withDefaults(config: LocalFunctionConfig): LocalFunctionConfig {
  return {
    ...config,
    timeoutSeconds: config.timeoutSeconds ?? 3,
    memoryMb: config.memoryMb ?? 128,
    environment: config.environment ?? {},
    runtime: config.runtime ?? 'nodejs20.x',
  };
}

function toResult(requestId: string, outcome: InvocationOutcome): InvokeResult {
  if (outcome.ok) return { requestId, statusCode: 200, payload: outcome.payload, logs: outcome.logs };
  const error: FunctionErrorPayload = outcome.error;
  const body: Record<string, unknown> = { errorType: error.errorType, errorMessage: error.errorMessage };
  if (error.trace && error.trace.length > 0) body.trace = error.trace;
  return { requestId, statusCode: 200, payload: JSON.stringify(body), functionError: 'Unhandled', logs: outcome.logs };
}

/** The payload as JSON text ("{}" when empty); text that is not JSON is refused with Jackson's wording, as Lambda does. */
function normalizePayload(payload: string | Buffer): string {
  const raw = typeof payload === 'string' ? payload : payload.toString('utf8');
  const text = raw.trim() || '{}';
  try {
    JSON.parse(text);
  } catch (error) {
    const syntax = jacksonSyntaxError(raw);
    const detail = syntax ? syntax.message + jacksonLocation(undefined, syntax.line, syntax.column) : (error as Error).message;
    throw lambdaErrors.invalidRequestContent(`Could not parse payload into json: ${detail}`);
  }
  return text;
}

/** The function name of "name", "name:qualifier", a partial ARN or a full ARN. */
export function functionNameOf(ref: string): string | undefined {
  return functionReferenceOf(ref).name || undefined;
}

export function makeLogSink(option: FunctionLogOption): (functionName: string, line: string) => void {
  if (typeof option === 'function') return option;
  if (option === 'silent') return () => undefined;
  if (option === 'stdout') return (name, line) => process.stdout.write(`[${name}] ${line}\n`);
  fs.mkdirSync(option.dir, { recursive: true });
  return (name, line) => fs.appendFileSync(path.join(option.dir, `${name}.log`), `${line}\n`);
}

function defaultRuntimeNodeModules(): string | undefined {
  try {
    const clientPackage = require.resolve('@aws-sdk/client-dynamodb/package.json');
    return path.resolve(path.dirname(clientPackage), '..', '..');
  } catch {
    return undefined;
  }
}
