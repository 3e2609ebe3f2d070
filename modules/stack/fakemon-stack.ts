import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ALARM_TOPIC_KEY_ALIAS, BootstrapCheck, bootstrapStackName } from '../bootstrap';
import type { EnvironmentConfig } from '../config/environment-config';
import { CaptureFlow } from '../capture';
import { CartReminders } from '../cart';
import { DEFAULT_ALLOW_ORIGIN, EventApi } from '../event-api';
import { EventBus, EventPattern, ModuleSource } from '../event-bus';
import { GameTables } from '../game-data';
import { PlayerPool } from '../identity';
import { DEFAULT_HANDLERS_DIST } from '../handler-function';
import { AlarmTopic, DebugLog, OperationalAlarms } from '../observability';
import { EventSchemaRegistry } from '../schema-registry';
import type { WebSocketApi } from '../websocket-api';
import { configureAwsProvider } from './aws-provider';
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

/** Rules whose targets are not idempotent ignore events replayed from the archive. */
const NOT_REPLAYED: EventPattern = { 'replay-name': [{ exists: false }] };

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
  /** The players' user pool and the game's app client. */
  public readonly players: PlayerPool;

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

    this.tables = new GameTables(this, 'tables', {
      namePrefix: prefix,
      pointInTimeRecovery: config.dynamodb.pointInTimeRecovery,
      deletionProtection: config.dynamodb.deletionProtection,
    });
    // Account-level pieces come from the account's bootstrap stack, found by name; stages wait for the check.
    const bootstrap = new BootstrapCheck(this, 'bootstrap', {
      bootstrapStackName: bootstrapStackName(config.accountId, config.region, config.region === config.backend.region),
    });
    this.players = new PlayerPool(this, 'players', { config, distDir });
    const game = new CaptureFlow(this, 'game', {
      config,
      distDir,
      tables: this.tables,
      busName,
      busArn,
      notReplayed: NOT_REPLAYED,
      webSocketStageDependsOn: [bootstrap.lookup],
      players: { issuer: this.players.issuer, clientId: this.players.client.id },
    });
    const cart = new CartReminders(this, 'cart', { config, distDir, busName, busArn, notReplayed: NOT_REPLAYED });
    const debug = new DebugLog(this, 'debug', { namePrefix: prefix, retentionDays: config.logRetentionDays, retryPolicy: config.retryPolicy });
    this.webSocketApi = game.webSocketApi;

    this.bus = new EventBus(this, 'bus', {
      busName,
      roleName: `${prefix}-eventbridge`,
      moduleSource: props.eventBridgeModuleSource,
      rules: { ...game.rules, ...cart.rules, debug_all: debug.rule },
      archives: {
        [`${prefix}-archive`]: { description: 'Every event on the bus, for replay', retentionDays: config.archiveRetentionDays },
      },
      scheduleGroups: { ...game.scheduleGroups, ...cart.scheduleGroups },
      schedules: game.schedules,
    });

    this.eventApi = new EventApi(this, 'api', {
      apiName: `${prefix}-api`,
      busName,
      busArn,
      region: config.region,
      userPoolArns: [this.players.pool.arn],
      throttleRateLimit: config.apiThrottle.rateLimit,
      throttleBurstLimit: config.apiThrottle.burstLimit,
      logRetentionDays: config.logRetentionDays,
      routes: [...game.routes, ...cart.routes],
      stageDependsOn: [bootstrap.lookup],
      cors: { allowOrigin: config.apiAllowOrigin ?? DEFAULT_ALLOW_ORIGIN },
    });
    new EventSchemaRegistry(this, 'schemas', { registryName: `${prefix}-events` });

    const functions = [...game.functions, cart.reminderFunction, this.players.preSignUp];
    const alarmTopic = new AlarmTopic(this, 'alarm-topic', {
      topicName: `${prefix}-alarms`,
      accountId: config.accountId,
      region: config.region,
      alarmNamePrefix: prefix,
      kmsKeyId: ALARM_TOPIC_KEY_ALIAS,
      subscriptions: config.alarmSubscriptions,
    });
    new OperationalAlarms(this, 'alarms', {
      namePrefix: prefix,
      region: config.region,
      alarmTopicArn: alarmTopic.topic.arn,
      thresholds: config.alarms,
      watched: {
        busName,
        ruleNames: Object.keys(this.bus.rules).map((key) => this.bus.ruleName(key)),
        deadLetterQueueNames: [
          ...functions.flatMap((f) => (f.deadLetterQueue ? [f.deadLetterQueue.queueName] : [])),
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
    new TerraformOutput(this, 'collections_table', { value: this.tables.tables.collections.name });
    new TerraformOutput(this, 'connections_table', { value: this.tables.tables.connections.name });
    new TerraformOutput(this, 'watchers_table', { value: this.tables.tables.watchers.name });
    new TerraformOutput(this, 'spawn_function_name', { value: game.spawn.handler.function.functionName });
    new TerraformOutput(this, 'cart_reminders_queue_url', { value: cart.remindersQueue.queue.url });
    new TerraformOutput(this, 'alarm_topic_arn', { value: alarmTopic.topic.arn });
    new TerraformOutput(this, 'cart_reminder_schedule_group', { value: cart.scheduleGroupName });
    new TerraformOutput(this, 'user_pool_id', { value: this.players.pool.id });
    new TerraformOutput(this, 'user_pool_client_id', { value: this.players.client.id });
  }
}
