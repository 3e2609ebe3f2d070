import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const DIR = path.join(ROOT, '.github', 'workflows');
const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const files = readdirSync(DIR).filter((f) => f.endsWith('.yml'));

type Step = { run?: string; uses?: string; with?: Record<string, unknown>; env?: Record<string, unknown> };
type Job = { steps?: Step[]; uses?: string; needs?: string | string[]; environment?: unknown };
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
