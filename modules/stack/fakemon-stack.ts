import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { apiBodies, catalog, toJsonSchemaDraft4 } from '../../handlers/src/events';
import type { EnvironmentConfig } from '../config/environment-config';
import { CartReminders } from '../cart';
import { EventApi } from '../event-api';
import { EventBus, EventPattern, ModuleSource } from '../event-bus';
import { CONNECTIONS_BY_PLAYER_INDEX, GameTables } from '../game-data';
import { AlarmTopic, DebugLog, OperationalAlarms } from '../observability';
import { EventSchemaRegistry } from '../schema-registry';
import { WebSocketApi } from '../websocket-api';
import { configureAwsProvider } from './aws-provider';
import { createGameFunction, DEFAULT_HANDLERS_DIST } from './game-functions';
import { configureStateBackend } from './state-backend';

/** Props of {@link FakemonStack}. */
export interface FakemonStackProps {
  /** The validated environment config. */
  readonly config: EnvironmentConfig;
  /** Directory holding the handler zips. @default "handlers/dist" */
  readonly handlersDistDir?: string;
  /** Source of the EventBridge module. @default the pinned registry address, or `EVENTBRIDGE_MODULE_SOURCE` */
  readonly eventBridgeModuleSource?: ModuleSource;
}

/** The stack name of an environment. */
export const stackName = (config: EnvironmentConfig): string => `fakemon-${config.name}`;

/** Seconds a capture attempt's idempotency record is kept (longer than any retry or replay window we run). */
const ATTEMPT_TTL_SECONDS = 7 * 86400;

/** Rules whose targets are not idempotent ignore events replayed from the archive. */
const NOT_REPLAYED: EventPattern = { 'replay-name': [{ exists: false }] };

const patternOf = (...entries: ReadonlyArray<{ source: string; detailType: string }>): EventPattern => ({
  source: [...new Set(entries.map((e) => e.source))],
  'detail-type': entries.map((e) => e.detailType),
});

/** One environment of the Fakémon GO backend. */
export class FakemonStack extends TerraformStack {
  /** The environment's bus. */
  public readonly bus: EventBus;
  /** The REST API that puts requests on the bus. */
  public readonly eventApi: EventApi;
  /** The players' WebSocket API. */
  public readonly webSocketApi: WebSocketApi;
  /** The game's tables. */
  public readonly tables: GameTables;

