import { unmappedResourceTypes } from '../modules/bootstrap/deployment-permissions';
import { offlinePlan, offlineStackName } from './lib/offline-plan';

// `npm run plan:offline -- <env|bootstrap-<account>>`: a real terraform plan of one stack without an AWS account.
async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name) throw new Error('usage: npm run plan:offline -- <dev|staging|prod|pr-<id>|bootstrap-<account>[-<region>]>');
  const started = Date.now();
  console.log(`planning ${offlineStackName(name)} offline (local backend, local STS, the account as its bootstrap stack leaves it)…`);
  const plan = await offlinePlan(name);
  for (const address of plan.creates) console.log(`  + ${address}`);
  const summary = Object.entries(plan.actions).map(([action, n]) => `${n} ${action}`).join(', ');
  console.log(`${plan.stack}: ${summary} (${plan.creates.length} to create) in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  // With the real module (EVENTBRIDGE_MODULE_SOURCE) this also covers the module's own resources.
  const ungranted = plan.stack.startsWith('fakemon-bootstrap-') ? [] : unmappedResourceTypes(plan.resourceTypes);
  if (ungranted.length > 0) {
    throw new Error(`The pipeline roles grant nothing for ${ungranted.join(', ')}: add them to modules/bootstrap/deployment-permissions.ts`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
