import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { buildHandlers } from '../handlers/build';
import { renderStackDiagram } from '../local/architecture/stack-diagram';
import { readSynthesizedStack } from '../local/stack/terraform-json';
import { parseEnvironmentName } from '../modules/config/environments';
import { ROOT, synthesizeStacks } from './lib/synth';

const USAGE = 'usage: npm run diagram -- [--env dev|staging|prod|pr-<id>] [--out docs/architecture.svg]';

// `npm run diagram`: draws the architecture of one environment's synthesized stack as an SVG picture.
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { env: { type: 'string', default: 'dev' }, out: { type: 'string', default: path.join('docs', 'architecture.svg') }, help: { type: 'boolean', default: false } },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const { prId } = parseEnvironmentName(values.env);
  const stackName = `fakemon-${values.env}`;
  const built = (await buildHandlers({ log: () => undefined })).filter((r) => r.status !== 'up-to-date').map((r) => r.name);
  console.log(built.length > 0 ? `built ${built.join(', ')}` : 'handler zips up to date');
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'fakemon-diagram-'));
  try {
    synthesizeStacks({ ...process.env, ...(prId ? { FAKEMON_PR_ID: prId } : {}) }, outdir);
    console.log(`synthesized ${stackName}`);
    const svg = await renderStackDiagram(readSynthesizedStack(outdir, stackName));
    const out = path.resolve(ROOT, values.out);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, svg);
    console.log(`wrote ${path.relative(ROOT, out).startsWith('..') ? out : path.relative(ROOT, out)} (${(Buffer.byteLength(svg) / 1024).toFixed(1)} KB)`);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
