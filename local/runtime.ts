import * as path from 'node:path';
import { buildHandlers } from '../handlers/build';
import { buildApp } from '../modules/app';
import { FakemonStack } from '../modules/stack/fakemon-stack';
import { startRestApi } from './apigateway';
import { readArchitectureSource } from './architecture/stack-source';
import { LocalAws, startLocalAws } from './aws';
import { buildConsole, mountConsole, type Mailbox } from './console';
import { sesMailbox } from './console/ses-mailbox';
import type { FunctionLogOption } from './lambda';
import { ControllableClock } from './clock';
import { parseEnvironmentName } from '../modules/config/environments';
import { assertPortsFree, choosePort, runtimePorts } from './free-port';
import { authorizerForStack, type IamMode } from './iam';
import { accessKeyIdOf } from './aws/request';
import { readPrebuiltStack } from './stack/prebuilt-stack';
import { CognitoIdStore } from './cognito/ids';
import { readSynthesizedStack } from './stack/terraform-json';
import { LocalStackConfig, toLocalStackConfig } from './stack/to-local-config';
import { startWebSocketApi } from './websocket/websocket-server';

/** Options of {@link startLocalStack}. */
export interface LocalStackOptions {
  /** Environment to run. @default "dev" */
  readonly env?: string;
  /**
   * Keep DynamoDB data, queues, archives and schedules here across restarts, and journal acknowledged work
   * (event deliveries, asynchronous invocations, schedule occurrences) so a crash loses none of it. @default in memory
   */
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
  /** Synthesize first; false runs what is in `outdir` as it is and refuses clearly when nothing is there. @default true */
  readonly synth?: boolean;
  /** cdktf output directory. @default "<repo>/cdktf.out" */
  readonly outdir?: string;
  /** Multiplies retry back-off delays (tests use small values). @default 1 */
  readonly timeScale?: number;
  /** The clock; tests pass a controllable one. @default a clock following real time */
  readonly clock?: ControllableClock;
  /** Where CloudWatch Logs log groups (the debug log) are written, one file each. @default "<dataDir>/logs", else ".local-data/<stack>/logs" */
  readonly logsDir?: string;
  /** Where function console output goes (a function gets every line with the function's name). @default "stdout" */
  readonly functionLogs?: FunctionLogOption;
  /** Also print Lambda's START/END/REPORT line for every invocation. @default false */
  readonly verbose?: boolean;
  /** Progress lines. @default console.log */
  readonly log?: (line: string) => void;
  /**
   * IAM: `enforce` refuses what the stack's policies do not allow (as AWS does), `warn` reports it and lets it
   * through, `off` evaluates nothing. @default "enforce"
   */
  readonly iam?: IamMode;
  /** Model the SES sandbox: recipients must be verified identities too (production access is account-level). @default false */
  readonly sesSandbox?: boolean;
  /** How many events the console's event log keeps. @default 1000 */
  readonly consoleEventLimit?: number;
  /** The mailbox the console shows. @default the local SES's */
  readonly mailbox?: Mailbox;
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
  /** The IAM mode and what start-up found in the stack's policies. */
  readonly iam: { readonly mode: IamMode; readonly notes: readonly string[] };
  /** The live console, e.g. `http://127.0.0.1:4566/_local/console/`. */
  readonly consoleUrl: string;
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
  const { prId } = parseEnvironmentName(envName);
  await assertPortsFree(host, runtimePorts(options));

  if (options.build !== false) {
    const [results, consolePage] = await Promise.all([buildHandlers({ log: () => undefined }), buildConsole()]);
    const built = results.filter((r) => r.status !== 'up-to-date').map((r) => r.name);
    log(built.length > 0 ? `built ${built.join(', ')}` : 'handler zips up to date');
    log(consolePage.status === 'built' ? `built the console (${(consolePage.bytes / 1024).toFixed(0)} KB in ${consolePage.ms} ms)` : 'console up to date');
  }
  if (options.synth !== false) {
    const env = { ...process.env, ...(prId ? { FAKEMON_PR_ID: prId } : {}) };
    const app = buildApp({ outdir, env });
    const stack = app.node.tryFindChild(stackName);
    if (!(stack instanceof FakemonStack)) {
      throw new Error(`Unknown environment "${envName}": ${stack ? `${stackName} is an account bootstrap stack, with nothing to run locally` : `no stack ${stackName}`}`);
    }
    app.synth();
    log(`synthesized ${stackName}`);
  }
  const stack = options.synth === false ? readPrebuiltStack(outdir, stackName) : readSynthesizedStack(outdir, stackName);
  if (options.synth === false) log(`running ${path.join(path.relative(process.cwd(), outdir) || '.', 'stacks', stackName)} as synthesized (not synthesized again)`);
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
  const iamMode = options.iam ?? 'enforce';
  const { authorizer, notes: iamNotes } = await authorizerForStack(stack, endpoints, { mode: iamMode, outdir, warn: (line) => log(line) });
  const functionArn = (name: string): string | undefined => config.functions.find((f) => f.name === name)?.arn;
  if (config.webSocketApis.length > 1 || config.restApis.length > 1) {
    throw new Error('The local runtime serves one REST API and one WebSocket API per stack');
  }

