import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ALARM_TOPIC_KEY_ALIAS, BootstrapCheck, bootstrapStackName } from '../bootstrap';
import type { EnvironmentConfig } from '../config/environment-config';
import { DEFAULT_ALLOW_ORIGIN, EventApi } from '../event-api';
import { EventBus, ModuleSource } from '../event-bus';
import { FlowDefinition, FlowDefinitionError, paveFlows, PavedFlows } from '../flow';
import { FLOWS } from '../flows';
import { DEFAULT_HANDLERS_DIST } from '../handler-function';
import { AlarmTopic, DebugLog, OperationalAlarms } from '../observability';
import { EventSchemaRegistry } from '../schema-registry';
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
  /** The flows of the stack. @default FLOWS (`modules/flows/index.ts`) */
  readonly flows?: readonly FlowDefinition[];
}

/** The stack name of an environment. */
export const stackName = (config: EnvironmentConfig): string => `fakemon-${config.name}`;

/**
 * One environment of the Fakémon GO backend: the bus, the REST API, the schema registry, the debug log and the
 * alarms are the stack's; everything else comes from its flows (`modules/flows/`), which the road builds.
 */
export class FakemonStack extends TerraformStack {
  /** The environment's bus. */
  public readonly bus: EventBus;
  /** The REST API that puts requests on the bus. */
  public readonly eventApi: EventApi;
  /** The flows as built. */
  public readonly flows: PavedFlows;

  constructor(scope: Construct, id: string, props: FakemonStackProps) {
    super(scope, id);
    const { config } = props;
    const prefix = config.namePrefix;
    configureStateBackend(this, config.backend);
    configureAwsProvider(this, config);

    const busName = `${prefix}-bus`;
    // Known before the module exists, so functions and the API can be granted PutEvents on exactly this bus.
    const busArn = `arn:aws:events:${config.region}:${config.accountId}:event-bus/${busName}`;

    // Account-level pieces come from the account's bootstrap stack, found by name; stages wait for the check.
    const bootstrap = new BootstrapCheck(this, 'bootstrap', {
      bootstrapStackName: bootstrapStackName(config.accountId, config.region, config.region === config.backend.region),
    });
    this.flows = paveFlows(this, {
      config,
      distDir: props.handlersDistDir ?? DEFAULT_HANDLERS_DIST,
      flows: props.flows ?? FLOWS,
      bus: { name: busName, arn: busArn },
      stageDependsOn: [bootstrap.lookup],
    });
    const debug = new DebugLog(this, 'debug', { namePrefix: prefix, retentionDays: config.logRetentionDays, retryPolicy: config.retryPolicy });

    this.bus = new EventBus(this, 'bus', {
      busName,
      roleName: `${prefix}-eventbridge`,
      moduleSource: props.eventBridgeModuleSource,
      rules: { ...this.flows.rules, debug_all: debug.rule },
      archives: {
        [`${prefix}-archive`]: { description: 'Every event on the bus, for replay', retentionDays: config.archiveRetentionDays },
      },
      scheduleGroups: this.flows.scheduleGroups,
      schedules: this.flows.schedules,
    });

    const players = this.flows.players;
    if (!players) throw new FlowDefinitionError('No flow declares userPool: every REST route needs the players\' user pool for its authorizer');
    this.eventApi = new EventApi(this, 'api', {
      apiName: `${prefix}-api`,
      busName,
      busArn,
      region: config.region,
      userPoolArns: [players.pool.arn],
      throttleRateLimit: config.apiThrottle.rateLimit,
      throttleBurstLimit: config.apiThrottle.burstLimit,
      logRetentionDays: config.logRetentionDays,
      routes: this.flows.routes,
      stageDependsOn: [bootstrap.lookup],
      cors: { allowOrigin: config.apiAllowOrigin ?? DEFAULT_ALLOW_ORIGIN },
    });
    new EventSchemaRegistry(this, 'schemas', { registryName: `${prefix}-events`, contracts: this.flows.contracts });

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
        groups: [
          ...this.flows.flows.map((flow) => ({
            name: flow.definition.name,
            ruleNames: flow.ruleKeys.map((key) => this.bus.ruleName(key)),
            deadLetterQueueNames: flow.deadLetterQueueNames,
            functionNames: Object.values(flow.functions).map((f) => f.handler.functionName),
          })),
          { name: 'debug log', ruleNames: [this.bus.ruleName('debug_all')], deadLetterQueueNames: [debug.deadLetterQueue.queueName], functionNames: [] },
        ],
        restApi: { name: this.eventApi.api.name, stage: this.eventApi.stage.stageName },
      },
    });

    new TerraformOutput(this, 'account_id', { value: config.accountId });
    new TerraformOutput(this, 'region', { value: config.region });
    new TerraformOutput(this, 'event_bus_name', { value: this.bus.busNameOutput });
    new TerraformOutput(this, 'event_bus_arn', { value: this.bus.busArn });
    new TerraformOutput(this, 'rest_api_url', { value: this.eventApi.url });
    new TerraformOutput(this, 'alarm_topic_arn', { value: alarmTopic.topic.arn });
  }
}
