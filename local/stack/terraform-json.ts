import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** One resource block of a synthesized stack (without cdktf's `//` metadata). */
export type ResourceBody = Record<string, unknown>;

/** The parts of a synthesized `cdk.tf.json` the local runtime reads. */
export interface StackJson {
  readonly resource?: Record<string, Record<string, ResourceBody>>;
  readonly module?: Record<string, ResourceBody>;
  readonly output?: Record<string, { value: unknown }>;
  readonly data?: Record<string, Record<string, ResourceBody>>;
  readonly provider?: { aws?: Array<Record<string, unknown>> };
}

/** A synthesized stack: its JSON and the directory its relative paths (assets) are relative to. */
export interface SynthesizedStack {
  readonly name: string;
  readonly dir: string;
  readonly json: StackJson;
}

/** Reads `cdktf.out/stacks/<name>/cdk.tf.json`. */
export function readSynthesizedStack(outdir: string, name: string): SynthesizedStack {
  const dir = path.join(outdir, 'stacks', name);
  const file = path.join(dir, 'cdk.tf.json');
  if (!existsSync(file)) throw new Error(`No synthesized stack at ${file}: run \`npx cdktf synth\` (or \`npm start\`, which synthesizes).`);
  return { name, dir, json: JSON.parse(readFileSync(file, 'utf8')) as StackJson };
}

/** Every resource of a type, by name, without cdktf metadata. */
export function resourcesOf(stack: StackJson, type: string): Array<[string, ResourceBody]> {
  return Object.entries(stack.resource?.[type] ?? {}).map(([name, body]) => {
    const { '//': _metadata, ...rest } = body;
    return [name, rest];
  });
}
