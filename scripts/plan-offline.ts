import { offlinePlan } from './lib/offline-plan';

// `npm run plan:offline -- <env>`: a real terraform plan of one environment without an AWS account.
async function main(): Promise<void> {
  const envName = process.argv[2];
  if (!envName) throw new Error('usage: npm run plan:offline -- <dev|staging|prod|pr-<id>>');
  const started = Date.now();
  console.log(`planning fakemon-${envName} offline (local backend, local STS)…`);
  const plan = await offlinePlan(envName);
  for (const address of plan.creates) console.log(`  + ${address}`);
  const summary = Object.entries(plan.actions).map(([action, n]) => `${n} ${action}`).join(', ');
  console.log(`${plan.stack}: ${summary} (${plan.creates.length} to create) in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
