import { z } from 'zod';
import { EnvironmentConfigError } from './load-environments';

/** Settings of the per-account bootstrap stacks (the accounts and regions themselves come from the environments). */
export interface BootstrapConfig {
  /** The GitHub repository, `owner/name`, whose workflows may assume the plan and deploy roles. */
  readonly githubRepository: string;
  /** Tags on every bootstrap resource; must include `project` and `managed-by`. */
  readonly tags: Readonly<Record<string, string>>;
  /** Days a deleted alarm-topic key waits before AWS deletes it (7–30). @default 30 */
  readonly keyDeletionWindowDays?: number;
  /** Days the state bucket keeps superseded state versions. @default 90 */
  readonly noncurrentStateVersionDays?: number;
}

const bootstrapSchema = z
  .object({
    githubRepository: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'must be "owner/name" of a GitHub repository'),
    tags: z.record(z.string(), z.string().min(1)).superRefine((tags, ctx) => {
      for (const tag of ['project', 'managed-by']) {
        if (!tags[tag]) ctx.addIssue({ code: 'custom', message: `must include the "${tag}" tag`, path: [tag] });
      }
    }),
    keyDeletionWindowDays: z.number().int().min(7).max(30).optional(),
    noncurrentStateVersionDays: z.number().int().min(1).optional(),
  })
  .strict();

/** Validates the bootstrap settings; throws an error naming the file and every bad field. */
export function validateBootstrapConfig(file: string, config: BootstrapConfig): BootstrapConfig {
  const result = bootstrapSchema.safeParse(config);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new EnvironmentConfigError(`Invalid bootstrap config in ${file}:\n${problems.join('\n')}`);
  }
  return config;
}
