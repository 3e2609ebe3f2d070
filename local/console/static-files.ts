import { promises as fs } from 'node:fs';
import type * as http from 'node:http';
import * as path from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * Serves the built page: files of `distDir` by their path below the console, and `index.html` for every other
 * path (the page routes itself: `/_local/console/game`…). Hashed assets are cached for good, the page never.
 */
export async function serveStatic(distDir: string, relativePath: string, res: http.ServerResponse, buildHint: string): Promise<void> {
  const root = path.resolve(distDir);
  const requested = path.resolve(root, `.${path.posix.normalize(`/${relativePath}`)}`);
  const file = requested.startsWith(`${root}${path.sep}`) ? requested : path.join(root, 'index.html');
  const body = (await read(file)) ?? (path.extname(relativePath) ? undefined : await read(path.join(root, 'index.html')));
  if (body === undefined) {
    const built = (await read(path.join(root, 'index.html'))) !== undefined;
    res.writeHead(built ? 404 : 503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(built ? `no ${relativePath} in the console` : `The console is not built (${root} has no index.html). ${buildHint}\n`);
    return;
  }
  const served = body.file;
  const immutable = served.includes(`${path.sep}assets${path.sep}`);
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[path.extname(served)] ?? 'application/octet-stream',
    'content-length': String(body.content.length),
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  res.end(body.content);
}

async function read(file: string): Promise<{ file: string; content: Buffer } | undefined> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return undefined;
    return { file, content: await fs.readFile(file) };
  } catch {
    return undefined;
  }
}
