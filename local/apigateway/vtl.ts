/**
 * API Gateway mapping templates: Apache Velocity (run by velocityjs) with the variables API Gateway provides
 * (`$input`, `$util`, `$context`, `$stageVariables`) and Java semantics where templates can tell the difference:
 *
 * - strings have `java.lang.String` methods (`replaceAll` with a Java regex, whole-string `matches`,
 *   `substring` that throws when out of range, ...), see {@link JAVA_STRING_METHODS};
 * - `#if` follows Velocity 1.7: only `null` and `false` are false (an empty string or 0 is true);
 * - `==` compares numbers numerically and otherwise like Velocity (`toString()` when the types differ);
 * - a null reference renders as an empty string (API Gateway's templates are quiet), maps as `{k=v}`, lists
 *   as `[a, b]`.
 *
 * A Java exception in a template (bad regex, substring out of range, unparsable JSON ...) is raised as a
 * {@link TemplateError}; API Gateway answers such failures with a 500.
 */
import { Compile, parse } from 'velocityjs';
import {
  base64Decode,
  base64Encode,
  escapeJavaScript,
  JAVA_STRING_METHODS,
  javaToString,
  urlDecode,
  urlEncode,
} from './java';
import { evaluateJsonPath } from './jsonpath';

/** The request parameters a template sees through `$input.params()`. */
export interface TemplateParams {
  readonly path: Readonly<Record<string, string>>;
  readonly querystring: Readonly<Record<string, string>>;
  readonly header: Readonly<Record<string, string>>;
}

/** What a template runs against. */
export interface TemplateVariables {
  /** The payload (`$input.body`; `$input.json` / `$input.path` parse it as JSON, an empty payload is `{}`). */
  readonly body: string;
  readonly params: TemplateParams;
  /** `$context`; the template may set `requestOverride.*` / `responseOverride.*` in it. */
  readonly context: Record<string, unknown>;
  readonly stageVariables?: Readonly<Record<string, string>>;
}

