/**
 * Request body validation against a method's draft-04 model, as API Gateway's request validator does it.
 * API Gateway validates with the java-json-tools (fge) json-schema-validator and reports every problem in
 * `$context.error.validationErrorString` as `[message, message, ...]`; the messages below follow that
 * library's wording (`object has missing required properties (["fakemon"])`, `string "" is too short
 * (length: 0, required minimum: 1)`, ...). Validation itself is done by ajv (draft-04, all errors).
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv-draft-04';

export type BodyValidation =
  | { readonly valid: true; readonly value: unknown }
  | { readonly valid: false; readonly errors: readonly string[] };

const json = (value: unknown): string => JSON.stringify(value);

/** fge's name of a JSON value's type (`integer` for integral numbers). */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function valueAt(document: unknown, pointer: string): unknown {
  if (pointer === '') return document;
  let current = document;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, logger: false, validateSchema: false });
  // The formats fge's draft-04 validator checks.
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)) });
  ajv.addFormat('email', { type: 'string', validate: /^[^\s@]+@[^\s@]+$/ });
  ajv.addFormat('hostname', { type: 'string', validate: /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/ });
  ajv.addFormat('ipv4', { type: 'string', validate: /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/ });
  ajv.addFormat('ipv6', { type: 'string', validate: (s: string) => /^[0-9A-Fa-f:.]+$/.test(s) && s.includes(':') });
  ajv.addFormat('uri', { type: 'string', validate: /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/ });
  ajv.addFormat('regex', {
    type: 'string',
    validate: (s: string) => {
      try {
        new RegExp(s);
        return true;
      } catch {
        return false;
      }
    },
  });
  return ajv;
}

/** One fge-style message per problem (missing and unknown properties of one object are grouped, as fge does). */
export function describeValidationErrors(errors: readonly ErrorObject[], document: unknown): string[] {
  const messages: string[] = [];
  const missing = new Map<string, Set<string>>();
  const unknown = new Map<string, Set<string>>();
  const order: Array<{ kind: 'missing' | 'unknown'; path: string } | string> = [];
  for (const error of errors) {
    const value = valueAt(document, error.instancePath);
    const p = error.params as Record<string, unknown>;
    switch (error.keyword) {
      case 'required': {
        if (!missing.has(error.instancePath)) {
          missing.set(error.instancePath, new Set());
          order.push({ kind: 'missing', path: error.instancePath });
        }
        missing.get(error.instancePath)?.add(String(p.missingProperty));
        break;
      }
      case 'additionalProperties': {
        if (!unknown.has(error.instancePath)) {
          unknown.set(error.instancePath, new Set());
          order.push({ kind: 'unknown', path: error.instancePath });
        }
        unknown.get(error.instancePath)?.add(String(p.additionalProperty));
        break;
      }
      case 'type': {
        const allowed = String(p.type).split(',');
        order.push(`instance type (${jsonType(value)}) does not match any allowed primitive type (allowed: ${json(allowed)})`);
        break;
      }
      case 'minLength':
        order.push(`string ${json(value)} is too short (length: ${[...String(value)].length}, required minimum: ${String(p.limit)})`);
        break;
      case 'maxLength':
        order.push(`string ${json(value)} is too long (length: ${[...String(value)].length}, maximum allowed: ${String(p.limit)})`);
        break;
      case 'pattern':
        order.push(`ECMA 262 regex ${json(p.pattern)} does not match input string ${json(value)}`);
        break;
      case 'minimum':
      case 'exclusiveMinimum':
        order.push(
          String(p.comparison) === '>'
            ? `numeric instance is not strictly greater than the required minimum ${String(p.limit)}`
            : `numeric instance is lower than the required minimum (minimum: ${String(p.limit)}, found: ${String(value)})`,
        );
        break;
      case 'maximum':
      case 'exclusiveMaximum':
        order.push(
          String(p.comparison) === '<'
            ? `numeric instance is not strictly lower than the required maximum ${String(p.limit)}`
            : `numeric instance is greater than the required maximum (maximum: ${String(p.limit)}, found: ${String(value)})`,
        );
        break;
      case 'multipleOf':
        order.push(`remainder of division is not zero (${String(value)} / ${String(p.multipleOf)})`);
        break;
      case 'enum':
        order.push(`instance value (${json(value)}) not found in enum (possible values: ${json(p.allowedValues)})`);
        break;
      case 'minItems':
        order.push(`array is too short: must have at least ${String(p.limit)} elements but instance has ${Array.isArray(value) ? value.length : 0} elements`);
        break;
      case 'maxItems':
        order.push(`array is too long: must have at most ${String(p.limit)} elements but instance has ${Array.isArray(value) ? value.length : 0} elements`);
        break;
      case 'uniqueItems':
        order.push('array must not contain duplicate elements');
        break;
      case 'minProperties':
        order.push(`object has too few properties (found ${value && typeof value === 'object' ? Object.keys(value).length : 0} but schema requires at least ${String(p.limit)})`);
        break;
      case 'maxProperties':
        order.push(`object has too many properties (found ${value && typeof value === 'object' ? Object.keys(value).length : 0} but schema requires at most ${String(p.limit)})`);
        break;
      case 'format':
        order.push(`string ${json(value)} is invalid against requested ${String(p.format)} format`);
        break;
      case 'anyOf':
        order.push('instance failed to match at least one required schema');
        break;
      case 'oneOf':
        order.push(`instance failed to match exactly one schema (matched ${Array.isArray(p.passingSchemas) ? p.passingSchemas.length : 0})`);
        break;
      case 'not':
        order.push('instance matched a schema which it should not have');
        break;
      case 'dependencies':
        order.push(`property ${json(p.property)} of object has missing property dependencies (schema requires ${json(String(p.deps).split(', '))}; missing: ${json([p.missingProperty])})`);
        break;
      case 'additionalItems':
        order.push(`array only allows ${String(p.limit)} elements but instance has ${Array.isArray(value) ? value.length : 0} elements`);
        break;
      default:
        order.push(error.message ?? `failed keyword ${error.keyword}`);
    }
  }
  for (const entry of order) {
    if (typeof entry === 'string') messages.push(entry);
    else if (entry.kind === 'missing') messages.push(`object has missing required properties (${json([...(missing.get(entry.path) ?? [])].sort())})`);
    else messages.push(`object instance has properties which are not allowed by the schema: ${json([...(unknown.get(entry.path) ?? [])].sort())}`);
  }
  return messages;
}

/** `$context.error.validationErrorString` of a list of problems. */
export function validationErrorString(messages: readonly string[]): string {
  return `[${messages.join(', ')}]`;
}

/** Validates request bodies against draft-04 models (compiled once per schema). */
export class BodyValidator {
  private readonly ajv = newAjv();
  private readonly compiled = new Map<string, ValidateFunction>();

  private compile(schema: object): ValidateFunction {
    const key = JSON.stringify(schema);
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.compiled.set(key, validate);
    }
    return validate;
  }

  /** Parses `body` as JSON (an empty body is `{}`) and validates it against `schema`. */
  validate(schema: object, body: string): BodyValidation {
    let value: unknown;
    if (body.trim() === '') value = {};
    else {
      try {
        value = JSON.parse(body) as unknown;
      } catch (error) {
        return { valid: false, errors: [`Invalid JSON: ${(error as Error).message}`] };
      }
    }
    const validate = this.compile(schema);
    if (validate(value)) return { valid: true, value };
    return { valid: false, errors: describeValidationErrors(validate.errors ?? [], value) };
  }
}
