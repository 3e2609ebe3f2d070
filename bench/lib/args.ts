import * as path from 'node:path';

export interface BenchArgs {
  readonly quick: boolean;
  /** Where results.json goes (absolute). */
  readonly out: string;
  /** Stages to run, in the runner's order. */
  readonly only: readonly string[];
}

export const USAGE = 'usage: tsx bench/run.ts [--quick] [--out <results.json>] [--only <stage>[,<stage>…]]';

/** A bad command line (or --help): the message is the usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseArgs(argv: readonly string[], stages: readonly string[], defaultOut: string): BenchArgs {
  let quick = false;
  let out = path.resolve(defaultOut);
  let only: string[] = [...stages];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value; ${USAGE}`);
      return v;
    };
    if (arg === '--quick') quick = true;
    else if (arg === '--out') out = path.resolve(value());
    else if (arg.startsWith('--out=')) out = path.resolve(arg.slice('--out='.length));
    else if (arg === '--only') only = value().split(',').filter(Boolean);
    else if (arg.startsWith('--only=')) only = arg.slice('--only='.length).split(',').filter(Boolean);
    else if (arg === '--help' || arg === '-h') throw new UsageError(USAGE);
    else throw new UsageError(`unknown argument ${arg}; ${USAGE}`);
  }
  const unknown = only.filter((name) => !stages.includes(name));
  if (unknown.length > 0) throw new UsageError(`unknown stage(s) ${unknown.join(', ')}; stages: ${stages.join(', ')}`);
  if (only.length === 0) throw new UsageError(`--only names no stage; stages: ${stages.join(', ')}`);
  return { quick, out, only: stages.filter((s) => only.includes(s)) };
}