  constructor(scope: Construct, id: string, props: FakemonStackProps) {
    super(scope, id);
    const { config } = props;
    const prefix = config.namePrefix;
    const distDir = props.handlersDistDir ?? DEFAULT_HANDLERS_DIST;
    configureStateBackend(this, config.backend);
    configureAwsProvider(this, config);

    const busName = `${prefix}-bus`;
    // Known before the module exists, so functions and the API can be granted PutEvents on exactly this bus.
    const busArn = `arn:aws:events:${config.region}:${config.accountId}:event-bus/${busName}`;
    const { retryPolicy } = config;

    this.tables = new GameTables(this, 'tables', {
      namePrefix: prefix,
      pointInTimeRecovery: config.dynamodb.pointInTimeRecovery,
      deletionProtection: config.dynamodb.deletionProtection,
    });
    const { world, collections, attempts, connections } = this.tables.tables;
    const putEventsOnBus = { sid: 'PutEventsOnBus', actions: ['events:PutEvents'], resources: [busArn] };

    const capture = createGameFunction(this, 'capture', config, distDir, {
      environment: {
        WORLD_TABLE: world.name,
        COLLECTIONS_TABLE: collections.name,
        ATTEMPTS_TABLE: attempts.name,
        EVENT_BUS_NAME: busName,
        DODGE_PROBABILITY: String(config.game.dodgeProbability),
        ATTEMPT_TTL_SECONDS: String(ATTEMPT_TTL_SECONDS),
      },
      statements: [
        { sid: 'CaptureInWorld', actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], resources: [world.arn] },
        { sid: 'AddToCollection', actions: ['dynamodb:PutItem'], resources: [collections.arn] },
        { sid: 'RecordAttempt', actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], resources: [attempts.arn] },
        putEventsOnBus,
      ],
    });
    const wsConnect = createGameFunction(this, 'ws-connect', config, distDir, {
      environment: { CONNECTIONS_TABLE: connections.name, CONNECTION_TTL_SECONDS: '7200' },
      statements: [{ sid: 'TrackConnections', actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'], resources: [connections.arn] }],
    });
    this.webSocketApi = new WebSocketApi(this, 'websocket', {
      apiName: `${prefix}-ws`,
      region: config.region,
      connectionHandler: wsConnect.handler.function,
      throttleRateLimit: config.apiThrottle.rateLimit,
      throttleBurstLimit: config.apiThrottle.burstLimit,
      logRetentionDays: config.logRetentionDays,
    });
    const notify = createGameFunction(this, 'notify', config, distDir, {
      environment: {
        CONNECTIONS_TABLE: connections.name,
        CONNECTIONS_BY_PLAYER_INDEX,
        WEBSOCKET_MANAGEMENT_ENDPOINT: this.webSocketApi.managementEndpoint,
      },
      statements: [
        { sid: 'FindConnections', actions: ['dynamodb:Query', 'dynamodb:Scan'], resources: [connections.arn, `${connections.arn}/index/${CONNECTIONS_BY_PLAYER_INDEX}`] },
        { sid: 'ForgetGoneConnections', actions: ['dynamodb:DeleteItem'], resources: [connections.arn] },
        { sid: 'PushToPlayers', actions: ['execute-api:ManageConnections'], resources: [this.webSocketApi.postToConnectionArn] },
      ],
    });
    const spawn = createGameFunction(this, 'spawn', config, distDir, {
      environment: { WORLD_TABLE: world.name, EVENT_BUS_NAME: busName, SPAWN_TTL_SECONDS: String(config.game.spawnTtlSeconds) },
      statements: [{ sid: 'SpawnInWorld', actions: ['dynamodb:PutItem'], resources: [world.arn] }, putEventsOnBus],
    });

    const cart = new CartReminders(this, 'cart', { config, distDir, busName, busArn, notReplayed: NOT_REPLAYED });

    const debug = new DebugLog(this, 'debug', { namePrefix: prefix, retentionDays: config.logRetentionDays, retryPolicy });

    this.bus = new EventBus(this, 'bus', {
      busName,
      roleName: `${prefix}-eventbridge`,
      moduleSource: props.eventBridgeModuleSource,
      rules: {
        capture_attempt: {
          description: 'Capture attempts from the API go to the capture function (idempotent per attempt id)',
          eventPattern: patternOf(catalog.captureAttempt),
          targets: [{ kind: 'lambda', name: 'capture', function: capture.handler.function, deadLetterQueue: capture.deadLetterQueue.queue, retryPolicy }],
        },
        capture_results: {
          description: 'Capture results are pushed to the player (not replayed: pushes are not idempotent)',
          eventPattern: { ...patternOf(catalog.captureSucceeded, catalog.captureFailed), ...NOT_REPLAYED },
          targets: [{ kind: 'lambda', name: 'notify-results', function: notify.handler.function, deadLetterQueue: notify.deadLetterQueue.queue, retryPolicy }],
        },
        world_spawned: {
          description: 'Spawned fakémon are broadcast to every player (not replayed)',
          eventPattern: { ...patternOf(catalog.spawned), ...NOT_REPLAYED },
          targets: [{ kind: 'lambda', name: 'notify-spawned', function: notify.handler.function, deadLetterQueue: notify.deadLetterQueue.queue, retryPolicy }],
        },
        ...cart.rules,
        debug_all: debug.rule,
      },
      archives: {
        [`${prefix}-archive`]: { description: 'Every event on the bus, for replay', retentionDays: config.archiveRetentionDays },
      },
      scheduleGroups: { spawn: { name: `${prefix}-spawn` }, ...cart.scheduleGroups },
      schedules: {
        spawn: {
          description: 'Serverless cron: wild fakémon appear',
          group: 'spawn',
          scheduleExpression: config.game.spawnSchedule,
          target: { kind: 'lambda', function: spawn.handler.function },
          input: JSON.stringify({ count: config.game.spawnCount }),
          deadLetterQueue: spawn.deadLetterQueue.queue,
          retryPolicy,
        },
      },
    });

    this.eventApi = new EventApi(this, 'api', {
      apiName: `${prefix}-api`,
      busName,
      busArn,
      region: config.region,
      accountId: config.accountId,
      throttleRateLimit: config.apiThrottle.rateLimit,
      throttleBurstLimit: config.apiThrottle.burstLimit,
      logRetentionDays: config.logRetentionDays,
      routes: [
        {
          path: 'captures',
          model: { name: apiBodies.capture.modelName, schema: toJsonSchemaDraft4(apiBodies.capture.schema, { title: apiBodies.capture.modelName }) },
          source: catalog.captureAttempt.source,
          detailType: catalog.captureAttempt.detailType,
          acceptedBody: '{"attemptId":"$eventId"}',
        },
        ...cart.routes,
      ],
    });
    new EventSchemaRegistry(this, 'schemas', { registryName: `${prefix}-events` });

    const functions = [capture, wsConnect, notify, spawn, cart.reminderFunction];
    const alarmTopic = new AlarmTopic(this, 'alarm-topic', { topicName: `${prefix}-alarms`, subscriptions: config.alarmSubscriptions });
    new OperationalAlarms(this, 'alarms', {
      namePrefix: prefix,
      region: config.region,
      alarmTopicArn: alarmTopic.topic.arn,
      thresholds: config.alarms,
      watched: {
        busName,
        ruleNames: Object.keys(this.bus.rules).map((key) => this.bus.ruleName(key)),
        deadLetterQueueNames: [
          ...functions.map((f) => f.deadLetterQueue.queueName),
          debug.deadLetterQueue.queueName,
          cart.remindersDlq.queueName,
          cart.scheduleDlq.queueName,
        ],
        functionNames: functions.map((f) => f.handler.functionName),
        restApi: { name: this.eventApi.api.name, stage: this.eventApi.stage.stageName },
      },
    });

    new TerraformOutput(this, 'account_id', { value: config.accountId });
    new TerraformOutput(this, 'region', { value: config.region });
    new TerraformOutput(this, 'event_bus_name', { value: this.bus.busNameOutput });
    new TerraformOutput(this, 'event_bus_arn', { value: this.bus.busArn });
    new TerraformOutput(this, 'rest_api_url', { value: this.eventApi.url });
    new TerraformOutput(this, 'websocket_url', { value: this.webSocketApi.url });
    new TerraformOutput(this, 'collections_table', { value: collections.name });
    new TerraformOutput(this, 'connections_table', { value: connections.name });
    new TerraformOutput(this, 'spawn_function_name', { value: spawn.handler.function.functionName });
    new TerraformOutput(this, 'cart_reminders_queue_url', { value: cart.remindersQueue.queue.url });
    new TerraformOutput(this, 'alarm_topic_arn', { value: alarmTopic.topic.arn });
    new TerraformOutput(this, 'cart_reminder_schedule_group', { value: cart.scheduleGroupName });
  }
}
