import * as path from 'node:path';

/** Registry address of the community module and the version every stack pins. */
export const EVENTBRIDGE_MODULE = { source: 'terraform-aws-modules/eventbridge/aws', version: '3.17.1' } as const;

/** Environment variable that points the module at a local directory (offline validation). */
export const MODULE_SOURCE_OVERRIDE = 'EVENTBRIDGE_MODULE_SOURCE';

/** A module source: a registry address with its version, or a local directory. */
export interface ModuleSource {
  readonly source: string;
  readonly version?: string;
}

/** Where the module comes from: the pinned registry address, or a local directory without a version. */
export function resolveModuleSource(env: NodeJS.ProcessEnv = process.env): ModuleSource {
  const override = env[MODULE_SOURCE_OVERRIDE];
  if (override === undefined || override.trim() === '') return { ...EVENTBRIDGE_MODULE };
  return { source: path.resolve(override.trim()) };
}
