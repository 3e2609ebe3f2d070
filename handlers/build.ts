/**
 * Builds one reproducible Lambda zip per function:
 *
 *   handlers/src/<fn>/index.ts --esbuild (ESM, minified, node20)--> handlers/dist/<fn>/index.mjs
 *                              --yazl (one entry, fixed time/mode)--> handlers/dist/<fn>.zip
 *
 * The same sources give a byte-identical zip, so the zip's base64 SHA-256 can be the Lambda
 * `source_code_hash`. A function is skipped when the hash of its inputs (every file esbuild read,
 * the build options and toolchain versions) matches the last build, unless `force` is set.
 *
 * CLI: `npm run build:handlers [-- --force] [-- capture deliver-result …]`
 */
import { build, version as esbuildVersion, type BuildOptions as EsbuildOptions } from 'esbuild';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ZipFile } from 'yazl';
import { FUNCTION_NAMES, HANDLER, type FunctionName } from './functions';

export interface BuildOptions {
  /** Functions to build. @default all of FUNCTION_NAMES */
  readonly functions?: readonly FunctionName[];
  /** Rebuild even when the inputs did not change. @default false */
  readonly force?: boolean;
  /** Where zips go. @default `<rootDir>/handlers/dist` */
  readonly outDir?: string;
  /** The repository root (holding `handlers/src`). @default the parent of this file's folder */
  readonly rootDir?: string;
  /** Receives one summary line per function; `null` silences. @default console.log */
  readonly log?: ((line: string) => void) | null;
}

export interface BuildResult {
  readonly name: FunctionName;
  readonly status: 'built' | 'up-to-date';
  /** `<outDir>/<name>.zip`: a single `index.mjs` entry. */
  readonly zipPath: string;
  /** `<outDir>/<name>/index.mjs`: the same bundle, unzipped (for the local runtime). */
  readonly bundlePath: string;
  /** The Lambda handler setting: `index.handler`. */
  readonly handler: string;
  readonly minifiedBytes: number;
  readonly zipBytes: number;
  /** Base64 SHA-256 of the zip file (the Lambda `source_code_hash`). */
  readonly sha256: string;
  /** Hex SHA-256 of the build inputs. */
  readonly inputsHash: string;
}

/** Written next to each zip: what it was built from. */
interface BuildRecord {
  readonly inputsHash: string;
  readonly inputs: readonly string[];
  readonly sha256: string;
  readonly minifiedBytes: number;
  readonly zipBytes: number;
}

/** DOS timestamps are local wall-clock fields: building the date from local fields keeps them fixed in every time zone. */
const ZIP_MTIME = new Date(1980, 0, 1, 0, 0, 0);
const ZIP_FILE_MODE = 0o100644;
const ZIP_ENTRY = 'index.mjs';

/** Some bundled CommonJS code calls `require()` on node builtins; give the ESM bundle a real `require`. */
const REQUIRE_BANNER = "import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);";

export function defaultRootDir(): string {
  return path.resolve(__dirname, '..');
}

export function entryPointOf(name: FunctionName, rootDir: string = defaultRootDir()): string {
  return path.join(rootDir, 'handlers', 'src', name, 'index.ts');
}

export function zipPathOf(name: FunctionName, outDir: string = path.join(defaultRootDir(), 'handlers', 'dist')): string {
  return path.join(outDir, `${name}.zip`);
}

function esbuildOptions(name: FunctionName, rootDir: string): EsbuildOptions {
  return {
    absWorkingDir: rootDir,
    entryPoints: [path.relative(rootDir, entryPointOf(name, rootDir))],
    bundle: true,
    write: false,
    metafile: true,
    outfile: `${name}/${ZIP_ENTRY}`,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    mainFields: ['module', 'main'],
    minify: true,
    treeShaking: true,
    sourcemap: false,
    legalComments: 'none',
    charset: 'utf8',
    banner: { js: REQUIRE_BANNER },
    tsconfig: 'tsconfig.json',
    logLevel: 'silent',
  };
}

const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const sha256Base64 = (data: Buffer): string => createHash('sha256').update(data).digest('base64');

/** Hash of everything a bundle depends on; undefined when an input file is gone. */
async function inputsHashOf(name: FunctionName, rootDir: string, inputs: readonly string[]): Promise<string | undefined> {
  const hash = createHash('sha256');
  const { absWorkingDir: _abs, ...portable } = esbuildOptions(name, rootDir);
  hash.update(JSON.stringify({ esbuild: esbuildVersion, zlib: process.versions.zlib, options: portable, zip: [ZIP_ENTRY, ZIP_FILE_MODE] }));
  hash.update(await fs.readFile(__filename));
  for (const input of [...inputs].sort()) {
    let content: Buffer;
    try {
      content = await fs.readFile(path.join(rootDir, input));
    } catch {
      return undefined;
    }
    hash.update(`\0${input}\0${sha256Hex(content)}`);
  }
  return hash.digest('hex');
}

