import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildApp } from '../../modules/app';

/** Repository root. */
export const ROOT = path.resolve(__dirname, '..', '..');

/** The module-contract fixture offline validation uses when `EVENTBRIDGE_MODULE_SOURCE` is unset. */
export const MODULE_CONTRACT_FIXTURE = path.join(ROOT, 'test', 'fixtures', 'eventbridge-module-contract');

/** Where a synthesized stack was written. */
export interface StackDirectory {
  readonly name: string;
  readonly dir: string;
}

/** Synthesizes every stack into `outdir` (a fresh temporary directory by default) and lists them. */
export function synthesizeStacks(env: NodeJS.ProcessEnv, outdir = mkdtempSync(path.join(os.tmpdir(), 'fakemon-synth-'))): StackDirectory[] {
  const app = buildApp({ outdir, env });
  app.synth();
  return app.node.children
    .map((child) => child.node.id)
    .sort()
    .map((name) => ({ name, dir: path.join(outdir, 'stacks', name) }));
}

/** The environment offline terraform runs synthesize with: the module from the override, else the contract fixture. */
export function offlineSynthEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, EVENTBRIDGE_MODULE_SOURCE: env.EVENTBRIDGE_MODULE_SOURCE || MODULE_CONTRACT_FIXTURE };
}
