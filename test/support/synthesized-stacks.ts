import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { synthesizeStacks } from '../../scripts/lib/synth';

/** A synthesized stack's Terraform JSON, loosely typed for assertions. */
export type StackJson = {
  terraform: { backend: { s3: Record<string, unknown> } };
  provider: { aws: Array<Record<string, unknown>> };
  module: Record<string, Record<string, unknown>>;
  resource: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown }>;
};

/** Synthesizes every environment (with `pr-123`) and returns each stack's JSON text and parsed value. */
export function synthesizeAll(env: NodeJS.ProcessEnv = { FAKEMON_PR_ID: '123' }): Record<string, { text: string; json: StackJson }> {
  const stacks = synthesizeStacks(env);
  return Object.fromEntries(
    stacks.map((s) => {
      const text = readFileSync(path.join(s.dir, 'cdk.tf.json'), 'utf8');
      return [s.name, { text, json: JSON.parse(text) as StackJson }];
    }),
  );
}
