import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** A throw-away copy of the working tree (as `git` sees it: tracked and untracked, not ignored files). */
export interface RepoCopy {
  readonly dir: string;
  remove(): void;
}

/**
 * Copies the repository's files into a temporary directory, links its `node_modules` and copies the built handler
 * zips (so only what changes is rebuilt there).
 */
export function copyRepository(prefix = 'fakemon-copy-'): RepoCopy {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    const from = path.join(ROOT, file);
    if (!existsSync(from)) continue; // deleted in the working tree, not yet committed
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    cpSync(from, path.join(dir, file));
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  if (existsSync(path.join(ROOT, 'handlers', 'dist'))) cpSync(path.join(ROOT, 'handlers', 'dist'), path.join(dir, 'handlers', 'dist'), { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
