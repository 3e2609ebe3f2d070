import { environmentSchema } from './environment-schema';
import type { EnvironmentConfig, EnvironmentConfigInput } from './environment-config';

/** A config file that could not be loaded: names the file and the field. */
export class EnvironmentConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvironmentConfigError';
  }
}

/** A raw config and the file it came from. */
export interface EnvironmentSource {
  /** Repository-relative path of the file, e.g. `envs/dev/config.ts`. */
  readonly file: string;
  /** What the file exports. */
  readonly config: EnvironmentConfigInput;
}

/** Validates one environment config; throws an error naming the file and every bad field. */
export function validateEnvironment(source: EnvironmentSource): EnvironmentConfig {
  const result = environmentSchema.safeParse(source.config);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new EnvironmentConfigError(`Invalid environment config in ${source.file}:\n${problems.join('\n')}`);
  }
  return { ...source.config, sourceFile: source.file };
}

/** Validates every environment, then the rules that span them (unique names, backend keys and prefixes). */
export function validateEnvironments(sources: readonly EnvironmentSource[]): EnvironmentConfig[] {
  const configs = sources.map(validateEnvironment);
  const seen = new Map<string, string>();
  for (const config of configs) {
    const claims: Array<[string, string]> = [
      [`name "${config.name}"`, 'name'],
      [`namePrefix "${config.namePrefix}"`, 'namePrefix'],
      [`backend key s3://${config.backend.bucket}/${config.backend.key}`, 'backend.key'],
    ];
    for (const [claim, field] of claims) {
      const owner = seen.get(claim);
      if (owner) {
        throw new EnvironmentConfigError(
          `Invalid environment config in ${config.sourceFile}:\n  - ${field}: duplicate ${claim}, already used by ${owner}`,
        );
      }
      seen.set(claim, config.sourceFile);
    }
  }
  return configs;
}
