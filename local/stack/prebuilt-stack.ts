import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { resourcesOf, type StackJson, type SynthesizedStack } from './terraform-json';

/**
 * Reads a stack synthesized elsewhere (a CI artifact, a hand-edited stack) for `npm start -- --no-synth`,
 * refusing with a message that names what is missing and how to produce it: the stack's JSON, valid JSON,
 * and every function package it refers to.
 */
export function readPrebuiltStack(outdir: string, stackName: string): SynthesizedStack {
  const dir = path.join(outdir, 'stacks', stackName);
  const file = path.join(dir, 'cdk.tf.json');
  if (!existsSync(file)) {
    const pr = /^fakemon-pr-(.+)$/.exec(stackName)?.[1];
    throw new Error(
      `Nothing to run: ${file} does not exist.\n` +
        `Produce it with \`${pr ? `FAKEMON_PR_ID=${pr} ` : ''}npx cdktf synth\`, copy a synthesized cdktf.out (a CI artifact) here, ` +
        'or run `npm start` without --no-synth to build and synthesize first.',
    );
  }
  let json: StackJson;
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as StackJson;
  } catch (error) {
    throw new Error(`Cannot run ${file}: it is not valid JSON (${(error as Error).message}).`);
  }
  for (const [name, fn] of resourcesOf(json, 'aws_lambda_function')) {
    const zip = path.resolve(dir, String(fn.filename));
    if (!existsSync(zip)) {
      throw new Error(
        `Cannot run ${stackName}: function ${name} refers to ${zip}, which does not exist.\n` +
          `Copy the whole ${dir} directory (its assets included) or synthesize the stack again.`,
      );
    }
  }
  return { name: stackName, dir, json };
}
