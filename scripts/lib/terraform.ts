import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

/** Terraform or its provider is missing: says what and how to get it. */
export class TerraformToolingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TerraformToolingError';
  }
}

/** The AWS provider version `@cdktf/provider-aws` 20.1.0 is built for. */
export const AWS_PROVIDER_VERSION = '5.100.0';

/** Environment for terraform child processes: no prompts, no checkpoint calls, no dangling CLI config. */
export function terraformEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', ...extra };
  if (env.TF_CLI_CONFIG_FILE && !existsSync(env.TF_CLI_CONFIG_FILE)) delete env.TF_CLI_CONFIG_FILE;
  return env;
}

/** Fails with a clear message unless a terraform binary answers on PATH. */
export function requireTerraform(): string {
  const result = spawnSync('terraform', ['version', '-json'], { env: terraformEnv(), encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new TerraformToolingError('terraform was not found on PATH: install Terraform 1.11 (https://developer.hashicorp.com/terraform/install).');
  }
  return (JSON.parse(result.stdout) as { terraform_version: string }).terraform_version;
}

/**
 * The provider mirror from `TF_PLUGIN_DIR`, checked to hold hashicorp/aws 5.100.0 for this platform.
 * With `required` it fails when the variable is unset; otherwise unset means "download from the registry".
 */
export function pluginDir(required: boolean): string | undefined {
  const dir = process.env.TF_PLUGIN_DIR;
  if (!dir) {
    if (!required) return undefined;
    throw new TerraformToolingError(
      'TF_PLUGIN_DIR is not set: point it at a provider mirror that holds registry.terraform.io/hashicorp/aws/' +
        `${AWS_PROVIDER_VERSION} (for example: export TF_PLUGIN_DIR=$(bash scripts/find-provider-mirror.sh)).`,
    );
  }
  const providerDir = path.join(dir, 'registry.terraform.io', 'hashicorp', 'aws', AWS_PROVIDER_VERSION);
  const platforms = existsSync(providerDir) ? readdirSync(providerDir) : [];
  if (platforms.length === 0) {
    throw new TerraformToolingError(
      `TF_PLUGIN_DIR=${dir} has no hashicorp/aws ${AWS_PROVIDER_VERSION} provider (expected ${providerDir}/<os>_<arch>/terraform-provider-aws_*).`,
    );
  }
  return dir;
}

/** Output of one terraform command. */
export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs terraform in a directory and collects its output. */
export function runTerraform(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<TerraformResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', [...args], { cwd, env: terraformEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** `terraform init` (without a backend unless `withBackend`), from the mirror when one is given. */
export async function terraformInit(stackDir: string, mirror: string | undefined, withBackend = false): Promise<TerraformResult> {
  const args = ['init', `-backend=${withBackend}`, '-input=false', '-no-color'];
  if (mirror) args.push(`-plugin-dir=${mirror}`);
  return runTerraform(args, stackDir);
}
