import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

/**
 * The AWS SDK v3 commands a set of test files sends, read from the source: what each test file runs, and every
 * declaration it reaches through relative imports (a function, class or constant at a time, so importing a module
 * for one pure helper does not count the module's other SDK calls). Blocks skipped under the given environment
 * (`describe.skip`, or a `describe`/`it` chosen by a constant such as `E2E_TARGET === 'aws' ? describe.skip :
 * describe`) are left out, and so are the directories that never talk to AWS (the local runtime).
 */

/** One `new XxxCommand(…)` of an `@aws-sdk/client-*` (or `lib-*`) package. */
export interface SdkCall {
  /** The package without its scope: `client-sqs`. */
  readonly sdkPackage: string;
  /** The operation: `ReceiveMessage`. */
  readonly operation: string;
  /** `file:line`, relative to the root. */
  readonly where: string;
}

/** What {@link sdkCallsOf} found. */
export interface SdkCallReport {
  /** The test files that reach the entry point (run against the target). */
  readonly files: readonly string[];
  readonly calls: readonly SdkCall[];
  /** SDK uses the reader cannot map to commands (paginators, waiters, aggregated clients). */
  readonly problems: readonly string[];
}

/** Options of {@link sdkCallsOf}. */
export interface SdkCallOptions {
  readonly root: string;
  /** Test files to read (relative to root). */
  readonly testFiles: readonly string[];
  /** The declaration that makes a test file run against the target: `{ file: 'test/e2e/support/target.ts', name: 'e2eTarget' }`. */
  readonly entry: { readonly file: string; readonly name: string };
  /** Environment variables as the run sets them, for skipped blocks: `{ E2E_TARGET: 'aws' }`. */
  readonly env: Readonly<Record<string, string>>;
  /** Directories (relative to root) whose code never reaches AWS: not followed. */
  readonly exclude: readonly string[];
}

interface Module {
  readonly file: string;
  readonly source: ts.SourceFile;
  readonly declarations: Map<string, ts.Node>;
  /** Local name → relative module file and imported name, or an SDK package. */
  readonly imports: Map<string, { readonly file?: string; readonly name: string; readonly sdk?: string }>;
  /** `export … from` re-exports: exported name (or `*`) → module file and name. */
  readonly reexports: Array<{ readonly exported: string; readonly file: string; readonly name: string }>;
}

const SDK_PACKAGE = /^@aws-sdk\/((?:client|lib)-[a-z0-9-]+)$/;
const SKIP = Symbol('skip');
type Value = string | boolean | typeof SKIP | undefined;

function resolveModule(fromFile: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(fromFile), specifier);
  return [`${base}.ts`, path.join(base, 'index.ts'), base].find((f) => f.endsWith('.ts') && existsSync(f));
}

function readModule(file: string): Module {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const declarations = new Map<string, ts.Node>();
  const imports: Module['imports'] = new Map();
  const reexports: Module['reexports'] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && !statement.importClause?.isTypeOnly) {
      const specifier = statement.moduleSpecifier.text;
      const sdk = SDK_PACKAGE.exec(specifier)?.[1];
      const target = specifier.startsWith('.') ? resolveModule(file, specifier) : undefined;
      if (!sdk && !target) continue;
      const bindings = statement.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          if (element.isTypeOnly) continue;
          imports.set(element.name.text, { file: target, sdk, name: (element.propertyName ?? element.name).text });
        }
      } else if (bindings && ts.isNamespaceImport(bindings)) {
        imports.set(bindings.name.text, { file: target, sdk, name: '*' });
      }
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) && !statement.isTypeOnly) {
      const target = resolveModule(file, statement.moduleSpecifier.text);
      if (!target) continue;
      if (!statement.exportClause) reexports.push({ exported: '*', file: target, name: '*' });
      else if (ts.isNamedExports(statement.exportClause)) {
        for (const e of statement.exportClause.elements) reexports.push({ exported: e.name.text, file: target, name: (e.propertyName ?? e.name).text });
      }
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) {
      declarations.set(statement.name.text, statement);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) declarations.set(declaration.name.text, declaration);
      }
    }
  }
  return { file, source, declarations, imports, reexports };
}

/** Paginators, waiters and aggregated clients (`new SQS().receiveMessage()`) send without a visible Command. */
function sendsUnseen(sdkPackage: string, name: string): boolean {
  if (/^(paginate|waitFor|waitUntil)[A-Z]/.test(name)) return true;
  if (/(Client|Command)$/.test(name)) return false;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const value = (require(`@aws-sdk/${sdkPackage}`) as Record<string, unknown>)[name];
  return typeof value === 'function' && typeof (value as { prototype?: { send?: unknown } }).prototype?.send === 'function';
}

