import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/environment-config';
import { EventBus, ModuleSource } from '../event-bus';
import { EncryptedQueue } from '../queue';
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

/** One environment of the Fakémon GO backend. */
export class FakemonStack extends TerraformStack {
  /** The environment's bus. */
  public readonly bus: EventBus;

  constructor(scope: Construct, id: string, props: FakemonStackProps) {
    super(scope, id);
    const { config } = props;
    const prefix = config.namePrefix;
    configureStateBackend(this, config.backend);
    configureAwsProvider(this, config);

    const debugLog = new CloudwatchLogGroup(this, 'debug-log', {
      name: `/aws/events/${prefix}-debug`,
      retentionInDays: config.logRetentionDays,
    });
    const debugDlq = new EncryptedQueue(this, 'debug-dlq', { queueName: `${prefix}-debug-dlq` });

    this.bus = new EventBus(this, 'bus', {
      busName: `${prefix}-bus`,
      roleName: `${prefix}-eventbridge`,
      moduleSource: props.eventBridgeModuleSource,
      rules: {
        debug_all: {
          description: 'Writes every event on the bus to the debug log group',
          eventPattern: { source: [{ prefix: '' }] },
          targets: [
            {
              kind: 'log-group',
              name: 'debug-log',
              logGroup: debugLog,
              deadLetterQueue: debugDlq.queue,
              retryPolicy: config.retryPolicy,
            },
          ],
        },
      },
      archives: {
        [`${prefix}-archive`]: { description: 'Every event on the bus, for replay', retentionDays: config.archiveRetentionDays },
      },
    });

    new TerraformOutput(this, 'event_bus_name', { value: this.bus.busNameOutput });
    new TerraformOutput(this, 'event_bus_arn', { value: this.bus.busArn });
  }
}
