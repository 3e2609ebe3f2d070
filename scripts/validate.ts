import { validateStacks } from './lib/validate-stacks';

// `npm run validate`: offline `terraform validate` of every synthesized stack, one line per stack.
async function main(): Promise<void> {
  const started = Date.now();
  const { moduleSource, results } = await validateStacks({
    onResult: (r) => {
      console.log(`${r.valid ? 'valid  ' : 'INVALID'} ${r.stack}`);
      for (const d of r.diagnostics) console.log(`        ${d.replace(/\n/g, '\n        ')}`);
    },
  });
  const failed = results.filter((r) => !r.valid);
  console.log(`${results.length - failed.length}/${results.length} stacks valid against ${moduleSource} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  if (failed.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
