import { synthesizeAll } from '../../support/synthesized-stacks';

const stacks = synthesizeAll();
const names = ['fakemon-dev', 'fakemon-pr-123', 'fakemon-prod', 'fakemon-staging'];

describe('one stack per environment', () => {
  it('synthesizes fakemon-dev, -staging, -prod and -pr-<id>', () => {
    expect(Object.keys(stacks).sort()).toEqual(names);
  });

  it.each(names)('%s: S3 backend with its own key, encryption and the native lock file', (name) => {
    const backend = stacks[name].json.terraform.backend.s3;
    expect(backend).toMatchObject({ encrypt: true, use_lockfile: true, key: expect.stringMatching(/\.tfstate$/) });
    expect(backend.bucket).toEqual(expect.any(String));
  });

  it('never shares a backend key between environments', () => {
    const keys = names.map((n) => `${stacks[n].json.terraform.backend.s3.bucket}/${stacks[n].json.terraform.backend.s3.key}`);
    expect(new Set(keys).size).toBe(names.length);
  });

  it.each([
    ['fakemon-dev', ['111111111111']],
    ['fakemon-staging', ['222222222222']],
    ['fakemon-prod', ['333333333333']],
    ['fakemon-pr-123', ['111111111111']],
  ])('%s: the provider only accepts its own account', (name, accounts) => {
    expect(stacks[name].json.provider.aws[0].allowed_account_ids).toEqual(accounts);
  });

  it.each(names)('%s: default tags name the environment, project and tool', (name) => {
    const [{ tags }] = stacks[name].json.provider.aws[0].default_tags as Array<{ tags: Record<string, string> }>;
    expect(tags).toMatchObject({ environment: name.replace('fakemon-', ''), project: 'fakemon-go', 'managed-by': 'cdktf' });
  });

  it('synth is deterministic: two runs give byte-identical cdk.tf.json files', () => {
    const again = synthesizeAll();
    for (const name of names) expect(again[name].text).toBe(stacks[name].text);
  });

  it.each(names)('%s: the module block pins the registry module 3.17.1', (name) => {
    const modules = Object.values(stacks[name].json.module);
    expect(modules).toHaveLength(1);
    expect(modules[0]).toMatchObject({ source: 'terraform-aws-modules/eventbridge/aws', version: '3.17.1' });
  });
});
