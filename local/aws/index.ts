import { ControllableClock, type Clock } from '../clock';
import { arnService } from './arn';
import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION } from './model';
import type {
  LocalAccount,
  LocalBusConfig,
  LocalFunctionConfig,
  LocalQueueConfig,
  LocalScheduleConfig,
  LocalScheduleGroupConfig,
  LocalTableConfig,
} from './model';
import type { LocalRequest } from './request';
import { LocalAwsServer, type LocalServiceRoute } from './server';
import { CognitoService, cognitoRoute, type LocalUserPoolConfig } from '../cognito';
import { DynamoDbService, dynamoDbRoute } from '../dynamodb';
import { EventBridgeService, eventBridgeRoute } from '../eventbridge';
import { MemoryJournal, RuntimeDatabase, SqliteJournal, type WorkJournal } from '../journal';
import { LambdaService, lambdaRoute, type DestinationRecord, type FunctionLogOption } from '../lambda';
import { makeLogSink } from '../lambda/service';
import type { Authorizer } from '../iam/authorizer';
import { apiAuthorizationHook } from '../iam/api';
import { DeliveryAuthorizations } from '../iam/deliveries';
import { LocalLogs } from '../logs';
import { ObservationStream } from '../observe';
import { SchedulerService, schedulerRoute } from '../scheduler';
import { SesService, sesRoute, type LocalSesConfig } from '../ses';
import { SqsService, sqsRoute } from '../sqs';
import { stsRoute } from '../sts';

export * from './model';
export { LocalAwsServer } from './server';
export type { LocalServiceRoute, ControlHandler, MountedHandler } from './server';
export type { LocalRequest, LocalResponse } from './request';
export { AwsServiceError } from './errors';

export interface StartLocalAwsOptions {
  /** @default "127.0.0.1" */
  readonly host?: string;
  /** 0 picks a free port. @default 4566 */
  readonly port?: number;
  /** @default "000000000000" */
  readonly accountId?: string;
  /** @default "us-east-1" */
  readonly region?: string;
  /**
   * Persist DynamoDB tables, SQS messages, archives and API-created schedules here, and journal every
   * acknowledged event delivery, asynchronous invocation and schedule occurrence until it is done (resumed
   * on the next start). In memory when omitted.
   */
  readonly dataDir?: string;
  /** Where CloudWatch Logs log-group targets write (`<logsDir>/<group>.log`). @default `<dataDir>/logs`, else memory only */
  readonly logsDir?: string;
  /** The local clock. @default a ControllableClock following real time */
  readonly clock?: ControllableClock;
  /** Multiplies retry backoff delays (EventBridge, Scheduler, Lambda async retries). @default 1 */
  readonly timeScale?: number;
  readonly functions?: readonly LocalFunctionConfig[];
  readonly queues?: readonly LocalQueueConfig[];
  readonly buses?: readonly LocalBusConfig[];
  readonly scheduleGroups?: readonly LocalScheduleGroupConfig[];
  readonly schedules?: readonly LocalScheduleConfig[];
  readonly tables?: readonly LocalTableConfig[];
  /** SES: the verified identities and configuration sets, and whether the account is in the sandbox. */
  readonly ses?: LocalSesConfig;
  /** Cognito user pools with their app clients. */
  readonly userPools?: readonly LocalUserPoolConfig[];
  /** Where function console output goes. @default "stdout" */
  readonly functionLogs?: FunctionLogOption;
  /** Also print Lambda's START/END/REPORT lines there. @default true */
  readonly functionPlatformLogLines?: boolean;
  /** Handlers see the local clock (Date is shifted by the clock's offset). @default true */
  readonly shareClockWithFunctions?: boolean;
  /** @default 30 */
  readonly ttlSweepIntervalSeconds?: number;
  /** PutEvents to a bus that does not exist: AWS accepts silently; locally it fails the entry by default. */
  readonly unknownEventBus?: 'error' | 'accept';
  /** Called when an emulator fails unexpectedly (the client gets a 500 InternalFailure). @default prints to stderr */
  readonly onInternalError?: (error: unknown, request: LocalRequest) => void;
  /** IAM enforcement (functions get their roles' credentials; requests and deliveries are authorized). @default none: every request is the administrator's */
  readonly iam?: Authorizer;
  /** Where the emulators report what they do (the console subscribes). @default a new stream on the local clock */
  readonly observe?: ObservationStream;
}

export interface LocalAwsServices {
  readonly events: EventBridgeService;
  readonly sqs: SqsService;
  readonly scheduler: SchedulerService;
  readonly lambda: LambdaService;
  readonly dynamodb: DynamoDbService;
  readonly logs: LocalLogs;
  readonly ses: SesService;
  readonly cognito: CognitoService;
}

