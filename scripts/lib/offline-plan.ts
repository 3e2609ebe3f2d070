import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startLocalAws } from '../../local/aws';
import { bootstrapStackName } from '../../modules/bootstrap/names';
import { readSynthesizedStack } from '../../local/stack/terraform-json';
import { offlineIamRoute, rolesOf } from './offline-account';
import { offlineSynthEnv, synthesizeStacks } from './synth';
import { pluginDir, requireTerraform, runTerraform, terraformInit } from './terraform';

/** What `terraform plan` would do to one stack. */
export interface OfflinePlan {
  readonly stack: string;
  /** Addresses of the resources it would create. */
  readonly creates: readonly string[];
  /** Every planned change, by action (create, update, delete…). */
  readonly actions: Readonly<Record<string, number>>;
  /** The types of the managed resources it plans, the module's included. */
  readonly resourceTypes: readonly string[];
}

/** A plan that could not be made; carries terraform's output. */
export class OfflinePlanError extends Error {
  constructor(stack: string, step: string, output: string) {
    super(`terraform ${step} failed for ${stack}:\n${output}`);
    this.name = 'OfflinePlanError';
  }
}

interface PlanJson {
  resource_changes?: Array<{ address: string; type: string; mode: string; change: { actions: string[] } }>;
}

/** The stack an `plan:offline` argument names: `dev`, `pr-123`, `bootstrap-<account>[-<region>]`, or a full stack name. */
export const offlineStackName = (name: string): string => (name.startsWith('fakemon-') ? name : `fakemon-${name}`);

/**
 * A real `terraform plan` of one stack (an environment or a bootstrap stack) with no AWS account: a local state
 * backend, dummy credentials, and the calls a plan makes answered on loopback: STS `GetCallerIdentity` (the
 * provider's account check, the module's `aws_caller_identity`) by the local runtime's STS endpoint with the stack's
 * account id, and IAM `ListRoles` (an environment's bootstrap check) with the roles its account's synthesized
 * bootstrap stack creates, i.e. the account as it is once that stack is applied.
 */
export async function offlinePlan(name: string, options: { env?: NodeJS.ProcessEnv; requirePluginDir?: boolean } = {}): Promise<OfflinePlan> {
  requireTerraform();
  const mirror = pluginDir(options.requirePluginDir ?? false);
  const stackName = offlineStackName(name);
  const prId = /^fakemon-pr-(.+)$/.exec(stackName)?.[1];
  const env = offlineSynthEnv({ ...(options.env ?? process.env), ...(prId ? { FAKEMON_PR_ID: prId } : {}) });
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'fakemon-plan-'));
  try {
    const stack = synthesizeStacks(env, outdir).find((s) => s.name === stackName);
    if (!stack) throw new Error(`Unknown stack "${name}": no ${stackName} (dev, staging, prod, pr-<id>, or one of the bootstrap stacks: npx cdktf list)`);
    const { json } = readSynthesizedStack(outdir, stackName);
    const accountId = String(json.output?.account_id?.value);
    const region = String(json.output?.region?.value);
    const sts = await startLocalAws({ port: 0, accountId, region, functionLogs: 'silent' });
    const home = bootstrapStackName(accountId, '', true);
    sts.registerService(offlineIamRoute(accountId, rolesOf(readSynthesizedStack(outdir, home).json)));
    try {
      writeFileSync(
        path.join(stack.dir, 'offline_override.tf.json'),
        JSON.stringify({
          terraform: { backend: { local: { path: 'offline.tfstate' } } },
          provider: { aws: [{ access_key: 'offline', secret_key: 'offline', skip_metadata_api_check: true, endpoints: [{ sts: sts.endpoint, iam: sts.endpoint }] }] },
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
        resourceTypes: [...new Set(changes.filter((c) => c.mode === 'managed').map((c) => c.type))].sort(),
      };
    } finally {
      await sts.stop();
    }
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
