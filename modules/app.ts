import { App } from 'cdktf';
import { loadEnvironments } from './config/environments';
import { resolveModuleSource } from './event-bus/module-source';
import { FakemonStack, stackName } from './stack/fakemon-stack';

/** Options of {@link buildApp}. */
export interface BuildAppOptions {
  /** Where `cdk.tf.json` files are written. @default "cdktf.out" */
  readonly outdir?: string;
  /** Environment variables to read (`FAKEMON_PR_ID`, `EVENTBRIDGE_MODULE_SOURCE`). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** The cdktf app: one stack per environment. */
export function buildApp(options: BuildAppOptions = {}): App {
  const env = options.env ?? process.env;
  const app = new App({ outdir: options.outdir });
  const eventBridgeModuleSource = resolveModuleSource(env);
  for (const config of loadEnvironments(env)) {
    new FakemonStack(app, stackName(config), { config, eventBridgeModuleSource });
  }
  return app;
}