/** A template that could not be rendered (API Gateway: "Execution failed due to configuration error"). */
export class TemplateError extends Error {
  constructor(
    message: string,
    readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** The payload is not JSON but the template reads it as JSON. */
export class InvalidJsonPayloadError extends TemplateError {
  constructor(reason: string) {
    super(`Unable to parse the payload as JSON: ${reason}`);
    this.name = 'InvalidJsonPayloadError';
  }
}

type Ast = ReturnType<typeof parse>;
const astCache = new Map<string, Ast>();

function parseTemplate(template: string): Ast {
  const cached = astCache.get(template);
  if (cached) return cached;
  let ast: Ast;
  try {
    ast = parse(template);
  } catch (error) {
    throw new TemplateError(`Invalid mapping template: ${(error as Error).message}`, error);
  }
  if (astCache.size > 200) astCache.clear();
  astCache.set(template, ast);
  return ast;
}

/** Velocity 1.7 truthiness: only null and false are false. */
function truthy(value: unknown): boolean {
  return value !== null && value !== undefined && value !== false;
}

/** Velocity's `==`: numbers numerically, same-type values by equals(), different types by toString(). */
function velocityEquals(left: unknown, right: unknown): boolean {
  if (left === undefined || left === null || right === undefined || right === null) {
    return (left === undefined || left === null) && (right === undefined || right === null);
  }
  if (typeof left === 'number' && typeof right === 'number') return left === right;
  if (typeof left === typeof right && typeof left !== 'object') return left === right;
  return javaToString(left) === javaToString(right);
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Java collection / number methods the built-in velocityjs handlers lack. */
const OBJECT_METHODS: Readonly<Record<string, (self: unknown, ...args: unknown[]) => unknown>> = {
  isEmpty: (self) => (Array.isArray(self) ? self.length === 0 : isMap(self) ? Object.keys(self).length === 0 : undefined),
  containsKey: (self, key) => isMap(self) && Object.prototype.hasOwnProperty.call(self, String(key)),
  containsValue: (self, value) => isMap(self) && Object.values(self).some((v) => velocityEquals(v, value)),
  contains: (self, value) => Array.isArray(self) && self.some((v) => velocityEquals(v, value)),
  values: (self) => (isMap(self) ? Object.values(self) : undefined),
  indexOf: (self, value) => (Array.isArray(self) ? self.findIndex((v) => velocityEquals(v, value)) : undefined),
  intValue: (self) => (typeof self === 'number' ? Math.trunc(self) : undefined),
  longValue: (self) => (typeof self === 'number' ? Math.trunc(self) : undefined),
  doubleValue: (self) => (typeof self === 'number' ? self : undefined),
  toString: (self: unknown) => javaToString(self),
  equals: (self, other) => velocityEquals(self, other),
};

const customMethodHandlers = [
  {
    uid: 'java.lang.String',
    match: ({ property, context }: { property: string; context: unknown }) =>
      typeof context === 'string' && Object.prototype.hasOwnProperty.call(JAVA_STRING_METHODS, property),
    resolve: ({ property, context, params }: { property: string; context: unknown; params: unknown[] }) =>
      (JAVA_STRING_METHODS[property] as (self: string, ...args: unknown[]) => unknown)(context as string, ...params),
  },
  {
    uid: 'java.util',
    match: ({ property, context }: { property: string; context: unknown }) =>
      typeof context !== 'string' &&
      context !== null &&
      context !== undefined &&
      Object.prototype.hasOwnProperty.call(OBJECT_METHODS, property) &&
      !(isMap(context) && typeof context[property] === 'function'),
    resolve: ({ property, context, params }: { property: string; context: unknown; params: unknown[] }) =>
      (OBJECT_METHODS[property] as (self: unknown, ...args: unknown[]) => unknown)(context, ...params),
  },
];

/* eslint-disable @typescript-eslint/no-explicit-any */
/** velocityjs with Velocity 1.7 truthiness, Java-ish `==`, and quiet null references. */
class ApiGatewayVelocity extends Compile {
  protected override getReferences(ast: any, isVal?: boolean): string {
    const value = super.getReferences(ast, isVal) as unknown;
    if (isVal && value === null) return '';
    return value as string;
  }

  protected override getExpression(ast: any): string {
    if (ast && ast.type === 'math') {
      const [a, b] = ast.expression as [any, any];
      switch (ast.operator) {
        case '&&':
          return (truthy(this.getExpression(a)) && truthy(this.getExpression(b))) as unknown as string;
        case '||':
          return (truthy(this.getExpression(a)) || truthy(this.getExpression(b))) as unknown as string;
        case 'not':
          return !truthy(this.getExpression(a)) as unknown as string;
        case '==':
          return velocityEquals(this.getExpression(a), this.getExpression(b)) as unknown as string;
        case '!=':
          return !velocityEquals(this.getExpression(a), this.getExpression(b)) as unknown as string;
        default:
          break;
      }
    }
    return super.getExpression(ast);
  }

  getBlockIf(block: any[]): string {
    let received = false;
    const asts: any[] = [];
    block.some((ast) => {
      const hasCondition = ast.type === 'elseif' || ast.type === 'if';
      if (!(hasCondition || ast.type === 'else')) {
        if (received) asts.push(ast);
        return false;
      }
      if (received) return true;
      received = hasCondition ? truthy(this.getExpression(ast.condition)) : true;
      return false;
    });
    return this.renderAstList(asts, this.contextId);
  }
}
/* eslint-enable @typescript-eslint/no-explicit-any */

function cloneJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** `$input` for one payload. */
function inputVariable(body: string, params: TemplateParams): Record<string, unknown> {
  let parsed: { value: unknown } | undefined;
  const document = (): unknown => {
    if (!parsed) {
      if (body.trim() === '') parsed = { value: {} };
      else {
        try {
          parsed = { value: JSON.parse(body) as unknown };
        } catch (error) {
          throw new InvalidJsonPayloadError((error as Error).message);
        }
      }
    }
    return parsed.value;
  };
  const lookup = (name: string): string | undefined => {
    if (Object.prototype.hasOwnProperty.call(params.path, name)) return params.path[name];
    if (Object.prototype.hasOwnProperty.call(params.querystring, name)) return params.querystring[name];
    const header = Object.keys(params.header).find((key) => key.toLowerCase() === String(name).toLowerCase());
    return header === undefined ? undefined : params.header[header];
  };
  return {
    body,
    json: (path: unknown): string => {
      const value = evaluateJsonPath(document(), String(path));
      return value === undefined ? '' : JSON.stringify(value);
    },
    path: (path: unknown): unknown => {
      const value = evaluateJsonPath(document(), String(path));
      return value === null ? undefined : cloneJson(value);
    },
    params: (name?: unknown): unknown => {
      if (name === undefined) return { path: { ...params.path }, querystring: { ...params.querystring }, header: { ...params.header } };
      return lookup(String(name));
    },
  };
}

/** `$util`. */
function utilVariable(): Record<string, unknown> {
  return {
    escapeJavaScript,
    parseJson: (text: unknown): unknown => {
      try {
        const value = JSON.parse(javaToString(text)) as unknown;
        return value === null ? undefined : value;
      } catch (error) {
        throw new TemplateError(`$util.parseJson: ${(error as Error).message}`, error);
      }
    },
    urlEncode,
    urlDecode,
    base64Encode,
    base64Decode,
  };
}

/** Renders an API Gateway mapping template. */
export function renderTemplate(template: string, variables: TemplateVariables): string {
  const ast = parseTemplate(template);
  const context = {
    input: inputVariable(variables.body, variables.params),
    util: utilVariable(),
    context: variables.context,
    stageVariables: { ...(variables.stageVariables ?? {}) },
  };
  try {
    return new ApiGatewayVelocity(ast, { customMethodHandlers }).render(context, undefined, true);
  } catch (error) {
    if (error instanceof TemplateError) throw error;
    throw new TemplateError(`Unable to render the mapping template: ${(error as Error)?.message ?? String(error)}`, error);
  }
}
