/**
 * Stage 2 — synth and build.
 *
 * - Build: `buildHandlers({ force: true })` of every function into a temporary outDir (wall time).
 * - Synth: `cdktf synth --output <tmp>` as a child process with FAKEMON_PR_ID=bench (every environment:
 *   dev, staging, prod, pr-bench), against the baseline: the empty app of bench/fixtures/empty-app (one
 *   stack, one AWS provider) synthesized by the same `cdktf synth` command. Runs alternate; medians.
 *   Also, for the breakdown, the same two apps synthesized in this process once their modules are
 *   loaded (buildApp(...).synth() vs buildEmptyApp(...).synth()).
 * - Offline `terraform validate` per stack through `validateStacks` (scripts/lib/validate-stacks.ts),
 *   which needs TF_PLUGIN_DIR; skipped, with the reason, when it is unset (and in quick mode). The
 *   baseline is `terraform init` + `validate` of the empty app's stack with the same plugin dir.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { buildHandlers } from '../../handlers/build';
import { buildApp } from '../../modules/app';
import { runTerraform, terraformInit } from '../../scripts/lib/terraform';
import { validateStacks } from '../../scripts/lib/validate-stacks';
import { buildEmptyApp, EMPTY_STACK } from '../fixtures/empty-app/main';
import { childEnv, runChild, tail } from '../lib/child';
import { ROOT, type BenchContext } from '../lib/context';
import type { StageReport } from '../lib/report';
import { median, now, summarize } from '../lib/stats';

export const MAX_SYNTH_RATIO = 2;
const EMPTY_APP_DIR = path.join(ROOT, 'bench', 'fixtures', 'empty-app');
const CDKTF = path.join(ROOT, 'node_modules', '.bin', 'cdktf');
const BENCH_PR_ID = 'bench';

/** `cdktf synth` in `cwd` into `outdir`; returns the wall time and checks the expected stacks exist. */
async function cdktfSynth(cwd: string, outdir: string, expectedStacks: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const result = await runChild(CDKTF, ['synth', '--output', outdir], { cwd, env: childEnv(env), timeoutMs: 180_000 });
  if (result.code !== 0) throw new Error(`cdktf synth in ${cwd} failed (exit ${result.code}):\n${tail(result.stderr || result.stdout)}`);
  const stacks = existsSync(path.join(outdir, 'stacks')) ? readdirSync(path.join(outdir, 'stacks')).sort() : [];
  const missing = expectedStacks.filter((s) => !stacks.includes(s));
  if (missing.length > 0) throw new Error(`cdktf synth in ${cwd} did not write ${missing.join(', ')} (got ${stacks.join(', ') || 'nothing'})`);
  return result.ms;
}

function projectStacks(outdir: string): string[] {
  const app = buildApp({ outdir, env: { ...process.env, FAKEMON_PR_ID: BENCH_PR_ID } });
  return app.node.children.map((c) => c.node.id).sort();
}

export async function synthStage(ctx: BenchContext, report: StageReport): Promise<void> {
  const dir = path.join(ctx.tmpDir, 'synth');
  mkdirSync(dir, { recursive: true });
  const runs = ctx.counts.synthRuns;
  // Zips must exist for the project's synth (the stack hashes them); the runtime builds them the same way.
  await ctx.devStack();
  const stacks = projectStacks(path.join(dir, 'stack-list'));

  // --- cdktf synth (child processes), alternating with the empty-app baseline.
  ctx.progress(`cdktf synth ×${runs} (${stacks.join(', ')}) alternating with the empty app ×${runs}`);
  const synthMs: number[] = [];
  const emptyMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const project = () => cdktfSynth(ROOT, path.join(dir, `project-${i}`), stacks, { FAKEMON_PR_ID: BENCH_PR_ID });
    const empty = () => cdktfSynth(EMPTY_APP_DIR, path.join(dir, `empty-${i}`), [EMPTY_STACK], { FAKEMON_PR_ID: undefined });
    if (i % 2 === 0) {
      synthMs.push(await project());
      emptyMs.push(await empty());
    } else {
      emptyMs.push(await empty());
      synthMs.push(await project());
    }
  }
  const emptyMedian = median(emptyMs);
  const emptyBaseline = { name: 'empty app + AWS provider, cdktf synth', value: emptyMedian };
  report.figure({
    name: `cdktf synth, ${stacks.length} environments (median of ${runs})`,
    unit: 'ms',
    value: median(synthMs),
    baseline: emptyBaseline,
    target: { subject: 'ratio', op: '<=', threshold: MAX_SYNTH_RATIO },
    note: 'child process `cdktf synth --output <tmp>` (CLI start-up, app start-up and synth), FAKEMON_PR_ID=bench',
  });

  // --- handler build (in process), same run, against the same baseline.
  ctx.progress(`buildHandlers({ force: true }) ×${runs} into a temporary outDir`);
  const buildMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = now();
    await buildHandlers({ force: true, outDir: path.join(dir, `zips-${i}`), log: null });
    buildMs.push(now() - started);
  }
  report.figure({
    name: `build all zips, force (median of ${runs})`,
    unit: 'ms',
    value: median(buildMs),
    baseline: emptyBaseline,
    note: 'buildHandlers({ force: true, outDir: <tmp> }) in process',
  });

  // --- breakdown: in-process synth with modules already loaded.
  ctx.progress(`in-process synth ×${Math.max(runs, 3)} of both apps (modules loaded)`);
  const warmProject: number[] = [];
  const warmEmpty: number[] = [];
  const env = { ...process.env, FAKEMON_PR_ID: BENCH_PR_ID };
  buildEmptyApp(path.join(dir, 'warm-empty-x')).synth();
  for (let i = 0; i < Math.max(runs, 3); i++) {
    let started = now();
    buildApp({ outdir: path.join(dir, `warm-project-${i}`), env }).synth();
    warmProject.push(now() - started);
    started = now();
    buildEmptyApp(path.join(dir, `warm-empty-${i}`)).synth();
    warmEmpty.push(now() - started);
  }
  report.figure({
    name: `synth in process, modules loaded, ${stacks.length} environments`,
    unit: 'ms',
    value: median(warmProject),
    baseline: { name: 'empty app, in process', value: median(warmEmpty) },
    note: 'buildApp(...).synth() after a first synth in this process: construct tree + JSON only, no start-up',
  });

  // --- offline terraform validate.
  Object.assign(report.details, {
    stacks,
    cdktfSynthMs: summarize(synthMs),
    cdktfSynthSamples: synthMs,
    emptyCdktfSynthMs: summarize(emptyMs),
    emptyCdktfSynthSamples: emptyMs,
    buildMs: summarize(buildMs),
    buildSamples: buildMs,
    inProcessSynthMs: warmProject,
    inProcessEmptySynthMs: warmEmpty,
  });
  if (!ctx.counts.validate) {
    report.skip('terraform validate per stack', 'quick mode');
  } else if (!process.env.TF_PLUGIN_DIR) {
    report.skip(
      'terraform validate per stack',
      'TF_PLUGIN_DIR is unset (offline validate needs the hashicorp/aws 5.100.0 mirror; `export TF_PLUGIN_DIR=$(bash scripts/find-provider-mirror.sh)`)',
    );
  } else {
    report.details.validate = await validateFigures(ctx, report, dir);
  }
}

