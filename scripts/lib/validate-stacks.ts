import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { offlineSynthEnv, synthesizeStacks } from './synth';
import { pluginDir, requireTerraform, runTerraform, terraformInit } from './terraform';

/** Result of validating one stack. */
export interface StackValidation {
  readonly stack: string;
  readonly valid: boolean;
  /** Error and warning summaries from `terraform validate -json`, or init's output when init failed. */
  readonly diagnostics: readonly string[];
}

/** Options of {@link validateStacks}. */
export interface ValidateOptions {
  /** Environment variables for synth (`FAKEMON_PR_ID`, `EVENTBRIDGE_MODULE_SOURCE`). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Require `TF_PLUGIN_DIR` (offline). @default false: without it terraform downloads the provider */
  readonly requirePluginDir?: boolean;
  /** Called with each stack's result as it completes. */
  readonly onResult?: (result: StackValidation) => void;
}

interface ValidateJson {
  valid: boolean;
  diagnostics: Array<{ severity: string; summary: string; detail?: string }>;
}

/**
 * Synthesizes every stack, then runs `terraform init -backend=false` and `terraform validate` in each. The
 * EventBridge module comes from `EVENTBRIDGE_MODULE_SOURCE` or, when unset, the module-contract fixture.
 */
export async function validateStacks(options: ValidateOptions = {}): Promise<{ moduleSource: string; results: StackValidation[] }> {
  requireTerraform();
  const mirror = pluginDir(options.requirePluginDir ?? false);
  const env = offlineSynthEnv(options.env ?? process.env);
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'fakemon-validate-'));
  try {
    return { moduleSource: String(env.EVENTBRIDGE_MODULE_SOURCE), results: await validateEach(synthesizeStacks(env, outdir), mirror, options) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

async function validateEach(
  stacks: readonly { name: string; dir: string }[],
  mirror: string | undefined,
  options: ValidateOptions,
): Promise<StackValidation[]> {
  const results: StackValidation[] = [];
  for (const stack of stacks) {
    const init = await terraformInit(stack.dir, mirror);
    let result: StackValidation;
    if (init.code !== 0) {
      result = { stack: stack.name, valid: false, diagnostics: [`terraform init failed:\n${init.stderr || init.stdout}`] };
    } else {
      const validate = await runTerraform(['validate', '-json', '-no-color'], stack.dir);
      const parsed = JSON.parse(validate.stdout) as ValidateJson;
      result = {
        stack: stack.name,
        valid: parsed.valid && validate.code === 0,
        diagnostics: parsed.diagnostics.map((d) => `${d.severity}: ${d.summary}${d.detail ? ` — ${d.detail}` : ''}`),
      };
    }
    options.onResult?.(result);
    results.push(result);
  }
  return results;
}
