import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

/** A handler zip that has not been built. */
export class MissingHandlerZipError extends Error {
  constructor(zipPath: string) {
    super(`Lambda zip not found: ${zipPath}. Build the handlers first with \`npm run build:handlers\`.`);
    this.name = 'MissingHandlerZipError';
  }
}

/**
 * Base64 SHA-256 of the zip file, which is exactly what the AWS provider computes for `source_code_hash`
 * (cdktf's asset hash is not, and would cause a perpetual diff).
 */
export function zipSourceCodeHash(zipPath: string): string {
  if (!existsSync(zipPath)) throw new MissingHandlerZipError(zipPath);
  return createHash('sha256').update(readFileSync(zipPath)).digest('base64');
}
