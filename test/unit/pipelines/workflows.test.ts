import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { environmentFamilies } from '../../../modules/config/environments';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const DIR = path.join(ROOT, '.github', 'workflows');
const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const files = readdirSync(DIR).filter((f) => f.endsWith('.yml'));

type Step = { run?: string; uses?: string; with?: Record<string, unknown>; env?: Record<string, unknown> };
type Job = { steps?: Step[]; uses?: string; needs?: string | string[]; environment?: unknown; with?: Record<string, unknown> };
type Workflow = { on: unknown; permissions?: Record<string, string>; jobs: Record<string, Job>; env?: Record<string, unknown> };
const workflows: Record<string, Workflow> = Object.fromEntries(files.map((f) => [f, parse(readFileSync(path.join(DIR, f), 'utf8')) as Workflow]));
const steps = (w: Workflow): Step[] => Object.values(w.jobs).flatMap((j) => j.steps ?? []);

describe('CI/CD workflows', () => {
  it('has the pull-request, deploy and reusable apply workflows', () => {
    expect(files.sort()).toEqual(['apply-environment.yml', 'deploy.yml', 'pull-request.yml']);
  });

  it.each(files)('%s is valid YAML with jobs', (file) => {
    expect(Object.keys(workflows[file].jobs).length).toBeGreaterThan(0);
  });

  it.each(files)('%s: every `npm run`/`npm test` step names a script that exists in package.json', (file) => {
    const referenced = steps(workflows[file]).flatMap((s) => [...(s.run ?? '').matchAll(/npm (?:run ([a-z0-9:-]+)|(test))\b/g)].map((m) => m[1] ?? m[2]));
    expect(referenced.length).toBeGreaterThan(0);
    expect(referenced.filter((name) => !(name in scripts))).toEqual([]);
  });

  it.each(files)('%s: every script file a step runs exists', (file) => {
    const paths = steps(workflows[file]).flatMap((s) => [...(s.run ?? '').matchAll(/bash ([\w./-]+\.sh)/g)].map((m) => m[1]));
    expect(paths.filter((p) => !existsSync(path.join(ROOT, p)))).toEqual([]);
  });

  it.each(files)('%s: AWS access only through OIDC role assumption, never stored keys', (file) => {
    const text = readFileSync(path.join(DIR, file), 'utf8');
    expect(text).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY/);
    for (const step of steps(workflows[file]).filter((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials'))) {
      expect(step.with?.['role-to-assume']).toBeTruthy();
      expect(workflows[file].permissions?.['id-token']).toBe('write');
    }
  });

  it.each(files)('%s: Terraform is pinned to an exact version', (file) => {
    for (const step of steps(workflows[file]).filter((s) => s.uses?.startsWith('hashicorp/setup-terraform'))) {
      const version = String(step.with?.terraform_version).replace('${{ env.TERRAFORM_VERSION }}', String(workflows[file].env?.TERRAFORM_VERSION));
      expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });

  it('pull requests deploy an ephemeral stack, run e2e against it, and always destroy it', () => {
    const job = workflows['pull-request.yml'].jobs['ephemeral-e2e'];
    const runs = (job.steps ?? []).map((s) => s);
    const deploy = runs.findIndex((s) => /cdktf deploy fakemon-pr-/.test(s.run ?? ''));
    const e2e = runs.findIndex((s) => s.run === 'npm run test:e2e');
    const destroy = runs.find((s) => /cdktf destroy fakemon-pr-/.test(s.run ?? '')) as Step & { if?: string };
    expect(deploy).toBeGreaterThan(-1);
    expect(e2e).toBeGreaterThan(deploy);
    expect(runs[e2e].env?.E2E_TARGET).toBe('aws');
    expect(destroy?.if).toBe('always()');
  });

  it('assumes the deploy role again right before the pull-request destroy, so a long e2e run cannot leave it with expired credentials', () => {
    const steps = (workflows['pull-request.yml'].jobs['ephemeral-e2e'].steps ?? []) as Array<Step & { if?: string }>;
    const destroy = steps.findIndex((s) => /cdktf destroy fakemon-pr-/.test(s.run ?? ''));
    const before = steps[destroy - 1];
    expect(before?.uses).toMatch(/^aws-actions\/configure-aws-credentials@/);
    expect(before?.if).toBe('always()');
    expect(before?.with?.['role-to-assume']).toBe('${{ vars.DEPLOY_ROLE_ARN }}');
  });

  it('retries the pull-request destroy once, after a pause (EventBridge deletes managed rules asynchronously)', () => {
    const destroy = (workflows['pull-request.yml'].jobs['ephemeral-e2e'].steps ?? []).find((s) => /cdktf destroy/.test(s.run ?? ''));
    const run = String(destroy?.run);
    expect(run.match(/npx cdktf destroy fakemon-pr-\$\{FAKEMON_PR_ID\} --auto-approve/g)).toHaveLength(2);
    expect(run).toMatch(/--auto-approve \|\| \{[\s\S]*sleep \d+[\s\S]*npx cdktf destroy/);
  });

  it.each(files)('%s: every third-party action is pinned to a full commit SHA, with its tag in a comment', (file) => {
    const lines = readFileSync(path.join(DIR, file), 'utf8').split('\n').filter((line) => /^\s*(- )?uses:/.test(line) && !/uses: \.\//.test(line));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((line) => !/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/.test(line))).toEqual([]);
  });

  it('plans with the plan role and takes the state lock (the plan role may write the lock object; never -lock=false)', () => {
    const plan = workflows['pull-request.yml'].jobs.plan.steps ?? [];
    const credentials = plan.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials'));
    expect(credentials?.with?.['role-to-assume']).toContain('PLAN_ROLE_ARN_');
    const diff = plan.find((s) => /cdktf diff/.test(s.run ?? ''));
    expect(diff?.run).not.toMatch(/lock=false/);
    expect(diff?.run).toMatch(/set -o pipefail/);
  });

  it('deploys every environment in the GitHub environment its config names, with that environment’s deploy role', () => {
    const githubEnvironments = new Set(environmentFamilies().map((f) => f.config.githubEnvironment));
    const deploy = workflows['deploy.yml'].jobs;
    const applied = Object.values(deploy).filter((j) => j.uses === './.github/workflows/apply-environment.yml').map((j) => String(j.with?.environment));
    const ephemeral = String(workflows['pull-request.yml'].jobs['ephemeral-e2e'].environment);
    expect(new Set([...applied, ephemeral])).toEqual(githubEnvironments);
    for (const job of [workflows['apply-environment.yml'].jobs.apply, workflows['pull-request.yml'].jobs['ephemeral-e2e']]) {
      const credentials = (job.steps ?? []).find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials'));
      expect(credentials?.with?.['role-to-assume']).toBe('${{ vars.DEPLOY_ROLE_ARN }}');
    }
  });

  it('pull requests keep each environment plan as an artifact', () => {
    const plan = workflows['pull-request.yml'].jobs.plan.steps ?? [];
    expect(plan.some((s) => /cdktf diff fakemon-/.test(s.run ?? ''))).toBe(true);
    expect(plan.some((s) => s.uses?.startsWith('actions/upload-artifact'))).toBe(true);
  });

  it('merges apply dev, then staging, then prod, each in its approval environment', () => {
    const jobs = workflows['deploy.yml'].jobs;
    expect(jobs['apply-dev']).toMatchObject({ needs: 'test', with: { environment: 'dev' } });
    expect(jobs['apply-staging']).toMatchObject({ needs: 'apply-dev', with: { environment: 'staging' } });
    expect(jobs['apply-prod']).toMatchObject({ needs: 'apply-staging', with: { environment: 'prod' } });
    expect(workflows['apply-environment.yml'].jobs.apply.environment).toBe('${{ inputs.environment }}');
  });
});
