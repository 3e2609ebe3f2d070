import { config as dev } from '../../../envs/dev/config';
import { config as staging } from '../../../envs/staging/config';
import { loadEnvironments, validatePrId } from '../../../modules/config/environments';
import { EnvironmentConfigError, validateEnvironment, validateEnvironments } from '../../../modules/config/load-environments';

describe('environment configs', () => {
  it('loads dev, staging and prod, and pr-<id> only when FAKEMON_PR_ID is set', () => {
    expect(loadEnvironments({}).map((c) => c.name)).toEqual(['dev', 'staging', 'prod']);
    expect(loadEnvironments({ FAKEMON_PR_ID: '123' }).map((c) => c.name)).toEqual(['dev', 'staging', 'prod', 'pr-123']);
    expect(loadEnvironments({ FAKEMON_PR_ID: '' }).map((c) => c.name)).toEqual(['dev', 'staging', 'prod']);
  });

  it.each([
    ['UPPER', 'uppercase'],
    ['feat_1', 'underscore'],
    ['a'.repeat(21), 'too long'],
    ['12 3', 'space'],
    ['../x', 'path'],
  ])('refuses FAKEMON_PR_ID %j (%s)', (id) => {
    expect(() => validatePrId(id)).toThrow(/FAKEMON_PR_ID .* lowercase letters, digits and dashes, at most 20 characters/);
    expect(() => loadEnvironments({ FAKEMON_PR_ID: id })).toThrow(EnvironmentConfigError);
  });

  it.each([
    ['a wrong account id', { accountId: '1234' }, /envs\/dev\/config\.ts[\s\S]*accountId: must be a 12-digit AWS account id/],
    ['an unknown region', { region: 'mars-north-1' }, /envs\/dev\/config\.ts[\s\S]*region: is not a known AWS region/],
    ['a missing bucket', { backend: { ...dev.backend, bucket: '' } }, /envs\/dev\/config\.ts[\s\S]*backend\.bucket: is missing/],
    ['no lock file', { backend: { ...dev.backend, useLockfile: false } }, /backend\.useLockfile: must be true/],
    ['an invalid log retention', { logRetentionDays: 10 }, /logRetentionDays: must be one of/],
    ['a missing required tag', { tags: { environment: 'dev', project: 'x' } }, /tags\.managed-by: must include the "managed-by" tag/],
    ['an unknown field', { colour: 'blue' }, /Unrecognized key/],
  ])('stops on %s, naming the file and the field', (_what, patch, message) => {
    const config = { ...dev, ...patch } as typeof dev;
    expect(() => validateEnvironment({ file: 'envs/dev/config.ts', config })).toThrow(message);
  });

  it('refuses a backend key shared by two environments, naming the second file', () => {
    const clash = { ...staging, backend: { ...staging.backend, bucket: dev.backend.bucket, key: dev.backend.key } };
    expect(() =>
      validateEnvironments([
        { file: 'envs/dev/config.ts', config: dev },
        { file: 'envs/staging/config.ts', config: clash },
      ]),
    ).toThrow(/envs\/staging\/config\.ts:\n {2}- backend\.key: duplicate backend key s3:\/\/fakemon-terraform-state\/fakemon\/dev\/terraform\.tfstate, already used by envs\/dev\/config\.ts/);
  });

  it('gives every environment its own backend key and name prefix', () => {
    const configs = loadEnvironments({ FAKEMON_PR_ID: 'abc' });
    expect(new Set(configs.map((c) => `${c.backend.bucket}/${c.backend.key}`)).size).toBe(configs.length);
    expect(new Set(configs.map((c) => c.namePrefix)).size).toBe(configs.length);
  });
});
