/**
 * `npm run capacity [-- --results <bench results.json>] [--from-inputs] [--inputs <json>] [--doc <md>] [--env <name>]`
 *
 * Writes docs/capacity-inputs.json (the measured figures of the benchmark's `capacity` stage and the
 * stack settings of the environment, prod by default) and renders docs/capacity.md from it. With
 * `--from-inputs` the measured figures are taken from the existing inputs file (no bench run needed),
 * the stack settings are read again: use it after changing the model, the scenarios, quotas or prices.
 *
 * Exit code: 0 written; 1 the inputs are missing or unusable (the message says what to run); 2 usage.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadEnvironments } from '../../modules/config/environments';
import { CapacityInputError, inputsFromResults, stackFacts, type CapacityInputs } from './inputs';
import { renderCapacityDoc } from './render';

const ROOT = path.resolve(__dirname, '..', '..');
export const USAGE = 'usage: npm run capacity [-- --results <results.json>] [--from-inputs] [--inputs <capacity-inputs.json>] [--doc <capacity.md>] [--env <environment>]';

export interface CapacityArgs {
  readonly results: string;
  readonly inputs: string;
  readonly doc: string;
  readonly env: string;
  readonly fromInputs: boolean;
}

export class CapacityUsageError extends Error {
  override readonly name = 'CapacityUsageError';
}

export function parseCapacityArgs(argv: readonly string[]): CapacityArgs {
  const args = {
    results: path.join(ROOT, 'bench', 'results.json'),
    inputs: path.join(ROOT, 'docs', 'capacity-inputs.json'),
    doc: path.join(ROOT, 'docs', 'capacity.md'),
    env: 'prod',
    fromInputs: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new CapacityUsageError(`${arg} needs a value; ${USAGE}`);
      return v;
    };
    if (arg === '--results') args.results = path.resolve(value());
    else if (arg === '--inputs') args.inputs = path.resolve(value());
    else if (arg === '--doc') args.doc = path.resolve(value());
    else if (arg === '--env') args.env = value();
    else if (arg === '--from-inputs') args.fromInputs = true;
    else if (arg === '--help' || arg === '-h') throw new CapacityUsageError(USAGE);
    else throw new CapacityUsageError(`unknown argument ${arg}; ${USAGE}`);
  }
  return args;
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CapacityInputError(`no ${what} at ${file}${what === 'bench results' ? ': run `npm run bench` first (or pass --results <file>)' : ''}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CapacityInputError(`${file} is not JSON: ${(error as Error).message}`);
  }
}

/** Builds the inputs, writes them and the document; returns the inputs. */
export function runCapacity(args: CapacityArgs): CapacityInputs {
  const env = loadEnvironments({}).find((e) => e.name === args.env);
  if (!env) throw new CapacityInputError(`no environment "${args.env}" (envs/*/config.ts)`);
  const stack = stackFacts(env);
  const inputs: CapacityInputs = args.fromInputs
    ? { ...(readJson(args.inputs, 'capacity inputs') as CapacityInputs), stack }
    : inputsFromResults(readJson(args.results, 'bench results'), stack, path.relative(process.cwd(), args.results) || args.results);
  mkdirSync(path.dirname(args.inputs), { recursive: true });
  mkdirSync(path.dirname(args.doc), { recursive: true });
  writeFileSync(args.inputs, `${JSON.stringify(inputs, null, 2)}\n`);
  writeFileSync(args.doc, renderCapacityDoc(inputs));
  return inputs;
}

if (require.main === module) {
  try {
    const args = parseCapacityArgs(process.argv.slice(2));
    const inputs = runCapacity(args);
    process.stdout.write(
      `capacity: ${path.relative(process.cwd(), args.doc)} and ${path.relative(process.cwd(), args.inputs)} written from the ${inputs.bench.mode} bench run at ${inputs.bench.commit.slice(0, 12)} (${inputs.bench.date}), ${inputs.stack.environment} settings\n`,
    );
  } catch (error) {
    if (error instanceof CapacityUsageError || error instanceof CapacityInputError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = error instanceof CapacityUsageError ? 2 : 1;
    } else {
      throw error;
    }
  }
}
