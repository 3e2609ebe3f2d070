import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startLocalAws } from '../../local/aws';
import { readSynthesizedStack } from '../../local/stack/terraform-json';
import { offlineSynthEnv, synthesizeStacks } from './synth';
import { pluginDir, requireTerraform, runTerraform, terraformInit } from './terraform';

/** What `terraform plan` would do to one stack. */
export interface OfflinePlan {
  readonly stack: string;
  /** Addresses of the resources it would create. */
  readonly creates: readonly string[];
  /** Every planned change, by action (create, update, delete…). */
  readonly actions: Readonly<Record<string, number>>;
}

/** A plan that could not be made; carries terraform's output. */
export class OfflinePlanError extends Error {
  constructor(stack: string, step: string, output: string) {
    super(`terraform ${step} failed for ${stack}:\n${output}`);
    this.name = 'OfflinePlanError';
  }
}

interface PlanJson {
  resource_changes?: Array<{ address: string; change: { actions: string[] } }>;
}

/**
 * A real `terraform plan` of one environment with no AWS account: a local state backend, dummy credentials, and
 * the one STS `GetCallerIdentity` call (the provider's account check, the module's `aws_caller_identity`)
 * answered by the local runtime's STS endpoint with the environment's account id.
 */
export async function offlinePlan(envName: string, options: { env?: NodeJS.ProcessEnv; requirePluginDir?: boolean } = {}): Promise<OfflinePlan> {
  requireTerraform();
  const mirror = pluginDir(options.requirePluginDir ?? false);
  const env = offlineSynthEnv({ ...(options.env ?? process.env), ...(envName.startsWith('pr-') ? { FAKEMON_PR_ID: envName.slice(3) } : {}) });
  const stackName = `fakemon-${envName}`;
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'fakemon-plan-'));
  try {
    const stack = synthesizeStacks(env, outdir).find((s) => s.name === stackName);
    if (!stack) throw new Error(`Unknown environment "${envName}": no stack ${stackName}`);
    const { json } = readSynthesizedStack(outdir, stackName);
    const accountId = String(json.output?.account_id?.value);
    const region = String(json.output?.region?.value);
    const sts = await startLocalAws({ port: 0, accountId, region, functionLogs: 'silent' });
    try {
      writeFileSync(
        path.join(stack.dir, 'offline_override.tf.json'),
        JSON.stringify({
          terraform: { backend: { local: { path: 'offline.tfstate' } } },
          provider: { aws: [{ access_key: 'offline', secret_key: 'offline', skip_metadata_api_check: true, endpoints: [{ sts: sts.endpoint }] }] },
        }),
      );
      const init = await terraformInit(stack.dir, mirror, true);
      if (init.code !== 0) throw new OfflinePlanError(stackName, 'init', init.stderr || init.stdout);
      const plan = await runTerraform(['plan', '-input=false', '-lock=false', '-no-color', '-out=offline.tfplan'], stack.dir);
      if (plan.code !== 0) throw new OfflinePlanError(stackName, 'plan', plan.stderr || plan.stdout);
      const show = await runTerraform(['show', '-json', 'offline.tfplan'], stack.dir);
      if (show.code !== 0) throw new OfflinePlanError(stackName, 'show', show.stderr);
      const changes = (JSON.parse(show.stdout) as PlanJson).resource_changes ?? [];
      const actions: Record<string, number> = {};
      for (const change of changes) {
        const key = change.change.actions.join('+');
        actions[key] = (actions[key] ?? 0) + 1;
      }
      return {
        stack: stackName,
        creates: changes.filter((c) => c.change.actions.includes('create')).map((c) => c.address).sort(),
        actions,
      };
    } finally {
      await sts.stop();
    }
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
