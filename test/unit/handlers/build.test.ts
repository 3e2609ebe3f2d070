/**
 * The handler build: reproducible zips (byte-identical across builds and output folders), one
 * `index.mjs` entry each, skipped when up to date, and bundles Node can import on their own.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as yauzl from 'yauzl';
import { buildHandlers, deterministicZip, type BuildResult } from '../../../handlers/build';
import { FUNCTION_ENVIRONMENT, FUNCTION_NAMES, HANDLER } from '../../../handlers/functions';

jest.setTimeout(180_000);

const run = promisify(execFile);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('base64');

interface ZipEntry {
  name: string;
  mode: number;
  dosTime: number;
  dosDate: number;
  content: Buffer;
}

function readZip(file: string): Promise<ZipEntry[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const entries: ZipEntry[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            entries.push({
              name: entry.fileName,
              mode: (entry.externalFileAttributes >>> 16) & 0o177777,
              dosTime: entry.lastModFileTime,
              dosDate: entry.lastModFileDate,
              content: Buffer.concat(chunks),
            });
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

let tmp: string;
let first: BuildResult[];

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'handlers-build-'));
  first = await buildHandlers({ outDir: path.join(tmp, 'a'), force: true, log: null });
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

describe('handler build', () => {
  it('builds every function to <outDir>/<fn>.zip with handler index.handler', () => {
    expect(first.map((r) => r.name)).toEqual([...FUNCTION_NAMES]);
    for (const r of first) {
      expect(r.status).toBe('built');
      expect(r.zipPath).toBe(path.join(tmp, 'a', `${r.name}.zip`));
      expect(r.handler).toBe(HANDLER);
      expect(HANDLER).toBe('index.handler');
    }
  });

  it('gives byte-identical zips when building again, and in another folder', async () => {
    const again = await buildHandlers({ outDir: path.join(tmp, 'a'), force: true, log: null });
    const elsewhere = await buildHandlers({ outDir: path.join(tmp, 'b'), force: true, log: null });
    for (const [i, r] of first.entries()) {
      const zips = await Promise.all([r, again[i], elsewhere[i]].map((x) => fs.readFile((x as BuildResult).zipPath)));
      expect(zips.map(sha)).toEqual([r.sha256, r.sha256, r.sha256]);
      expect(Buffer.compare(zips[0] as Buffer, zips[2] as Buffer)).toBe(0);
    }
  });

  it('puts exactly one index.mjs in each zip, with a fixed time and mode, equal to the bundle', async () => {
    for (const r of first) {
      const entries = await readZip(r.zipPath);
      expect(entries.map((e) => e.name)).toEqual(['index.mjs']);
      const [entry] = entries as [ZipEntry];
      expect(entry.mode).toBe(0o100644);
      expect([entry.dosDate, entry.dosTime]).toEqual([(0 << 9) | (1 << 5) | 1, 0]); // 1980-01-01 00:00:00
      expect(entry.content.equals(await fs.readFile(r.bundlePath))).toBe(true);
      expect(entry.content.length).toBe(r.minifiedBytes);
    }
  });

  it('keeps the capture bundle under 400 KB minified', () => {
    const capture = first.find((r) => r.name === 'capture') as BuildResult;
    expect(capture.minifiedBytes).toBeLessThanOrEqual(400 * 1024);
  });

  it('skips functions whose inputs did not change, and rebuilds when forced', async () => {
    const outDir = path.join(tmp, 'c');
    await buildHandlers({ outDir, functions: ['ws-connect'], log: null });
    const lines: string[] = [];
    const second = await buildHandlers({ outDir, functions: ['ws-connect'], log: (l) => lines.push(l) });
    expect(second[0]?.status).toBe('up-to-date');
    expect(lines[0]).toMatch(/^ws-connect\s+minified\s+[\d.]+ KB\s+zip\s+[\d.]+ KB\s+sha256 \S+=\s+up-to-date$/);
    // a tampered zip is rebuilt
    await fs.writeFile(second[0]?.zipPath as string, 'garbage');
    expect((await buildHandlers({ outDir, functions: ['ws-connect'], log: null }))[0]?.status).toBe('built');
    expect((await buildHandlers({ outDir, functions: ['ws-connect'], force: true, log: null }))[0]?.status).toBe('built');
  });

  it('zips deterministically whatever the content', async () => {
    const a = await deterministicZip(Buffer.from('export const handler = 1;'));
    const b = await deterministicZip(Buffer.from('export const handler = 1;'));
    expect(a.equals(b)).toBe(true);
  });

  it.each(FUNCTION_NAMES)('%s: the bundle alone, in an empty folder, exports a handler function', async (name) => {
    const result = first.find((r) => r.name === name) as BuildResult;
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), `lambda-${name}-`));
    try {
      const [entry] = (await readZip(result.zipPath)) as [ZipEntry];
      const file = path.join(dir, entry.name);
      await fs.writeFile(file, entry.content);
      const script = [
        `const m = await import(${JSON.stringify(`file://${file}`)});`,
        `const error = await m.handler({}).then(() => undefined, (e) => e);`,
        `console.log(JSON.stringify({ type: typeof m.handler, error: error && { name: error.name, message: error.message } }));`,
      ].join('\n');
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', AWS_REGION: 'eu-west-1' },
      });
      const out = JSON.parse(stdout.trim().split('\n').pop() as string);
      expect(out.type).toBe('function');
      if (FUNCTION_ENVIRONMENT[name].required.length > 0) {
        // no configuration in the environment: a clear configuration error at the first call, not at import
        expect(out.error).toEqual({ name: 'ConfigError', message: expect.stringMatching(new RegExp(`^Invalid configuration for ${name}: .+ is required`)) });
      } else {
        // nothing to configure: the empty event itself is refused by its contract
        expect(out.error).toEqual({ name: 'ContractViolation', message: expect.stringMatching(/violates its contract/) });
      }
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