/** Bundles one function; returns the minified code and the files esbuild read (relative to rootDir). */
export async function bundleFunction(name: FunctionName, rootDir: string = defaultRootDir()): Promise<{ code: Buffer; inputs: string[] }> {
  const result = await build(esbuildOptions(name, rootDir));
  const output = result.outputFiles?.find((f) => f.path.endsWith(ZIP_ENTRY));
  if (!output) throw new Error(`esbuild produced no ${ZIP_ENTRY} for ${name}`);
  const inputs: string[] = [];
  for (const input of Object.keys(result.metafile?.inputs ?? {})) {
    try {
      if ((await fs.stat(path.join(rootDir, input))).isFile()) inputs.push(input);
    } catch {
      // virtual module (no file to watch)
    }
  }
  return { code: Buffer.from(output.contents), inputs: inputs.sort() };
}

/** A zip with one entry, fixed timestamp and permissions, maximum deflate: same content → same bytes. */
export function deterministicZip(content: Buffer, entryName: string = ZIP_ENTRY): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const zip = new ZipFile();
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.addBuffer(content, entryName, { mtime: ZIP_MTIME, mode: ZIP_FILE_MODE, compressionLevel: 9, forceDosTimestamp: true });
    zip.end();
  });
}

async function readRecord(file: string): Promise<BuildRecord | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as BuildRecord;
  } catch {
    return undefined;
  }
}

async function upToDate(name: FunctionName, rootDir: string, zipPath: string, bundlePath: string, record: BuildRecord): Promise<boolean> {
  try {
    const [zip] = await Promise.all([fs.readFile(zipPath), fs.stat(bundlePath)]);
    if (sha256Base64(zip) !== record.sha256) return false;
  } catch {
    return false;
  }
  return (await inputsHashOf(name, rootDir, record.inputs)) === record.inputsHash;
}

async function buildOne(name: FunctionName, rootDir: string, outDir: string, force: boolean): Promise<BuildResult> {
  const zipPath = zipPathOf(name, outDir);
  const bundlePath = path.join(outDir, name, ZIP_ENTRY);
  const recordPath = path.join(outDir, `${name}.build.json`);
  const previous = await readRecord(recordPath);
  if (!force && previous && (await upToDate(name, rootDir, zipPath, bundlePath, previous))) {
    return { name, status: 'up-to-date', zipPath, bundlePath, handler: HANDLER, ...pick(previous) };
  }
  const { code, inputs } = await bundleFunction(name, rootDir);
  const zip = await deterministicZip(code);
  const inputsHash = await inputsHashOf(name, rootDir, inputs);
  if (!inputsHash) throw new Error(`an input of ${name} disappeared during the build`);
  const record: BuildRecord = { inputsHash, inputs, sha256: sha256Base64(zip), minifiedBytes: code.length, zipBytes: zip.length };
  await fs.mkdir(path.dirname(bundlePath), { recursive: true });
  await fs.writeFile(bundlePath, code);
  await fs.writeFile(zipPath, zip);
  await fs.writeFile(recordPath, JSON.stringify(record, null, 2) + '\n');
  return { name, status: 'built', zipPath, bundlePath, handler: HANDLER, ...pick(record) };
}

function pick(r: BuildRecord): Pick<BuildResult, 'minifiedBytes' | 'zipBytes' | 'sha256' | 'inputsHash'> {
  return { minifiedBytes: r.minifiedBytes, zipBytes: r.zipBytes, sha256: r.sha256, inputsHash: r.inputsHash };
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

export function formatResult(r: BuildResult): string {
  return `${r.name.padEnd(14)} minified ${kb(r.minifiedBytes).padStart(9)}  zip ${kb(r.zipBytes).padStart(9)}  sha256 ${r.sha256}  ${r.status}`;
}

/** Builds (or confirms up to date) the zips of the given functions; see {@link BuildOptions}. */
export async function buildHandlers(options: BuildOptions = {}): Promise<BuildResult[]> {
  const rootDir = path.resolve(options.rootDir ?? defaultRootDir());
  const outDir = path.resolve(options.outDir ?? path.join(rootDir, 'handlers', 'dist'));
  const names = options.functions ?? FUNCTION_NAMES;
  for (const name of names) {
    if (!(FUNCTION_NAMES as readonly string[]).includes(name)) throw new Error(`unknown function ${name}; expected one of ${FUNCTION_NAMES.join(', ')}`);
  }
  await fs.mkdir(outDir, { recursive: true });
  const results = await Promise.all(names.map((name) => buildOne(name, rootDir, outDir, options.force ?? false)));
  const log = options.log === undefined ? (line: string) => console.log(line) : options.log;
  if (log) for (const r of results) log(formatResult(r));
  return results;
}

async function main(argv: readonly string[]): Promise<void> {
  const force = argv.includes('--force');
  const unknownFlags = argv.filter((a) => a.startsWith('-') && a !== '--force');
  if (unknownFlags.length > 0) throw new Error(`unknown option(s) ${unknownFlags.join(' ')}; usage: build [--force] [function …]`);
  const names = argv.filter((a) => !a.startsWith('-')) as FunctionName[];
  await buildHandlers({ force, ...(names.length > 0 ? { functions: names } : {}) });
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
