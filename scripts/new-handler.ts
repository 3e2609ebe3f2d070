/**
 * `npm run new:handler -- <name> --event "<detail-type>" --source <source> [--field <name>:<type>]… [--route <path>] [--dry-run]`
 *
 * Adds an event handler on the paved road: the event's contract in the catalog, the thin handler over a pure domain
 * module, its config, unit tests with a JSON event fixture, and a flow (rule → function, with the road's DLQ, retry
 * policy, alarms, log group) registered with the stack; then redraws docs/architecture.svg. Asks for what is missing
 * when stdin is a terminal; refuses bad or taken names and invalid detail-types before writing anything.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { FUNCTION_NAMES } from '../handlers/functions';
import { apiBodies } from '../handlers/src/events/api-bodies';
import { catalogEntries } from '../handlers/src/events/catalog';
import { FLOWS } from '../modules/flows';
import { checkMarkers, plannedChanges, runGenerator } from './lib/new-handler/generator';
import { FIELD_TYPES, HandlerRequest, NewHandlerError, parseHandlerArgs, RepoFacts, validateHandlerRequest } from './lib/new-handler/spec';

const ROOT = path.resolve(__dirname, '..');

/** What the repository already has, for the checks. */
function repoFacts(): RepoFacts {
  const rules = FLOWS.flatMap((flow) => Object.entries(flow.rules ?? {}));
  return {
    functionNames: [...FUNCTION_NAMES],
    flowNames: FLOWS.map((flow) => flow.name),
    eventNames: catalogEntries.map((e) => e.name),
    detailTypes: catalogEntries.map((e) => e.detailType),
    modelNames: Object.values(apiBodies).map((b) => b.modelName),
    routePaths: FLOWS.flatMap((flow) => (flow.routes ?? []).map((r) => r.path)),
    ruleKeys: [...rules.map(([key]) => key), 'debug_all'],
    targetNames: rules.flatMap(([, rule]) => rule.targets.map((t) => t.name ?? ('function' in t ? t.function : t.queue))),
    exists: (relative) => existsSync(path.join(ROOT, relative)),
  };
}

/** Asks for the name, event and source (and fields) that the command line lacks, with the same checks. */
async function askForMissing(request: HandlerRequest, facts: RepoFacts): Promise<HandlerRequest> {
  const { default: nodePlop } = await import('node-plop');
  const plop = await nodePlop(undefined, { destBasePath: ROOT, force: false });
  const check = (patch: Partial<HandlerRequest>, prefix: string) => (value: string): true | string => {
    try {
      validateHandlerRequest({ name: 'probe-name', event: 'Probe Event', source: 'probe.source', ...patch, fields: patch.fields ?? [], dryRun: true }, facts);
      return true;
    } catch (error) {
      const problems = error instanceof NewHandlerError ? error.problems : [String(error)];
      const mine = problems.filter((p) => p.startsWith(prefix));
      return mine.length > 0 || value.trim() === '' ? (mine[0] ?? 'required') : true;
    }
  };
  const interactive = !request.name || !request.event || !request.source;
  const prompts = [
    ...(request.name ? [] : [{ type: 'input', name: 'name', message: 'Handler name (e.g. loyalty-points):', validate: (v: string) => check({ name: v }, 'name')(v) }]),
    ...(request.event ? [] : [{ type: 'input', name: 'event', message: 'Detail-type of the event it handles (e.g. loyalty.points_earned):', validate: (v: string) => check({ event: v }, '--event')(v) }]),
    ...(request.source ? [] : [{ type: 'input', name: 'source', message: 'Source of the event (e.g. loyalty.api):', validate: (v: string) => check({ source: v }, '--source')(v) }]),
    ...(interactive && request.fields.length === 0
      ? [{ type: 'input', name: 'fields', message: `Detail fields, comma-separated <name>:<${FIELD_TYPES.join('|')}> (empty for none):`, default: '' }]
      : []),
  ];
  plop.setGenerator('ask', { description: 'what new:handler needs', prompts, actions: [] });
  const answers = (await plop.getGenerator('ask').runPrompts()) as Record<string, string>;
  const fields = answers.fields ? answers.fields.split(',').map((f) => f.trim()).filter(Boolean) : request.fields;
  return { ...request, name: request.name ?? answers.name, event: request.event ?? answers.event, source: request.source ?? answers.source, fields };
}

async function main(argv: readonly string[]): Promise<void> {
  let request = parseHandlerArgs(argv);
  const facts = repoFacts();
  if ((!request.name || !request.event || !request.source) && process.stdin.isTTY) request = await askForMissing(request, facts);
  const spec = validateHandlerRequest(request, facts);
  const changes = plannedChanges(spec);
  checkMarkers(ROOT, changes);

  const width = Math.max(...changes.map((c) => c.path.length));
  const list = (verb: (kind: string) => string): void => {
    for (const change of changes) console.log(`  ${verb(change.kind).padEnd(8)} ${change.path.padEnd(width)}  ${change.what}`);
  };
  if (request.dryRun) {
    console.log(`new:handler ${spec.name} (dry run: nothing is written) would`);
    list((kind) => kind);
    console.log(`  then     npm run diagram${' '.repeat(Math.max(1, width - 14))}  redraw docs/architecture.svg with the new rule and function`);
    return;
  }
  console.log(`new:handler ${spec.name}: ${spec.event.detailType} from ${spec.event.source} → rule ${spec.snake} → function ${spec.name}`);
  await runGenerator(ROOT, spec, changes);
  list((kind) => (kind === 'create' ? 'created' : 'modified'));
  console.log('redrawing docs/architecture.svg (npm run diagram: builds the new zip, synthesizes fakemon-dev) …');
  const diagram = spawnSync('npm', ['run', '--silent', 'diagram'], { cwd: ROOT, stdio: 'inherit' });
  if (diagram.status !== 0) {
    throw new NewHandlerError([`the files are written, but npm run diagram failed (exit ${diagram.status}): fix what it reports, then run it again`]);
  }
  console.log(
    [
      '',
      'Next:',
      `  write the logic in handlers/src/${spec.name}/domain.ts (pure) and its I/O in handler.ts; grant what it touches in modules/flows/${spec.name}.ts`,
      `  npx jest test/unit/handlers/${spec.name}.test.ts --selectProjects unit`,
      '  npm run typecheck && npm start',
      `  aws --endpoint-url http://127.0.0.1:4566 --region eu-west-1 events put-events --entries '[{"EventBusName":"fakemon-dev-bus","Source":"${spec.event.source}","DetailType":"${spec.event.detailType}","Detail":"{…}"}]'`,
    ].join('\n'),
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof NewHandlerError) {
    console.error(`new:handler: ${error.message}`);
    process.exitCode = error.usage ? 2 : 1;
    return;
  }
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