  let aws: LocalAws | undefined;
  const clock = options.clock ?? new ControllableClock();
  const stops: Array<() => Promise<void>> = options.clock ? [] : [async () => clock.stop()];
  try {
    const wsConfig = config.webSocketApis[0];
    const webSocket = await startWebSocketApi(wsConfig, {
      host,
      port: webSocketPort,
      clock,
      invoker: {
        invoke: async (functionName: string, payload: unknown) => {
          if (!aws) throw new Error('the local AWS endpoint is not up yet');
          const context = (payload as { requestContext?: { apiId?: string; stage?: string; routeKey?: string } }).requestContext ?? {};
          aws.deliveries?.apiGatewayInvoke(functionArn(functionName) ?? functionName, `arn:aws:execute-api:${region}:${accountId}:${context.apiId}/${context.stage}/${context.routeKey}`);
          const result = await aws.services.lambda.invoke(functionName, JSON.stringify(payload));
          if (result.functionError) return { statusCode: 502 };
          return JSON.parse(result.payload || '{}') as { statusCode?: number; body?: string };
        },
      },
      authorizeManagement: (call) => {
        const principal = authorizer.principalOf(accessKeyIdOf(call.headers, new URL('http://localhost/')));
        const resource = authorizer.catalog.resourceArn('execute-api:ManageConnections', 'execute-api-general', {
          Partition: 'aws',
          Region: region,
          Account: accountId,
          ApiId: wsConfig.apiId,
          Stage: call.stagePath.replace(/^\//, ''),
          Method: call.method,
          ApiSpecificResourcePath: `@connections/${call.connectionId}`,
        });
        return authorizer.authorize(principal, [{ action: 'execute-api:ManageConnections', resource }])?.message;
      },
      authorize: async (functionName, event) => {
        if (!aws) throw new Error('the local AWS endpoint is not up yet');
        const result = await aws.services.lambda.invoke(functionName, JSON.stringify(event));
        if (!result.functionError) return { result: JSON.parse(result.payload || 'null') as unknown };
        const failure = JSON.parse(result.payload || '{}') as { errorMessage?: unknown };
        return { errorMessage: String(failure.errorMessage ?? '') };
      },
    });
    stops.unshift(() => webSocket.stop());
    aws = await startLocalAws({
      host,
      port: awsPort,
      accountId,
      region,
      dataDir: options.dataDir,
      logsDir,
      clock,
      timeScale: options.timeScale,
      functionLogs: options.functionLogs,
      functionPlatformLogLines: options.verbose === true,
      functions: config.functions,
      queues: config.queues,
      tables: config.tables,
      buses: config.buses,
      scheduleGroups: config.scheduleGroups,
      schedules: config.schedules,
      ses: { ...config.ses, sandbox: options.sesSandbox === true },
      iam: authorizer,
      userPools: config.userPools,
    });
    const localAws = aws;
    stops.unshift(() => localAws.stop());
    log(durabilityLine(options.dataDir, aws));
    const restUrl = `${endpoints.restEndpoint}/${config.restApis[0].stageName}`;
    const consoleUi = mountConsole({
      aws,
      config,
      architecture: readArchitectureSource(stack, endpoints, config),
      restUrl,
      webSocketUrl: webSocket.url,
      eventLimit: options.consoleEventLimit,
      mailbox: options.mailbox ?? sesMailbox(aws.services.ses.mailbox),
    });
    stops.unshift(async () => consoleUi.stop());
    const deliveries = aws.deliveries;
    const rest = await startRestApi(config.restApis[0], {
      host,
      port: restPort,
      awsEndpoint: aws.endpoint,
      cognito: aws.services.cognito,
      // API Gateway calls the service with a session of the integration's role, which it must be trusted to assume.
      integrationCredentials: deliveries
        ? (roleArn, sourceArn) => {
            if (!roleArn) {
              if (authorizer.mode === 'off') return undefined;
              throw new Error('the integration has no credentials role: API Gateway has no identity to call the service with');
            }
            return deliveries.assume('apigateway.amazonaws.com', roleArn, sourceArn, 'apigateway').credentials;
          }
        : undefined,
    });
    stops.unshift(() => rest.stop());

    const startupMs = Date.now() - started;
    return {
      stackName,
      config,
      aws,
      awsEndpoint: aws.endpoint,
      restUrl,
      webSocketUrl: webSocket.url,
      webSocket,
      logsDir,
      startupMs,
      iam: { mode: iamMode, notes: iamNotes },
      consoleUrl: consoleUi.url,
      stop: async () => {
        for (const stop of stops.splice(0)) await stop();
      },
    };
  } catch (error) {
    for (const stop of stops.splice(0)) await stop().catch(() => undefined);
    throw error;
  }
}

/** One start-up line: where state lives, and what an earlier run left to finish. */
function durabilityLine(dataDir: string | undefined, aws: LocalAws): string {
  if (!dataDir) return 'in memory (no --data-dir): tables, queues, schedules and work in flight are lost when the runtime stops';
  const { eventDeliveries, asyncInvocations, discardedInvocations, scheduleOccurrences } = aws.recovered;
  const resumed = [
    [eventDeliveries, 'event deliveries'],
    [asyncInvocations, 'asynchronous invocations'],
    [scheduleOccurrences, 'schedule occurrences'],
  ]
    .filter(([count]) => count !== 0)
    .map(([count, what]) => `${count} ${what}`);
  const discarded = discardedInvocations > 0 ? `; discarded ${discardedInvocations} invocations of functions the stack no longer has` : '';
  return `data dir ${dataDir}: state and acknowledged work are kept on disk${resumed.length > 0 ? `; resumed ${resumed.join(', ')}` : ''}${discarded}`;
}
