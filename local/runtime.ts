import * as path from 'node:path';
import { buildHandlers } from '../handlers/build';
import { buildApp } from '../modules/app';
import { startRestApi } from './apigateway';
import { LocalAws, startLocalAws } from './aws';
import { ControllableClock } from './clock';
import { CognitoIdStore } from './cognito/ids';
import { choosePort } from './free-port';
import { readSynthesizedStack } from './stack/terraform-json';
import { LocalStackConfig, toLocalStackConfig } from './stack/to-local-config';
import { startWebSocketApi } from './websocket/websocket-server';

/** Options of {@link startLocalStack}. */
export interface LocalStackOptions {
  /** Environment to run. @default "dev" */
  readonly env?: string;
  /** Keep DynamoDB data, queues, archives and schedules here across restarts. @default in memory */
  readonly dataDir?: string;
  /** Loopback address. @default "127.0.0.1" */
  readonly host?: string;
  /** Port of the AWS endpoint (0 = any free port). @default 4566 */
  readonly awsPort?: number;
  /** Port of the REST API. @default 3000 */
  readonly restPort?: number;
  /** Port of the WebSocket API. @default 3001 */
  readonly webSocketPort?: number;
  /** Build stale handler zips first. @default true */
  readonly build?: boolean;
  /** Synthesize first (otherwise read what is in `outdir`). @default true */
  readonly synth?: boolean;
  /** cdktf output directory. @default "<repo>/cdktf.out" */
  readonly outdir?: string;
  /** Multiplies retry back-off delays (tests use small values). @default 1 */
  readonly timeScale?: number;
  /** The clock; tests pass a controllable one. @default a clock following real time */
  readonly clock?: ControllableClock;
  /** Where CloudWatch Logs log groups (the debug log) are written, one file each. @default "<dataDir>/logs", else ".local-data/<stack>/logs" */
  readonly logsDir?: string;
  /** Where function console output goes. @default "stdout" */
  readonly functionLogs?: 'stdout' | 'silent';
  /** Progress lines. @default console.log */
  readonly log?: (line: string) => void;
}

/** A running local stack. */
export interface LocalStack {
  readonly stackName: string;
  readonly config: LocalStackConfig;
  readonly aws: LocalAws;
  /** The AWS endpoint, e.g. `http://127.0.0.1:4566`. */
  readonly awsEndpoint: string;
  /** Base URL of the REST API stage, e.g. `http://127.0.0.1:3000/v1`. */
  readonly restUrl: string;
  /** The WebSocket URL players connect to, e.g. `ws://127.0.0.1:3001/live`. */
  readonly webSocketUrl: string;
  /** The WebSocket emulator (drop connections, inspect the registry). */
  readonly webSocket: Awaited<ReturnType<typeof startWebSocketApi>>;
  /** Directory of the log-group files (the debug log among them). */
  readonly logsDir: string;
  /** Milliseconds from the call to ready. */
  readonly startupMs: number;
  stop(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '..');

/** Builds, synthesizes and runs one environment's stack on loopback, wired from its synthesized JSON. */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const started = Date.now();
  const log = options.log ?? ((line: string) => console.log(line));
  const envName = options.env ?? 'dev';
  const stackName = `fakemon-${envName}`;
  const outdir = options.outdir ?? path.join(ROOT, 'cdktf.out');
  const host = options.host ?? '127.0.0.1';
  const logsDir = options.logsDir ?? (options.dataDir ? path.join(options.dataDir, 'logs') : path.join(ROOT, '.local-data', stackName, 'logs'));

  if (options.build !== false) {
    const results = await buildHandlers({ log: () => undefined });
    const built = results.filter((r) => r.status !== 'up-to-date').map((r) => r.name);
    log(built.length > 0 ? `built ${built.join(', ')}` : 'handler zips up to date');
  }
  if (options.synth !== false) {
    const env = { ...process.env, ...(envName.startsWith('pr-') ? { FAKEMON_PR_ID: envName.slice(3) } : {}) };
    const app = buildApp({ outdir, env });
    if (!app.node.tryFindChild(stackName)) throw new Error(`Unknown environment "${envName}": no stack ${stackName}`);
    app.synth();
    log(`synthesized ${stackName}`);
  }
  const stack = readSynthesizedStack(outdir, stackName);
  const outputs = stack.json.output ?? {};
  const accountId = String(outputs.account_id?.value ?? '000000000000');
  const region = String(outputs.region?.value ?? 'us-east-1');

  const [awsPort, restPort, webSocketPort] = await Promise.all([
    choosePort(host, options.awsPort ?? 4566),
    choosePort(host, options.restPort ?? 3000),
    choosePort(host, options.webSocketPort ?? 3001),
  ]);
  const endpoints = {
    accountId,
    region,
    awsEndpoint: `http://${host}:${awsPort}`,
    restEndpoint: `http://${host}:${restPort}`,
    webSocketEndpoint: `ws://${host}:${webSocketPort}`,
    userPoolIds: CognitoIdStore.open(options.dataDir),
  };
  const config = toLocalStackConfig(stack, endpoints);
  if (config.webSocketApis.length > 1 || config.restApis.length > 1) {
    throw new Error('The local runtime serves one REST API and one WebSocket API per stack');
  }

  let aws: LocalAws | undefined;
  const stops: Array<() => Promise<void>> = [];
  try {
    const wsConfig = config.webSocketApis[0];
    const webSocket = await startWebSocketApi(wsConfig, {
      host,
      port: webSocketPort,
      invoker: {
        invoke: async (functionName: string, payload: unknown) => {
          if (!aws) throw new Error('the local AWS endpoint is not up yet');
          const result = await aws.services.lambda.invoke(functionName, JSON.stringify(payload));
          if (result.functionError) return { statusCode: 502 };
          return JSON.parse(result.payload || '{}') as { statusCode?: number; body?: string };
        },
      },
      authorize: async (functionName, event) => {
        if (!aws) throw new Error('the local AWS endpoint is not up yet');
        const result = await aws.services.lambda.invoke(functionName, JSON.stringify(event));
        if (!result.functionError) return { result: JSON.parse(result.payload || 'null') as unknown };
        const failure = JSON.parse(result.payload || '{}') as { errorMessage?: unknown };
        return { errorMessage: String(failure.errorMessage ?? '') };
      },
    });
    stops.push(() => webSocket.stop());
    aws = await startLocalAws({
      host,
      port: awsPort,
      accountId,
      region,
      dataDir: options.dataDir,
      logsDir,
      clock: options.clock,
      timeScale: options.timeScale,
      functionLogs: options.functionLogs,
      functions: config.functions,
      queues: config.queues,
      tables: config.tables,
      buses: config.buses,
      scheduleGroups: config.scheduleGroups,
      schedules: config.schedules,
      userPools: config.userPools,
    });
    const localAws = aws;
    stops.unshift(() => localAws.stop());
    const rest = await startRestApi(config.restApis[0], { host, port: restPort, awsEndpoint: aws.endpoint, cognito: aws.services.cognito });
    stops.unshift(() => rest.stop());

    const startupMs = Date.now() - started;
    return {
      stackName,
      config,
      aws,
      awsEndpoint: aws.endpoint,
      restUrl: `${endpoints.restEndpoint}/${config.restApis[0].stageName}`,
      webSocketUrl: webSocket.url,
      webSocket,
      logsDir,
      startupMs,
      stop: async () => {
        for (const stop of stops.splice(0)) await stop();
      },
    };
  } catch (error) {
    for (const stop of stops.splice(0)) await stop().catch(() => undefined);
    throw error;
  }
}
