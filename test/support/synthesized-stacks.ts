import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { BOOTSTRAP_PREFIX } from '../../modules/bootstrap/names';
import { synthesizeStacks } from '../../scripts/lib/synth';

/** A synthesized stack's Terraform JSON, loosely typed for assertions. */
export type StackJson = {
  terraform: { backend: { s3: Record<string, unknown> } };
  provider: { aws: Array<Record<string, unknown>> };
  module: Record<string, Record<string, unknown>>;
  resource: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown }>;
};

/** One synthesized stack: its JSON text and parsed value. */
export type SynthesizedJson = { text: string; json: StackJson };

/** Whether a stack is an account bootstrap stack (`fakemon-bootstrap-<account>`). */
export const isBootstrapStack = (name: string): boolean => name.startsWith(`${BOOTSTRAP_PREFIX}-`);

/** Synthesizes the app (with `pr-123`) and returns every stack's JSON, the bootstrap stacks included. */
export function synthesizeEveryStack(env: NodeJS.ProcessEnv = { FAKEMON_PR_ID: '123' }): Record<string, SynthesizedJson> {
  const stacks = synthesizeStacks(env);
  return Object.fromEntries(
    stacks.map((s) => {
      const text = readFileSync(path.join(s.dir, 'cdk.tf.json'), 'utf8');
      return [s.name, { text, json: JSON.parse(text) as StackJson }];
    }),
  );
}

/** Synthesizes every environment (with `pr-123`) and returns each environment stack's JSON (no bootstrap stacks). */
export function synthesizeAll(env: NodeJS.ProcessEnv = { FAKEMON_PR_ID: '123' }): Record<string, SynthesizedJson> {
  return Object.fromEntries(Object.entries(synthesizeEveryStack(env)).filter(([name]) => !isBootstrapStack(name)));
}
