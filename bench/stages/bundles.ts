/**
 * Stage 1 — handler bundles.
 *
 * For every function: the zip and minified ESM bundle exactly as `handlers/build.ts` makes them (built
 * with `force` into a temporary outDir), and the cold import time of that bundle. Baseline, same run:
 * the same entry bundled naively (CommonJS, not minified, no tree-shaking) into a temporary directory.
 *
 * Cold import: a fresh `node` process per sample that takes `performance.now()` right before and after
 * `await import(bundle)` and prints the difference, so process start-up is not counted. Minified and
 * naive samples alternate (and swap order every round) so machine noise hits both alike; the median of
 * the samples is reported.
 */
import { build } from 'esbuild';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildHandlers, deterministicZip, entryPointOf } from '../../handlers/build';
import { FUNCTION_NAMES, type FunctionName } from '../../handlers/functions';
import { childEnv, runChild, tail } from '../lib/child';
import { ROOT, type BenchContext } from '../lib/context';
import type { StageReport } from '../lib/report';
import { median, summarize } from '../lib/stats';

export const CAPTURE_MAX_MINIFIED_BYTES = 400 * 1024;
export const MAX_SIZE_RATIO = 0.65;
export const MAX_IMPORT_RATIO = 0.75;

/** Imports the module named by argv[2] and prints how long the import took. */
const PROBE = `const target = process.argv[2];
const started = performance.now();
await import(target);
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ ms }), () => process.exit(0));
`;

/** The naive baseline bundle of one entry (CommonJS, not minified, no tree-shaking). */
async function naiveBundle(name: FunctionName, outDir: string): Promise<{ file: string; code: Buffer }> {
  const file = path.join(outDir, name, 'index.cjs');
  await build({
    absWorkingDir: ROOT,
    entryPoints: [entryPointOf(name, ROOT)],
    outfile: file,
    bundle: true,
    format: 'cjs',
    minify: false,
    treeShaking: false,
    platform: 'node',
    target: 'node20',
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    write: true,
    logLevel: 'silent',
  });
  return { file, code: await fs.readFile(file) };
}

async function importMs(probe: string, bundle: string): Promise<number> {
  const result = await runChild(process.execPath, [probe, pathToFileURL(bundle).href], { cwd: path.dirname(bundle), env: childEnv(), timeoutMs: 60_000 });
  if (result.code !== 0) throw new Error(`importing ${bundle} failed (exit ${result.code}):\n${tail(result.stderr || result.stdout)}`);
  const { ms } = JSON.parse(result.stdout) as { ms: number };
  if (typeof ms !== 'number' || !Number.isFinite(ms)) throw new Error(`import probe printed ${result.stdout}`);
  return ms;
}

export async function bundlesStage(ctx: BenchContext, report: StageReport): Promise<void> {
  const dir = path.join(ctx.tmpDir, 'bundles');
  const probe = path.join(dir, 'import-probe.mjs');
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(probe, PROBE);

  ctx.progress(`building ${FUNCTION_NAMES.length} zips (handlers/build.ts, force) and their naive baselines`);
  const built = await buildHandlers({ force: true, outDir: path.join(dir, 'minified'), log: null });
  const naive = new Map<FunctionName, { file: string; bytes: number; zipBytes: number }>();
  for (const name of FUNCTION_NAMES) {
    const { file, code } = await naiveBundle(name, path.join(dir, 'naive'));
    naive.set(name, { file, bytes: code.length, zipBytes: (await deterministicZip(code)).length });
  }

  const runs = ctx.counts.coldImportRuns;
  ctx.progress(`cold imports: ${runs} fresh node processes per bundle, ${FUNCTION_NAMES.length} functions × (minified + naive)`);
  const samples = new Map<FunctionName, { minified: number[]; naive: number[] }>(FUNCTION_NAMES.map((n) => [n, { minified: [], naive: [] }]));
  for (let round = 0; round < runs; round++) {
    for (const result of built) {
      const s = samples.get(result.name)!;
      const naiveFile = naive.get(result.name)!.file;
      if (round % 2 === 0) {
        s.minified.push(await importMs(probe, result.bundlePath));
        s.naive.push(await importMs(probe, naiveFile));
      } else {
        s.naive.push(await importMs(probe, naiveFile));
        s.minified.push(await importMs(probe, result.bundlePath));
      }
    }
  }

  const perFunction: Record<string, unknown> = {};
  for (const result of built) {
    const base = naive.get(result.name)!;
    const s = samples.get(result.name)!;
    const fn = result.name;
    report.figure({
      name: `${fn}: zip`,
      unit: 'bytes',
      value: result.zipBytes,
      baseline: { name: 'naive bundle, zipped', value: base.zipBytes },
      note: 'deflate level 9, one entry (handlers/build.ts deterministicZip)',
    });
    if (fn === 'capture') {
      report.figure({
        name: `${fn}: minified bundle (absolute)`,
        unit: 'bytes',
        value: result.minifiedBytes,
        baseline: { name: 'naive CJS bundle', value: base.bytes },
        target: { subject: 'value', op: '<=', threshold: CAPTURE_MAX_MINIFIED_BYTES },
      });
    }
    report.figure({
      name: `${fn}: minified bundle`,
      unit: 'bytes',
      value: result.minifiedBytes,
      baseline: { name: 'naive CJS bundle', value: base.bytes },
      target: { subject: 'ratio', op: '<=', threshold: MAX_SIZE_RATIO },
    });
    report.figure({
      name: `${fn}: cold import (median of ${runs})`,
      unit: 'ms',
      value: median(s.minified),
      baseline: { name: 'naive bundle cold import', value: median(s.naive) },
      target: { subject: 'ratio', op: '<=', threshold: MAX_IMPORT_RATIO },
      note: 'performance.now() around import() inside a fresh node process (start-up not counted)',
    });
    perFunction[fn] = {
      zipBytes: result.zipBytes,
      minifiedBytes: result.minifiedBytes,
      naiveBytes: base.bytes,
      naiveZipBytes: base.zipBytes,
      coldImportMs: { samples: s.minified, ...summarize(s.minified) },
      naiveColdImportMs: { samples: s.naive, ...summarize(s.naive) },
    };
  }
  Object.assign(report.details, {
    method: {
      coldImport: 'median of fresh node processes; performance.now() around await import(bundle) in the child, so process start-up is excluded',
      naive: "esbuild { bundle: true, format: 'cjs', minify: false, treeShaking: false, platform: 'node', target: 'node20' }",
      runs,
    },
    functions: perFunction,
  });
}
