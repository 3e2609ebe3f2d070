import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildConsole } from '../../../../local/console/build';
import { tempDir } from '../support';

jest.setTimeout(120_000);

describe('building the console page', () => {
  const outDir = path.join(tempDir('console-build-'), 'dist');

  it('builds the page with Vite once, then finds it up to date until its sources change', async () => {
    const first = await buildConsole({ outDir });
    expect(first.status).toBe('built');
    const html = fs.readFileSync(path.join(outDir, 'index.html'), 'utf8');
    // Served below the console's path, scripts and styles from the page's own assets (no CDN).
    const assets = [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of assets) {
      expect(asset).toMatch(/^\/_local\/console\/assets\//);
      expect(fs.existsSync(path.join(outDir, asset.replace('/_local/console/', '')))).toBe(true);
    }
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    const script = fs.readFileSync(path.join(outDir, assets.find((a) => a.endsWith('.js'))!.replace('/_local/console/', '')), 'utf8');
    expect(script).toContain('/_local/console');
    expect(script).toContain('/api/stream');
    // A production build (jest's NODE_ENV=test must not give development JSX with this machine's file paths).
    expect(script).not.toContain(path.resolve(__dirname, '..', '..', '..', '..'));
    expect(script).not.toContain('jsxDEV');
    expect(first.bytes).toBeGreaterThan(10_000);

    const second = await buildConsole({ outDir });
    expect(second).toMatchObject({ status: 'up-to-date', bytes: first.bytes });

    // A record of other sources (what an edit of the page leaves behind) makes the next start build again.
    const recordFile = path.join(outDir, '.build.json');
    const record = JSON.parse(fs.readFileSync(recordFile, 'utf8')) as { inputsHash: string };
    fs.writeFileSync(recordFile, JSON.stringify({ ...record, inputsHash: '0'.repeat(64) }));
    expect((await buildConsole({ outDir })).status).toBe('built');
    fs.rmSync(path.join(outDir, 'index.html'));
    expect((await buildConsole({ outDir })).status).toBe('built');
    expect(fs.readdirSync(path.dirname(outDir))).toEqual(['dist']);
  });
});