/** Work an earlier run acknowledged and had not finished, resumed at start-up. */
export interface RecoveredWork {
  readonly eventDeliveries: number;
  readonly asyncInvocations: number;
  /** Asynchronous invocations of functions the stack no longer has. */
  readonly discardedInvocations: number;
  readonly scheduleOccurrences: number;
}

export interface LocalAws {
  /** e.g. "http://127.0.0.1:4566" — the only setting SDK clients and the AWS CLI need. */
  readonly endpoint: string;
  /** True with a data dir: acknowledged work survives the process. */
  readonly durable: boolean;
  /** What was resumed from the data dir's journal at start-up (all zero in memory). */
  readonly recovered: RecoveredWork;
  readonly account: LocalAccount;
  readonly services: LocalAwsServices;
  readonly clock: ControllableClock;
  readonly server: LocalAwsServer;
  /** IAM enforcement, when enabled. */
  readonly iam?: Authorizer;
  /** Authorizes what services do on their own (API Gateway and WebSocket deliveries use it too). */
  readonly deliveries?: DeliveryAuthorizations;
  /** What the emulators report: events, matches, deliveries, invocations, queue changes, schedules, the clock. */
  readonly observe: ObservationStream;
  /** Mounts another service (e.g. the API Gateway management API) on the endpoint. */
  registerService(service: LocalServiceRoute): void;
  /** Resolves once no event delivery, schedule invocation or asynchronous Lambda invocation is pending. */
  settled(): Promise<void>;
  /** Closes the endpoint and every emulator. */
  stop(): Promise<void>;
}

