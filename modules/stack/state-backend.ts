import { S3Backend, TerraformStack } from 'cdktf';
import type { BackendConfig } from '../config/environment-config';

/**
 * The environment's S3 state backend. cdktf 0.21's `S3Backend` has no `use_lockfile` field, so the native S3
 * lock file is switched on here with the project's one escape hatch for it.
 */
export function configureStateBackend(stack: TerraformStack, backend: BackendConfig): S3Backend {
  const s3 = new S3Backend(stack, {
    bucket: backend.bucket,
    key: backend.key,
    region: backend.region,
    encrypt: backend.encrypt,
  });
  stack.addOverride('terraform.backend.s3.use_lockfile', backend.useLockfile);
  return s3;
}