async function validateFigures(ctx: BenchContext, report: StageReport, dir: string): Promise<unknown> {
  const mirror = process.env.TF_PLUGIN_DIR as string;
  // Baseline first: the empty app's stack, synthesized in process, then init + validate.
  ctx.progress('terraform init + validate of the empty app (baseline)');
  const emptyOut = path.join(dir, 'validate-empty');
  const synthStarted = now();
  buildEmptyApp(emptyOut).synth();
  const emptySynthMs = now() - synthStarted;
  const emptyDir = path.join(emptyOut, 'stacks', EMPTY_STACK);
  const started = now();
  const init = await terraformInit(emptyDir, mirror);
  if (init.code !== 0) throw new Error(`terraform init of the empty app failed:\n${tail(init.stderr || init.stdout)}`);
  const validate = await runTerraform(['validate', '-json', '-no-color'], emptyDir);
  if (validate.code !== 0) throw new Error(`terraform validate of the empty app failed:\n${tail(validate.stderr || validate.stdout)}`);
  const emptyValidateMs = now() - started;

  ctx.progress('validateStacks (synth every environment, then terraform init + validate per stack)');
  const perStack: { stack: string; ms: number; valid: boolean; diagnostics: readonly string[] }[] = [];
  const validateStarted = now();
  let last = validateStarted;
  const { results, moduleSource } = await validateStacks({
    env: { ...process.env, FAKEMON_PR_ID: BENCH_PR_ID },
    requirePluginDir: true,
    onResult: (result) => {
      const t = now();
      perStack.push({ stack: result.stack, ms: t - last, valid: result.valid, diagnostics: result.diagnostics });
      last = t;
    },
  });
  const totalMs = now() - validateStarted;
  for (const [i, s] of perStack.entries()) {
    // validateStacks synthesizes every stack before the first init, so the first interval includes that synth.
    const first = i === 0;
    report.figure({
      name: `terraform validate ${s.stack}${first ? ' (incl. synth of all stacks)' : ''}`,
      unit: 'ms',
      value: s.ms,
      baseline: first
        ? { name: 'empty app synth + init + validate', value: emptySynthMs + emptyValidateMs }
        : { name: 'empty app init + validate', value: emptyValidateMs },
      note: 'interval between validateStacks onResult callbacks',
    });
  }
  report.figure({
    name: `terraform validate, all ${perStack.length} stacks (validateStacks)`,
    unit: 'ms',
    value: totalMs,
    baseline: { name: `${perStack.length} × empty app init + validate`, value: perStack.length * emptyValidateMs },
  });
  const invalid = results.filter((r) => !r.valid);
  report.check('every stack valid (terraform validate)', invalid.length === 0, invalid.length === 0 ? `${results.length}/${results.length} valid` : invalid.map((r) => `${r.stack}: ${r.diagnostics.join('; ')}`).join(' | '));
  return { moduleSource, totalMs, perStack, emptyValidateMs, emptySynthMs };
}
