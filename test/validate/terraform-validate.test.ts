import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { pluginDir, requireTerraform } from '../../scripts/lib/terraform';
import { validateStacks } from '../../scripts/lib/validate-stacks';

const ROOT = path.resolve(__dirname, '..', '..');

describe('offline terraform validate (real terraform binary and aws provider)', () => {
  it('has terraform and the provider mirror (TF_PLUGIN_DIR)', () => {
    expect(requireTerraform()).toMatch(/^1\.\d+\.\d+/);
    expect(pluginDir(true)).toBeTruthy();
  });

  it('validates the bootstrap stacks and fakemon-dev, -staging, -prod and -pr-123 against the module contract', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, FAKEMON_PR_ID: '123' };
    delete env.EVENTBRIDGE_MODULE_SOURCE;
    const { moduleSource, results } = await validateStacks({ env, requirePluginDir: true });
    expect(moduleSource).toMatch(/test\/fixtures\/eventbridge-module-contract$/);
    expect(results.map((r) => [r.stack, r.valid, r.diagnostics.filter((d) => d.startsWith('error'))])).toEqual([
      ['fakemon-bootstrap-111111111111', true, []],
      ['fakemon-bootstrap-222222222222', true, []],
      ['fakemon-bootstrap-333333333333', true, []],
      ['fakemon-dev', true, []],
      ['fakemon-pr-123', true, []],
      ['fakemon-prod', true, []],
      ['fakemon-staging', true, []],
    ]);
  }, 300_000);

  it('cdktf list lists every stack', () => {
    const result = spawnSync('npx', ['cdktf', 'list'], { cwd: ROOT, env: { ...process.env, FAKEMON_PR_ID: '123' }, encoding: 'utf8' });
    expect(result.status).toBe(0);
    for (const name of ['fakemon-dev', 'fakemon-staging', 'fakemon-prod', 'fakemon-pr-123', 'fakemon-bootstrap-111111111111', 'fakemon-bootstrap-222222222222', 'fakemon-bootstrap-333333333333']) {
      expect(result.stdout).toContain(name);
    }
  }, 120_000);
});