/** Reads the SDK commands the test files send, following what they reach. */
export function sdkCallsOf(options: SdkCallOptions): SdkCallReport {
  const modules = new Map<string, Module>();
  const moduleOf = (file: string): Module => modules.get(file) ?? modules.set(file, readModule(file)).get(file)!;
  const excluded = (file: string): boolean => options.exclude.some((dir) => !path.relative(path.join(options.root, dir), file).startsWith('..'));
  const relative = (file: string): string => path.relative(options.root, file);
  const entry = `${path.join(options.root, options.entry.file)}#${options.entry.name}`;

  const calls = new Map<string, SdkCall>();
  const problems = new Set<string>();
  const files: string[] = [];

  for (const testFile of options.testFiles) {
    const visited = new Set<string>();
    const queue: Array<[Module, ts.Node]> = [];
    const found: SdkCall[] = [];
    const unseen = new Set<string>();

    const evaluate = (module: Module, node: ts.Expression, depth = 0): Value => {
      if (depth > 20) return undefined;
      if (ts.isParenthesizedExpression(node)) return evaluate(module, node.expression, depth + 1);
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
      if (ts.isPropertyAccessExpression(node)) {
        const text = node.getText(module.source);
        const variable = /^process\.env\.([A-Za-z0-9_]+)$/.exec(text)?.[1];
        if (variable) return options.env[variable];
        return /^(describe|it|test)\.skip$/.test(text) ? SKIP : undefined;
      }
      if (ts.isIdentifier(node)) {
        const declaration = module.declarations.get(node.text);
        return declaration && ts.isVariableDeclaration(declaration) && declaration.initializer ? evaluate(module, declaration.initializer, depth + 1) : undefined;
      }
      if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) {
        const value = evaluate(module, node.operand, depth + 1);
        return typeof value === 'boolean' ? !value : undefined;
      }
      if (ts.isBinaryExpression(node)) {
        const [left, right] = [evaluate(module, node.left, depth + 1), evaluate(module, node.right, depth + 1)];
        const kind = node.operatorToken.kind;
        if (kind === ts.SyntaxKind.EqualsEqualsEqualsToken || kind === ts.SyntaxKind.ExclamationEqualsEqualsToken) {
          // An unset variable is undefined: it equals no string.
          if (typeof right !== 'string' && typeof left !== 'string') return undefined;
          return (left === right) === (kind === ts.SyntaxKind.EqualsEqualsEqualsToken);
        }
        return undefined;
      }
      if (ts.isConditionalExpression(node)) {
        const condition = evaluate(module, node.condition, depth + 1);
        if (typeof condition !== 'boolean') return undefined;
        return evaluate(module, condition ? node.whenTrue : node.whenFalse, depth + 1);
      }
      return undefined;
    };

    const reach = (file: string, name: string): void => {
      if (excluded(file)) return;
      const key = `${file}#${name}`;
      if (visited.has(key)) return;
      visited.add(key);
      const module = moduleOf(file);
      const declaration = module.declarations.get(name);
      if (declaration) {
        queue.push([module, declaration]);
        return;
      }
      for (const reexport of module.reexports) {
        if (reexport.exported === name) reach(reexport.file, reexport.name);
        else if (reexport.exported === '*') reach(reexport.file, name);
      }
    };

    const visit = (module: Module, node: ts.Node): void => {
      if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
      if (ts.isCallExpression(node) && evaluate(module, node.expression) === SKIP) return;
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression)) {
        const imported = module.imports.get(node.expression.text);
        if (imported?.sdk && imported.name.endsWith('Command')) {
          const { line } = module.source.getLineAndCharacterOfPosition(node.getStart(module.source));
          found.push({ sdkPackage: imported.sdk, operation: imported.name.replace(/Command$/, ''), where: `${relative(module.file)}:${line + 1}` });
        }
      }
      if (ts.isIdentifier(node) && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) {
        const imported = module.imports.get(node.text);
        if (imported?.file && imported.name !== '*') reach(imported.file, imported.name);
        else if (imported?.file) unseen.add(`${relative(module.file)}: a namespace import of ${relative(imported.file)} (import the names used)`);
        else if (imported?.sdk && sendsUnseen(imported.sdk, imported.name)) {
          unseen.add(`${relative(module.file)}: ${imported.name} of @aws-sdk/${imported.sdk} sends requests the reader cannot see: send Commands`);
        } else if (module.declarations.has(node.text)) reach(module.file, node.text);
      }
      ts.forEachChild(node, (child) => visit(module, child));
    };

    const test = moduleOf(path.join(options.root, testFile));
    for (const statement of test.source.statements) visit(test, statement);
    for (let next = queue.shift(); next; next = queue.shift()) visit(...next);
    if (!visited.has(entry)) continue;
    files.push(testFile);
    unseen.forEach((problem) => problems.add(problem));
    for (const call of found) calls.set(`${call.sdkPackage}:${call.operation}:${call.where}`, call);
  }
  return { files, calls: [...calls.values()], problems: [...problems].sort() };
}

/** The test files of a directory tree, relative to root. */
export function testFilesUnder(root: string, dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join(dir, f))
    .sort();
}
