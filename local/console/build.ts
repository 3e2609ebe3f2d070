/**
 * Builds the console's page with Vite (Preact, TypeScript) into `local/console/dist/`, only when its sources
 * changed: the hash of every file under `web/` and `shared/`, every other file of the repository the bundle
 * imported, and the versions of the toolchain and libraries, recorded next to the output. `npm start` calls it,
 * so a fresh clone builds the page once and later starts find it up to date in a few milliseconds.
 *
 * CLI: `npm run build:console [-- --force]`
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CONSOLE_PATH } from './shared/api';

/** The page's sources (the Vite root). */
export const CONSOLE_WEB_DIR = path.join(__dirname, 'web');
/** Where the built page goes (git-ignored). */
export const CONSOLE_DIST_DIR = path.join(__dirname, 'dist');

const ROOT = path.resolve(__dirname, '..', '..');
const SHARED_DIR = path.join(__dirname, 'shared');
const RECORD_FILE = '.build.json';
/** Packages whose code ends up in the page or builds it. */
const TOOLCHAIN = ['vite', 'preact', 'ajv', 'ajv-draft-04'];

/** Options of {@link buildConsole}. */
export interface ConsoleBuildOptions {
  /** Build even when nothing changed. @default false */
  readonly force?: boolean;
  /** @default {@link CONSOLE_DIST_DIR} */
  readonly outDir?: string;
}

/** What {@link buildConsole} did. */
export interface ConsoleBuildResult {
  readonly status: 'built' | 'up-to-date';
  readonly outDir: string;
  /** Bytes of the built files. */
  readonly bytes: number;
  /** Milliseconds the check (and build) took. */
  readonly ms: number;
}

interface BuildRecord {
  readonly inputsHash: string;
  /** Repository files outside web/ and shared/ the bundle imported (relative to the root). */
  readonly imported: readonly string[];
  readonly bytes: number;
}

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const relative = (file: string): string => path.relative(ROOT, file).split(path.sep).join('/');

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

async function toolchainVersions(): Promise<Record<string, string>> {
  const versions: Record<string, string> = {};
  for (const name of TOOLCHAIN) {
    const manifest = JSON.parse(await fs.readFile(require.resolve(`${name}/package.json`), 'utf8')) as { version: string };
    versions[name] = manifest.version;
  }
  return versions;
}

/** The hash of everything the page is built from; undefined when an imported file is gone. */
async function inputsHash(imported: readonly string[]): Promise<string | undefined> {
  const files = [...(await filesUnder(CONSOLE_WEB_DIR)), ...(await filesUnder(SHARED_DIR)), __filename, path.join(__dirname, 'vite-build.mjs')].map(relative);
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ toolchain: await toolchainVersions(), base: CONSOLE_PATH }));
  for (const file of [...new Set([...files, ...imported])].sort()) {
    try {
      hash.update(`\0${file}\0${sha256(await fs.readFile(path.join(ROOT, file)))}`);
    } catch {
      return undefined;
    }
  }
  return hash.digest('hex');
}

/** Runs Vite in a child process (see vite-build.mjs) and answers the ids of the modules it bundled. */
function runVite(config: Record<string, unknown>): Promise<string[]> {
  return new Promise((resolve, reject) => {
    // A production build whatever environment starts it (jest sets NODE_ENV=test, which would give development JSX).
    const env = { ...process.env, NODE_ENV: 'production' };
    execFile(process.execPath, [path.join(__dirname, 'vite-build.mjs'), JSON.stringify(config)], { cwd: ROOT, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`the console's Vite build failed: ${stderr.trim() || error.message}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '[]') as string[]);
    });
  });
}

async function readRecord(outDir: string): Promise<BuildRecord | undefined> {
  try {
    await fs.access(path.join(outDir, 'index.html'));
    return JSON.parse(await fs.readFile(path.join(outDir, RECORD_FILE), 'utf8')) as BuildRecord;
  } catch {
    return undefined;
  }
}

/** Builds the page unless the last build is of the same sources. */
export async function buildConsole(options: ConsoleBuildOptions = {}): Promise<ConsoleBuildResult> {
  const started = Date.now();
  const outDir = path.resolve(options.outDir ?? CONSOLE_DIST_DIR);
  const previous = await readRecord(outDir);
  if (!options.force && previous && (await inputsHash(previous.imported)) === previous.inputsHash) {
    return { status: 'up-to-date', outDir, bytes: previous.bytes, ms: Date.now() - started };
  }
  // Built next to the output and renamed into place, so a runtime serving the old page never sees half a build.
  const staging = `${outDir}.building-${process.pid}`;
  await fs.rm(staging, { recursive: true, force: true });
  const moduleIds = await runVite({
    configFile: false,
    mode: 'production',
    root: CONSOLE_WEB_DIR,
    base: `${CONSOLE_PATH}/`,
    logLevel: 'warn',
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    // Every browser a developer runs has native modulepreload: no polyfill.
    build: { outDir: staging, emptyOutDir: true, sourcemap: false, target: 'es2022', reportCompressedSize: false, chunkSizeWarningLimit: 1024, modulePreload: { polyfill: false } },
  });
  const imported = [
    ...new Set(
      moduleIds
        .map((id) => id.split('?')[0])
        .filter((id) => path.isAbsolute(id) && id.startsWith(ROOT) && !id.includes(`${path.sep}node_modules${path.sep}`))
        .filter((id) => !id.startsWith(CONSOLE_WEB_DIR) && !id.startsWith(SHARED_DIR))
        .map(relative),
    ),
  ].sort();
  const hash = await inputsHash(imported);
  if (!hash) throw new Error('a source of the console disappeared during its build');
  const bytes = (await Promise.all((await filesUnder(staging)).map(async (f) => (await fs.stat(f)).size))).reduce((a, b) => a + b, 0);
  const record: BuildRecord = { inputsHash: hash, imported, bytes };
  await fs.writeFile(path.join(staging, RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
  await fs.rm(outDir, { recursive: true, force: true });
  try {
    await fs.rename(staging, outDir);
  } catch (error) {
    // Another process (a parallel start) put its build of the same sources there first.
    await fs.rm(staging, { recursive: true, force: true });
    if (!(await readRecord(outDir))) throw error;
  }
  return { status: 'built', outDir, bytes, ms: Date.now() - started };
}

if (require.main === module) {
  buildConsole({ force: process.argv.includes('--force') }).then(
    (result) => console.log(`console ${result.status === 'built' ? 'built' : 'up to date'}: ${path.relative(process.cwd(), result.outDir)} (${(result.bytes / 1024).toFixed(1)} KB, ${result.ms} ms)`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
