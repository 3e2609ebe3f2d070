import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yauzl from 'yauzl';

/** An extracted deployment package. */
export interface ExtractedPackage {
  /** Directory the package was extracted to (LAMBDA_TASK_ROOT). */
  readonly dir: string;
  /** base64 SHA-256 of the zip, as Lambda reports CodeSha256. */
  readonly sha256: string;
  readonly size: number;
  /** Identity of the zip file version (size + mtime). */
  readonly stamp: string;
}

export interface PackageCacheOptions {
  /** Where packages are extracted. @default a fresh directory under the OS temp dir */
  readonly rootDir?: string;
  /**
   * A node_modules directory made visible to packages that bring none (like the AWS SDK the Node.js
   * Lambda runtime provides). @default none
   */
  readonly runtimeNodeModules?: string;
}

/** Extracts each function's zip once and again whenever the zip changes. */
export class PackageCache {
  readonly rootDir: string;
  private readonly ownsRoot: boolean;
  private readonly current = new Map<string, ExtractedPackage>();
  private readonly pending = new Map<string, Promise<ExtractedPackage>>();

  constructor(private readonly options: PackageCacheOptions = {}) {
    this.ownsRoot = !options.rootDir;
    this.rootDir = options.rootDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'local-lambda-'));
    fs.mkdirSync(this.rootDir, { recursive: true });
  }

  /** The extracted package of `zipPath`, re-extracted when the file changed since last time. */
  async get(functionName: string, zipPath: string): Promise<ExtractedPackage> {
    const stat = await fs.promises.stat(zipPath);
    const stamp = `${stat.size}-${stat.mtimeMs}`;
    const key = `${functionName}\u0000${zipPath}`;
    const existing = this.current.get(key);
    if (existing && existing.stamp === stamp) return existing;
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    const promise = this.extract(functionName, zipPath, stamp).finally(() => this.pending.delete(key));
    this.pending.set(key, promise);
    const extracted = await promise;
    this.current.set(key, extracted);
    return extracted;
  }

  /** Removes extracted packages (only when the cache created its own root directory). */
  dispose(): void {
    if (this.ownsRoot) fs.rmSync(this.rootDir, { recursive: true, force: true });
  }

  private async extract(functionName: string, zipPath: string, stamp: string): Promise<ExtractedPackage> {
    const content = await fs.promises.readFile(zipPath);
    const sha256 = createHash('sha256').update(content).digest('base64');
    const hex = createHash('sha256').update(content).digest('hex').slice(0, 16);
    const dir = path.join(this.rootDir, `${sanitize(functionName)}-${hex}`);
    if (!fs.existsSync(path.join(dir, '.extracted'))) {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir, { recursive: true });
      await unzipBuffer(content, dir);
      if (this.options.runtimeNodeModules && !fs.existsSync(path.join(dir, 'node_modules'))) {
        fs.symlinkSync(this.options.runtimeNodeModules, path.join(dir, 'node_modules'), 'dir');
      }
      fs.writeFileSync(path.join(dir, '.extracted'), stamp);
    }
    return { dir, sha256, size: content.length, stamp };
  }
}

function sanitize(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/** Extracts a zip buffer into `dir`, refusing entries that escape it. */
export function unzipBuffer(content: Buffer, dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(content, { lazyEntries: true }, (openError, zip) => {
      if (openError || !zip) {
        reject(openError ?? new Error('cannot open zip'));
        return;
      }
      const root = path.resolve(dir);
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        const target = path.resolve(root, entry.fileName);
        if (target !== root && !target.startsWith(root + path.sep)) {
          zip.close();
          reject(new Error(`zip entry escapes the package: ${entry.fileName}`));
          return;
        }
        if (entry.fileName.endsWith('/')) {
          fs.mkdirSync(target, { recursive: true });
          zip.readEntry();
          return;
        }
        fs.mkdirSync(path.dirname(target), { recursive: true });
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) {
            reject(streamError ?? new Error(`cannot read ${entry.fileName}`));
            return;
          }
          const out = fs.createWriteStream(target);
          out.on('error', reject);
          out.on('close', () => zip.readEntry());
          stream.on('error', reject);
          stream.pipe(out);
        });
      });
      zip.readEntry();
    });
  });
}