/** Starts every emulator on one loopback endpoint. */
export async function startLocalAws(options: StartLocalAwsOptions = {}): Promise<LocalAws> {
  const account: LocalAccount = { accountId: options.accountId ?? DEFAULT_ACCOUNT_ID, region: options.region ?? DEFAULT_REGION };
  const ownsClock = !options.clock;
  const clock = options.clock ?? new ControllableClock();
  const timeScale = options.timeScale ?? 1;
  const iam = options.iam;
  const observe = options.observe ?? new ObservationStream({ now: () => clock.now() });
  const deliveries = iam ? new DeliveryAuthorizations(iam, account.accountId) : undefined;
  // Opened first: a data dir that must not be used (in use, older or newer format) is refused before anything starts.
  const database = options.dataDir ? RuntimeDatabase.open(options.dataDir) : undefined;
  const journal: WorkJournal = database ? new SqliteJournal(database) : new MemoryJournal();
  if (database && ownsClock) restoreClockOffset(clock, database);
  const ses = new SesService({ account, clock, dataDir: options.dataDir }, options.ses);
  const server = new LocalAwsServer({
    host: options.host,
    port: options.port,
    authorize: iam ? apiAuthorizationHook(iam, { ...account, ses }) : undefined,
    onInternalError:
      options.onInternalError ??
      ((error, request) => {
        process.stderr.write(`[local-aws] ${request.method} ${request.url.pathname} ${request.target ?? ''} failed: ${(error as Error)?.stack ?? String(error)}\n`);
      }),
  });
  let endpoint: string;
  try {
    endpoint = await server.listen();
  } catch (error) {
    database?.close();
    throw error;
  }

  let dynamodb: DynamoDbService | undefined;
  try {
    dynamodb = await DynamoDbService.start({
      account,
      clock,
      dataDir: options.dataDir,
      tables: options.tables,
      ttlSweepIntervalSeconds: options.ttlSweepIntervalSeconds,
    });
  } catch (error) {
    await server.close();
    database?.close();
    throw error;
  }

  const logsDir = options.logsDir ?? (options.dataDir ? `${options.dataDir}/logs` : undefined);
  const logs = new LocalLogs(logsDir, () => clock.now());
  const sqs = new SqsService({ account, clock, endpoint: () => endpoint, database, observe }, options.queues ?? []);

  // The services call each other through these late-bound references.
  let events!: EventBridgeService;
  const functionLogSink = makeLogSink(options.functionLogs ?? 'stdout');
  const writeToLogGroup = (name: string, line: string): void => {
    const config = lambda.findFunction(name);
    const group = config?.logGroupName ?? `/aws/lambda/${name}`;
    if (!deliveries || deliveries.functionLogs(config?.roleArn, name, `arn:aws:logs:${account.region}:${account.accountId}:log-group:${group}`)) logs.append(group, line);
  };
  const lambda: LambdaService = new LambdaService(
    {
      account,
      clock,
      timeScale,
      endpoint: () => endpoint,
      // Lambda writes each function's output, START/END/REPORT lines included, to its log group with the
      // execution role's permissions; the terminal gets the platform lines only when asked.
      functionLogs: (name, line) => {
        functionLogSink(name, line);
        writeToLogGroup(name, line);
      },
      platformLogs: (name, line) => {
        if (options.functionPlatformLogLines !== false) functionLogSink(name, line);
        writeToLogGroup(name, line);
      },
      shareClock: options.shareClockWithFunctions,
      sendToDestination: async (arn, record) => sendDestinationRecord(arn, record),
      credentialsFor: iam ? (config) => (config.roleArn ? iam.issue(config.roleArn, config.name) : undefined) : undefined,
      journal,
      observe,
    },
    options.functions ?? [],
  );
  events = new EventBridgeService(
    {
      account,
      clock,
      timeScale,
      dataDir: options.dataDir,
      journal,
      unknownBus: options.unknownEventBus,
      observe,
      ports: {
        invokeLambda: (arn, payload) => {
          lambda.invokeAsync(arn, payload);
        },
        sendToQueue: (arn, body, groupId) => {
          sqs.sendToArn(arn, body, undefined, groupId);
        },
        appendToLogGroup: (arn, message) => logs.append(arn, message),
        putOnBus: (arn, event) => events.forward(arn, event),
        authorize: deliveries ? (target, ruleArn) => deliveries.ruleTarget(target.arn, ruleArn) : undefined,
      },
      sendToDeadLetterQueue: (arn, body, attributes, ruleArn) => {
        deliveries?.ruleDeadLetter(arn, ruleArn);
        sqs.sendToArn(arn, body, attributes);
      },
    },
    options.buses ?? [],
  );
  const scheduler = new SchedulerService(
    {
      account,
      clock,
      timeScale,
      database,
      journal,
      observe,
      ports: {
        putEvent: (entry) =>
          events.putEvents([
            { Source: entry.source, DetailType: entry.detailType, Detail: entry.detail, EventBusName: entry.busArn, Resources: entry.resources },
          ]).Entries[0],
        invokeLambdaAsync: (arn, payload) => {
          lambda.invokeAsync(arn, payload);
        },
        sendToQueue: (arn, body, groupId) => {
          sqs.sendToArn(arn, body, undefined, groupId);
        },
        authorize: deliveries ? (target, scheduleArn) => deliveries.schedule(target.RoleArn, scheduleArn, target.Arn) : undefined,
      },
      sendToDeadLetterQueue: (arn, body, attributes, target, scheduleArn) => {
        deliveries?.schedule(target.RoleArn, scheduleArn, arn);
        sqs.sendToArn(arn, body, attributes);
      },
    },
    options.scheduleGroups ?? [],
    options.schedules ?? [],
  );

  const cognito = new CognitoService(
    {
      region: account.region,
      clock,
      endpoint: () => endpoint,
      dataDir: options.dataDir,
      invokeLambda: (arn, payload) => lambda.invoke(arn, payload),
    },
    options.userPools ?? [],
  );

  function sendDestinationRecord(arn: string, record: DestinationRecord): void {
    const fn = lambda.findFunction(record.requestContext.functionArn);
    deliveries?.functionDestination(fn?.roleArn, fn?.name ?? '', arn);
    const body = JSON.stringify(record);
    switch (arnService(arn)) {
      case 'sqs':
        sqs.sendToArn(arn, body);
        return;
      case 'lambda':
        lambda.invokeAsync(arn, body);
        return;
      case 'events': {
        const result = events.put({
          source: 'lambda',
          detailType: record.requestContext.condition === 'Success' ? 'Lambda Function Invocation Result - Success' : 'Lambda Function Invocation Result - Failure',
          detail: record,
          eventBusName: arn,
          resources: [arn, record.requestContext.functionArn],
        });
        if ('ErrorCode' in result) throw new Error(result.ErrorMessage);
        return;
      }
      default:
        throw new Error(`unsupported destination ${arn}`);
    }
  }

  const dynamo = dynamodb;
  const stopObservingClock = clock.onChange((now) => observe.publish({ type: 'clock.changed', now: now.toISOString(), offsetMs: clock.offsetFromRealTime() }));
  server.registerService(eventBridgeRoute(events));
  server.registerService(sqsRoute(sqs));
  server.registerService(dynamoDbRoute(dynamo));
  server.registerService(schedulerRoute(scheduler));
  server.registerService(lambdaRoute(lambda));
  server.registerService(stsRoute({ accountId: account.accountId }));
  server.registerService(sesRoute(ses));
  server.registerService(cognitoRoute(cognito));

  const settled = async (): Promise<void> => {
    // Work hops between services (a delivery invokes a function that puts events...): wait until all
    // of them are idle at the same moment.
    for (;;) {
      await Promise.all([events.settled(), scheduler.settled(), lambda.settled()]);
      await new Promise((resolve) => setImmediate(resolve));
      if (events.pending === 0 && scheduler.pending === 0 && lambda.pending === 0) return;
    }
  };
  const counters = (): Record<string, unknown> => ({
    events: events.counters,
    sqs: sqs.counters,
    scheduler: scheduler.counters,
    lambda: lambda.counters,
    dynamodb: { ttlDeletedItems: dynamo.ttl.deletedItems },
    ses: ses.counters,
  });

  server.registerControl('GET', '/_local/clock', () => clockState(clock));
  server.registerControl('POST', '/_local/clock/advance', (body) => {
    const ms = typeof body.ms === 'number' ? body.ms : typeof body.seconds === 'number' ? body.seconds * 1000 : Number.NaN;
    if (!Number.isFinite(ms) || ms < 0) throw new Error('give {"seconds": n} or {"ms": n} with n >= 0');
    clock.advance(ms);
    if (database && ownsClock) saveClockOffset(clock, database);
    return clockState(clock);
  });
  server.registerControl('POST', '/_local/clock/set', (body) => {
    const time = typeof body.time === 'string' || typeof body.time === 'number' ? new Date(body.time) : undefined;
    if (!time || Number.isNaN(time.getTime())) throw new Error('give {"time": "<ISO 8601>"}');
    clock.set(time);
    if (database && ownsClock) saveClockOffset(clock, database);
    return clockState(clock);
  });
  server.registerControl('GET', '/_local/counters', () => counters());
  server.registerControl('GET', '/_local/iam', () => ({ mode: iam?.mode ?? 'off', denials: iam?.denials() ?? [] }));
  server.registerControl('GET', '/_local/metrics', () => ruleMetrics(events));
  server.registerControl('POST', '/_local/settle', async () => {
    await settled();
    return counters();
  });
  server.registerControl('POST', '/_local/dynamodb/sweep-ttl', async () => ({ deleted: await dynamo.sweepTtl() }));

  // Last: every service and port is wired before resumed work starts moving.
  const lambdaRecovery = lambda.recover();
  const recovered: RecoveredWork = {
    eventDeliveries: events.delivery.recover(),
    asyncInvocations: lambdaRecovery.resumed,
    discardedInvocations: lambdaRecovery.discarded,
    scheduleOccurrences: scheduler.recover(),
  };

  let stopped = false;
  return {
    endpoint,
    durable: journal.durable,
    recovered,
    account,
    services: { events, sqs, scheduler, lambda, dynamodb: dynamo, logs, ses, cognito },
    iam,
    deliveries,
    observe,
    clock,
    server,
    registerService: (service) => server.registerService(service),
    settled,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      stopObservingClock();
      scheduler.stop();
      events.stop();
      sqs.stop();
      await server.close();
      await lambda.stop();
      await dynamo.stop();
      database?.close();
      if (ownsClock) clock.stop();
      // Let closed sockets and servers release their handles.
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

/**
 * EventBridge's per-rule, per-target metrics (CloudWatch's `InvocationsSentToDlq`, `InvocationsFailedToBeSentToDlq`
 * by `RuleName`), with the DLQ error codes, from the delivery records.
 */
function ruleMetrics(events: EventBridgeService): Record<string, unknown> {
  const rules: Record<string, Record<string, { sentToDlq: number; dropped: number; errorCodes: Record<string, number> }>> = {};
  for (const failure of events.delivery.failures) {
    const rule = (rules[failure.ruleArn] ??= {});
    const target = (rule[failure.targetArn] ??= { sentToDlq: 0, dropped: 0, errorCodes: {} });
    if (failure.outcome === 'dlq') target.sentToDlq += 1;
    else target.dropped += 1;
    target.errorCodes[failure.errorCode] = (target.errorCodes[failure.errorCode] ?? 0) + 1;
  }
  return { events: events.counters, rules };
}

const CLOCK_OFFSET_KEY = 'clock.offsetMs';

/** The local clock keeps its advance across restarts on a data dir, so journaled due times keep their meaning. */
function restoreClockOffset(clock: ControllableClock, database: RuntimeDatabase): void {
  const offset = Number(database.getMeta(CLOCK_OFFSET_KEY) ?? 0);
  if (Number.isFinite(offset) && offset !== 0) clock.set(new Date(Date.now() + offset));
}

function saveClockOffset(clock: ControllableClock, database: RuntimeDatabase): void {
  database.setMeta(CLOCK_OFFSET_KEY, String(clock.offsetFromRealTime()));
}

function clockState(clock: Clock & { offsetFromRealTime?: () => number; isFrozen?: boolean }): Record<string, unknown> {
  const now = clock.now();
  return { now: now.toISOString(), epochMillis: now.getTime(), offsetMs: clock.offsetFromRealTime?.() ?? 0, frozen: clock.isFrozen ?? false };
}
