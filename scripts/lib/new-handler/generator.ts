/**
 * The handler generator: the files `npm run new:handler` writes (templates in generators/handler/) and the
 * registries it extends (at their `new:handler` markers), run with plop's engine (node-plop).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { HandlerSpec } from './spec';
import { NewHandlerError } from './spec';

/** The generator's templates. */
export const TEMPLATES_DIR = path.resolve(__dirname, '..', '..', '..', 'generators', 'handler');

/** A file the generator creates from a template. */
interface CreatedFile {
  readonly kind: 'create';
  readonly path: string;
  readonly template: string;
  readonly what: string;
}

/** A registry the generator extends: `insert` goes before the marker line (with the marker's indentation). */
interface ModifiedFile {
  readonly kind: 'modify';
  readonly path: string;
  readonly marker: string;
  readonly insert: string;
  readonly what: string;
}

export type PlannedChange = CreatedFile | ModifiedFile;

/** Every change, in the order it is made; paths are relative to the repository root. */
export function plannedChanges(spec: HandlerSpec): PlannedChange[] {
  const fn = `handlers/src/${spec.name}`;
  const changes: PlannedChange[] = [
    { kind: 'create', path: `handlers/src/events/contracts/${spec.event.file}.ts`, template: 'contract.ts.hbs', what: `the contract: ${spec.event.detailType} detail schema and catalog entry` },
    { kind: 'modify', path: 'handlers/src/events/catalog.ts', marker: 'new:handler contract imports', insert: `import { {{{event.name}}} } from './contracts/{{{event.file}}}';`, what: 'imports the contract' },
    { kind: 'modify', path: 'handlers/src/events/catalog.ts', marker: 'new:handler contracts', insert: '{{{event.name}}},', what: `adds ${spec.event.name} to the catalog` },
    { kind: 'create', path: `${fn}/config.ts`, template: 'config.ts.hbs', what: "the function's settings, read from its environment" },
    { kind: 'create', path: `${fn}/domain.ts`, template: 'domain.ts.hbs', what: 'the pure domain logic (write yours here)' },
    { kind: 'create', path: `${fn}/handler.ts`, template: 'handler.ts.hbs', what: 'the thin handler: makeHandler(deps) and the wired handler' },
    { kind: 'create', path: `${fn}/index.ts`, template: 'index.ts.hbs', what: 'the zip entry point' },
    { kind: 'modify', path: 'handlers/functions.ts', marker: 'new:handler function names', insert: `'{{{name}}}',`, what: 'builds the zip (FUNCTION_NAMES)' },
    { kind: 'modify', path: 'handlers/functions.ts', marker: 'new:handler function environments', insert: `'{{{name}}}': { required: [], optional: {} },`, what: 'lists its environment (FUNCTION_ENVIRONMENT)' },
  ];
  if (spec.route) {
    changes.push(
      { kind: 'modify', path: 'handlers/src/events/api-bodies.ts', marker: 'new:handler api body imports', insert: `import { {{{route.body}}}RequestBody } from './contracts/{{{event.file}}}';`, what: 'imports the request body' },
      {
        kind: 'modify',
        path: 'handlers/src/events/api-bodies.ts',
        marker: 'new:handler api bodies',
        insert: `{{{route.body}}}: { modelName: '{{{route.modelName}}}', schema: {{{route.body}}}RequestBody, description: 'POST /{{{route.path}}}: becomes {{{event.detailType}}} with the signed-in player.' },`,
        what: `adds the ${spec.route.modelName} model of POST /${spec.route.path}`,
      },
    );
  }
  changes.push(
    { kind: 'create', path: `modules/flows/${spec.name}.ts`, template: 'flow.ts.hbs', what: `the flow: function, rule${spec.route ? ', route' : ''}` },
    { kind: 'modify', path: 'modules/flows/index.ts', marker: 'new:handler imports', insert: `import { {{{camel}}}Flow } from './{{{name}}}';`, what: 'imports the flow' },
    { kind: 'modify', path: 'modules/flows/index.ts', marker: 'new:handler flows', insert: '{{{camel}}}Flow,', what: 'registers the flow with the stack (FLOWS)' },
    { kind: 'create', path: `test/fixtures/events/${spec.event.file}.json`, template: 'fixture.json.hbs', what: 'a JSON event fixture' },
    { kind: 'create', path: `test/unit/handlers/${spec.name}.test.ts`, template: 'handler.test.ts.hbs', what: 'unit tests of the domain and the handler' },
  );
  return changes;
}

const markerPattern = (marker: string): RegExp => new RegExp(`^( *)// ${marker.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm');

/** What the templates see: the spec and a few values computed for the tests. */
export function templateData(spec: HandlerSpec): Record<string, unknown> {
  const summary = spec.fields
    .map((f) => {
      const value = JSON.parse(f.sample) as unknown;
      return `${f.name}=${Array.isArray(value) ? value.join(',') : String(value)}`;
    })
    .join(' ');
  return { ...spec, summary: `'${summary}'`, firstField: spec.fields[0] };
}

/** Refuses to start when a registry lacks its marker (edited by hand): nothing is written then. */
export function checkMarkers(root: string, changes: readonly PlannedChange[]): void {
  const problems: string[] = [];
  for (const change of changes) {
    if (change.kind !== 'modify') continue;
    const text = readFileSync(path.join(root, change.path), 'utf8');
    const matches = text.match(new RegExp(markerPattern(change.marker).source, 'gm')) ?? [];
    if (matches.length !== 1) problems.push(`${change.path}: expected one line "// ${change.marker}" (found ${matches.length}); put it back where the generator inserts`);
  }
  if (problems.length > 0) throw new NewHandlerError(problems);
}

/** Writes every change with node-plop; returns the paths written. Stops at the first failure. */
export async function runGenerator(root: string, spec: HandlerSpec, changes: readonly PlannedChange[]): Promise<string[]> {
  const { default: nodePlop } = await import('node-plop');
  const plop = await nodePlop(undefined, { destBasePath: root, force: false });
  plop.setGenerator('handler', {
    description: 'an event handler flow: contract, handler, domain, config, tests, flow',
    prompts: [],
    actions: changes.map((change) =>
      change.kind === 'create'
        ? { type: 'add', path: change.path, templateFile: path.join(TEMPLATES_DIR, change.template), abortOnFail: true }
        : { type: 'modify', path: change.path, pattern: markerPattern(change.marker), template: `$1${change.insert}\n$&`, abortOnFail: true },
    ),
  });
  const { changes: done, failures } = await plop.getGenerator('handler').runActions(templateData(spec));
  if (failures.length > 0) {
    throw new NewHandlerError(failures.map((f) => `${f.path || f.type}: ${f.error}`));
  }
  return done.map((c) => c.path);
}
