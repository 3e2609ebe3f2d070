/**
 * What `npm run new:handler` is asked for, checked against the repository before anything is written, and every
 * name derived from it (pure: the repository's facts are given).
 */

/** The types a detail field can have. */
export const FIELD_TYPES = ['string', 'number', 'boolean', 'string[]'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** The command line, parsed but not yet checked. */
export interface HandlerRequest {
  readonly name?: string;
  readonly event?: string;
  readonly source?: string;
  /** `name:type` strings. */
  readonly fields: readonly string[];
  readonly route?: string;
  readonly dryRun: boolean;
}

/** A detail field as the templates write it. */
export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  /** The property key in TypeScript (quoted when the name is not an identifier). */
  readonly key: string;
  /** The zod/mini schema expression. */
  readonly schema: string;
  /** A sample value, as JSON, for the fixture. */
  readonly sample: string;
}

/** Everything the templates need, derived from a valid request. */
export interface HandlerSpec {
  /** Function, flow and folder name (kebab-case). */
  readonly name: string;
  readonly camel: string;
  readonly pascal: string;
  /** Rule key (`[a-z0-9_]`). */
  readonly snake: string;
  readonly event: {
    readonly detailType: string;
    readonly source: string;
    /** Logical name in the catalog (camelCase of the detail-type's words). */
    readonly name: string;
    readonly pascal: string;
    /** File name of the contract and the fixture (kebab-case). */
    readonly file: string;
  };
  readonly fields: readonly FieldSpec[];
  /** Whether a field uses the player-name rule (imports `playerName`). */
  readonly usesPlayerName: boolean;
  readonly route?: {
    /** Path below the API root (no leading slash). */
    readonly path: string;
    /** Key in `apiBodies` and prefix of the body schema. */
    readonly body: string;
    readonly modelName: string;
    /** The fields the body carries: every field but the caller. */
    readonly bodyFields: readonly FieldSpec[];
  };
}

/** What the repository already has. */
export interface RepoFacts {
  readonly functionNames: readonly string[];
  readonly flowNames: readonly string[];
  readonly eventNames: readonly string[];
  readonly detailTypes: readonly string[];
  readonly modelNames: readonly string[];
  readonly routePaths: readonly string[];
  /** Rule keys and target names on the bus (a generated flow adds `<name with _>` and `<name>`). */
  readonly ruleKeys: readonly string[];
  readonly targetNames: readonly string[];
  /** Whether a repository-relative path exists. */
  exists(relativePath: string): boolean;
}

