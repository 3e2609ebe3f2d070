// Runs one Vite build in a plain Node.js process: loaded in-process under tsx's or jest's module hooks, Vite's
// bundler fails. Usage: node vite-build.mjs '<inline config as JSON>'; prints the ids of the bundled modules as JSON
// on its last line.
import { build } from 'vite';

const output = await build(JSON.parse(process.argv[2]));
const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) => o.output);
process.stdout.write(`\n${JSON.stringify(chunks.flatMap((chunk) => chunk.moduleIds ?? []))}\n`);
