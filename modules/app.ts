import { App } from 'cdktf';
import { BootstrapStack, bootstrapTargets, managedResourceTypes } from './bootstrap';
import { environmentFamilies, loadBootstrapConfig, loadEnvironments } from './config/environments';
import { resolveModuleSource } from './event-bus/module-source';
import { FakemonStack, stackName } from './stack/fakemon-stack';

/** Options of {@link buildApp}. */
export interface BuildAppOptions {
  /** Where `cdk.tf.json` files are written. @default "cdktf.out" */
  readonly outdir?: string;
  /**
   * Environment variables to read (`FAKEMON_PR_ID`, `EVENTBRIDGE_MODULE_SOURCE`, and `FAKEMON_BOOTSTRAP_LOCAL_STATE=1`
   * for a bootstrap stack's first apply). @default process.env
   */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * The cdktf app: one stack per environment, and one bootstrap stack per account and region the environments use
 * (`fakemon-bootstrap-<account>`), independent of `FAKEMON_PR_ID`.
 */
export function buildApp(options: BuildAppOptions = {}): App {
  const env = options.env ?? process.env;
  const app = new App({ outdir: options.outdir });
  const eventBridgeModuleSource = resolveModuleSource(env);
  const environments = loadEnvironments(env).map((config) => new FakemonStack(app, stackName(config), { config, eventBridgeModuleSource }));
  // Every environment stack is built from the same code, so the synthesized ones show what pull-request stacks manage too.
  const resourceTypes = [...new Set(environments.flatMap(managedResourceTypes))].sort();
  const bootstrap = loadBootstrapConfig();
  for (const target of bootstrapTargets(environmentFamilies())) {
    new BootstrapStack(app, target.stackName, { target, config: bootstrap, resourceTypes, localState: env.FAKEMON_BOOTSTRAP_LOCAL_STATE === '1' });
  }
  return app;
}