/** A request that cannot be generated; `usage` errors exit with 2. */
export class NewHandlerError extends Error {
  constructor(
    readonly problems: readonly string[],
    readonly usage = false,
  ) {
    super(problems.length === 1 ? problems[0] : `cannot generate the handler:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'NewHandlerError';
  }
}

export const USAGE =
  'usage: npm run new:handler -- <name> --event "<detail-type>" --source <source> [--field <name>:<string|number|boolean|string[]>]… [--route <path>] [--dry-run]';

/**
 * The longest environment name prefix (`fakemon-pr-` and a 20-character pull-request id) plus the name and `-role`
 * must fit IAM's 64-character role names: names are at most 27 characters.
 */
export const MAX_NAME_LENGTH = 27;

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const DETAIL_TYPE = /^[A-Za-z][A-Za-z0-9._:/-]*( [A-Za-z0-9._:/-]+)*$/;
const SOURCE = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const FIELD_NAME = /^[a-z][A-Za-z0-9_-]{0,63}$/;
const ROUTE = /^[a-z0-9-]+(\/[a-z0-9-]+)*$/;

const words = (text: string): string[] => text.split(/[^A-Za-z0-9]+/).filter(Boolean).flatMap((w) => w.split(/(?<=[a-z0-9])(?=[A-Z])/));
const capitalize = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase();
export const pascalCase = (text: string): string => words(text).map(capitalize).join('');
export const camelCase = (text: string): string => {
  const pascal = pascalCase(text);
  return pascal.charAt(0).toLowerCase() + pascal.slice(1);
};
export const kebabCase = (text: string): string => words(text).map((w) => w.toLowerCase()).join('-');

/** Parses the command line (after `--`); unknown options and missing values are usage errors. */
export function parseHandlerArgs(argv: readonly string[]): HandlerRequest {
  const fields: string[] = [];
  const positional: string[] = [];
  const values: { event?: string; source?: string; route?: string } = {};
  let dryRun = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new NewHandlerError([`${flag} needs a value`, USAGE], true);
      return v;
    };
    if (flag === '--event') values.event = value();
    else if (flag === '--source') values.source = value();
    else if (flag === '--route') values.route = value();
    else if (flag === '--field') fields.push(value());
    else if (flag === '--dry-run') dryRun = true;
    else if (flag === '--help' || flag === '-h') throw new NewHandlerError([USAGE], true);
    else if (flag.startsWith('-')) throw new NewHandlerError([`unknown option ${flag}`, USAGE], true);
    else positional.push(arg);
  }
  if (positional.length > 1) throw new NewHandlerError([`one name only (got ${positional.map((p) => JSON.stringify(p)).join(', ')})`, USAGE], true);
  return { name: positional[0], ...values, fields, dryRun };
}

/** The zod/mini schema of a field (the player-name rule for a string field named `player`). */
function schemaOf(name: string, type: FieldType): string {
  const text = 'z.string().check(z.minLength(1), z.maxLength(256))';
  switch (type) {
    case 'string':
      return name === 'player' ? 'playerName' : text;
    case 'number':
      return 'z.number()';
    case 'boolean':
      return 'z.boolean()';
    case 'string[]':
      return `z.array(${text}).check(z.maxLength(100))`;
  }
}

function sampleOf(name: string, type: FieldType): string {
  switch (type) {
    case 'string':
      return JSON.stringify(name === 'player' ? 'ash' : `sample-${name}`);
    case 'number':
      return '1';
    case 'boolean':
      return 'true';
    case 'string[]':
      return JSON.stringify([`sample-${name}`]);
  }
}

/** Checks a request against the repository and derives every name; throws one error listing every problem. */
export function validateHandlerRequest(request: HandlerRequest, facts: RepoFacts): HandlerSpec {
  const problems: string[] = [];
  const missing = (['name', 'event', 'source'] as const).filter((key) => !request[key]);
  if (missing.length > 0) throw new NewHandlerError([`missing ${missing.map((k) => (k === 'name' ? '<name>' : `--${k}`)).join(', ')}`, USAGE], true);
  const name = request.name!;
  const detailType = request.event!;
  const source = request.source!;

  if (!NAME.test(name)) problems.push(`name "${name}": use lowercase letters and digits in dash-separated words, starting with a letter (e.g. loyalty-points)`);
  else if (name.length < 3 || name.length > MAX_NAME_LENGTH) problems.push(`name "${name}": 3 to ${MAX_NAME_LENGTH} characters (<prefix>-<name>-role must fit IAM's 64 for every environment)`);
  else {
    if (facts.functionNames.includes(name)) problems.push(`name "${name}": a function of that name exists (handlers/functions.ts)`);
    if (facts.flowNames.includes(name)) problems.push(`name "${name}": a flow of that name exists (modules/flows/)`);
    if (facts.ruleKeys.includes(name.replace(/-/g, '_'))) problems.push(`name "${name}": the bus already has a rule ${name.replace(/-/g, '_')}`);
    if (facts.targetNames.includes(name)) problems.push(`name "${name}": the bus already has a target named ${name}`);
    for (const taken of [`handlers/src/${name}`, `modules/flows/${name}.ts`, `test/unit/handlers/${name}.test.ts`]) {
      if (facts.exists(taken)) problems.push(`name "${name}": ${taken} already exists`);
    }
  }

  const eventName = camelCase(detailType);
  if (detailType.length > 128) problems.push(`--event: a detail-type has at most 128 characters (EventBridge's limit; got ${detailType.length})`);
  else if (!DETAIL_TYPE.test(detailType)) {
    problems.push(`--event "${detailType}": start with a letter; use letters, digits, ".", "_", "-", ":", "/" and single spaces between words (e.g. "loyalty.points_earned" or "Customer Notification")`);
  } else {
    if (facts.detailTypes.includes(detailType)) problems.push(`--event "${detailType}": the catalog already has this detail-type (handlers/src/events/catalog.ts); a new handler brings a new event`);
    if (facts.eventNames.includes(eventName)) problems.push(`--event "${detailType}": its catalog name ${eventName} is taken by another detail-type`);
    for (const taken of [`handlers/src/events/contracts/${kebabCase(detailType)}.ts`, `test/fixtures/events/${kebabCase(detailType)}.json`]) {
      if (facts.exists(taken)) problems.push(`--event "${detailType}": ${taken} already exists`);
    }
  }
  if (source.length > 256) problems.push(`--source: at most 256 characters (EventBridge's limit)`);
  else if (!SOURCE.test(source)) problems.push(`--source "${source}": letters, digits, ".", "_", "-", "/" only, starting with a letter or digit (e.g. loyalty.api)`);
  else if (source.startsWith('aws.')) problems.push(`--source "${source}": the "aws." prefix is reserved for AWS services`);

  const fields: FieldSpec[] = [];
  for (const field of request.fields) {
    const colon = field.lastIndexOf(':');
    const fieldName = colon < 0 ? field : field.slice(0, colon);
    const type = colon < 0 ? '' : field.slice(colon + 1);
    if (colon < 0 || !(FIELD_TYPES as readonly string[]).includes(type)) {
      problems.push(`--field "${field}": write <name>:<type> with type ${FIELD_TYPES.join(', ')}`);
      continue;
    }
    if (!FIELD_NAME.test(fieldName)) {
      problems.push(`--field "${field}": field names start with a lowercase letter; letters, digits, "_" and "-" follow (at most 64)`);
      continue;
    }
    if (fields.some((f) => f.name === fieldName)) {
      problems.push(`--field "${field}": ${fieldName} is given twice`);
      continue;
    }
    const t = type as FieldType;
    fields.push({ name: fieldName, type: t, key: /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(fieldName) ? fieldName : `'${fieldName}'`, schema: schemaOf(fieldName, t), sample: sampleOf(fieldName, t) });
  }

  let route: HandlerSpec['route'];
  if (request.route !== undefined) {
    const path = request.route.replace(/^\/+/, '');
    const body = camelCase(name);
    const modelName = `${pascalCase(name)}Request`;
    if (path.includes('{')) problems.push(`--route "${request.route}": path parameters are not generated; declare them in the flow's routes by hand`);
    else if (!ROUTE.test(path)) problems.push(`--route "${request.route}": a path of lowercase letters, digits and "-" segments, e.g. /loyalty/points`);
    else if (facts.routePaths.includes(path)) problems.push(`--route "${request.route}": another flow already has POST /${path}`);
    if (!fields.some((f) => f.name === 'player' && f.type === 'string')) {
      problems.push(`--route: a route takes the signed-in player from the token into the detail; add --field player:string`);
    }
    if (facts.modelNames.includes(modelName)) problems.push(`--route: the API model ${modelName} exists`);
    route = { path, body, modelName, bodyFields: fields.filter((f) => f.name !== 'player') };
  }
  if (problems.length > 0) throw new NewHandlerError(problems);

  return {
    name,
    camel: camelCase(name),
    pascal: pascalCase(name),
    snake: name.replace(/-/g, '_'),
    event: { detailType, source, name: eventName, pascal: pascalCase(detailType), file: kebabCase(detailType) },
    fields,
    usesPlayerName: fields.some((f) => f.schema === 'playerName'),
    ...(route ? { route } : {}),
  };
}
