import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ZipFile } from 'yazl';
import { startLocalAws, type LocalAws, type StartLocalAwsOptions } from '../../../local/aws';
import { ControllableClock } from '../../../local/clock';

export const REGION = 'us-east-1';
export const ACCOUNT = '000000000000';

/** Options every SDK client in these tests uses: the local endpoint, dummy credentials, no retries. */
export function clientConfig(endpoint: string): {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  maxAttempts: number;
} {
  return { endpoint, region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 };
}

export function tempDir(prefix = 'local-aws-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * What a kill -9 at this instant would leave on disk: a copy of the data dir taken while the runtime that
 * owns it is running (the files hold exactly what its writes handed to the operating system).
 */
export function crashImage(dataDir: string): string {
  const image = tempDir('crash-image-');
  fs.cpSync(dataDir, image, { recursive: true });
  return image;
}

/** Writes a zip with the given files (name → content) and returns its path. */
export async function writeZip(files: Record<string, string>, dir = tempDir('local-zip-')): Promise<string> {
  const zipPath = path.join(dir, `package-${Math.random().toString(36).slice(2)}.zip`);
  const zip = new ZipFile();
  for (const [name, content] of Object.entries(files)) zip.addBuffer(Buffer.from(content, 'utf8'), name);
  zip.end();
  await new Promise<void>((resolve, reject) => {
    const out = fs.createWriteStream(zipPath);
    out.on('close', () => resolve());
    out.on('error', reject);
    zip.outputStream.pipe(out);
  });
  return zipPath;
}

export function arn(service: string, resource: string): string {
  return `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;
}

/** Starts the local endpoint on a free port with fast retries and quiet function logs. */
export function startTestAws(options: StartLocalAwsOptions = {}): Promise<LocalAws> {
  return startLocalAws({
    port: 0,
    timeScale: 0.001,
    functionLogs: 'silent',
    clock: new ControllableClock(),
    ...options,
  });
}

/** Polls `probe` until it returns a defined value or the timeout elapses. */
export async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 5000, intervalMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
