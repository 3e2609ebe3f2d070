/**
 * Synthesized stacks to edit by hand, as a developer would edit `cdktf.out`: synthesize once into a temporary
 * directory, copy the stack, change its JSON, and start the copy with `synth: false` (the runtime reads what is
 * in the directory, as `npm start -- --no-synth` does).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildHandlers } from '../../../handlers/build';
import { buildApp } from '../../../modules/app';
import { ControllableClock } from '../../../local/clock';
import { LocalStack, startLocalStack } from '../../../local/runtime';

export type StackJson = {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  module: Record<string, Record<string, unknown>>;
};

/** One statement of a role's identity policy in the synthesized JSON. */
export interface PolicyStatementRef {
  /** `aws_iam_role_policy.<name>` */
  readonly policy: string;
  readonly index: number;
  readonly sid: string;
}

const dirs: string[] = [];

/** Builds the handler zips and synthesizes every environment into a new temporary `cdktf.out`. */
export async function synthesizeToTemp(): Promise<string> {
  await buildHandlers({ log: () => undefined });
  const outdir = mkdtempSync(path.join(tmpdir(), 'fakemon-synth-'));
  dirs.push(outdir);
  const { FAKEMON_PR_ID: _pr, ...env } = process.env;
  buildApp({ outdir, env }).synth();
  return outdir;
}

export function readStack(outdir: string, stackName: string): StackJson {
  return JSON.parse(readFileSync(path.join(outdir, 'stacks', stackName, 'cdk.tf.json'), 'utf8')) as StackJson;
}

/** A copy of `outdir` whose stack JSON went through `edit`. */
export function editedCopy(outdir: string, stackName: string, edit: (json: StackJson) => void): string {
  const copy = mkdtempSync(path.join(tmpdir(), 'fakemon-edited-'));
  dirs.push(copy);
  cpSync(outdir, copy, { recursive: true });
  const json = readStack(copy, stackName);
  edit(json);
  writeFileSync(path.join(copy, 'stacks', stackName, 'cdk.tf.json'), JSON.stringify(json, null, 2));
  return copy;
}

/** Removes every temporary directory made here. */
export function removeTemporaryStacks(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The resource name of the execution role of the function named `functionName` (`aws_iam_role.<name>`). */
function roleResourceOf(json: StackJson, functionName: string): string {
  const fn = Object.values(json.resource.aws_lambda_function ?? {}).find((f) => f.function_name === functionName);
  const match = /^\$\{aws_iam_role\.([^.]+)\.arn\}$/.exec(String(fn?.role));
  if (!match) throw new Error(`${functionName}: no aws_iam_role reference in its role (${String(fn?.role)})`);
  return match[1] as string;
}

/** Every statement of every inline policy of a function's execution role, as synthesized. */
export function roleStatements(json: StackJson, functionName: string): PolicyStatementRef[] {
  const role = roleResourceOf(json, functionName);
  return Object.entries(json.resource.aws_iam_role_policy ?? {})
    .filter(([, p]) => p.role === `\${aws_iam_role.${role}.id}` || p.role === `\${aws_iam_role.${role}.name}`)
    .flatMap(([name, p]) =>
      (JSON.parse(String(p.policy)) as { Statement: Array<{ Sid?: string }> }).Statement.map((s, index) => ({ policy: name, index, sid: s.Sid ?? `#${index}` })),
    );
}

/** Removes one statement from its policy. */
export function removeStatement(json: StackJson, ref: PolicyStatementRef): void {
  const policy = json.resource.aws_iam_role_policy?.[ref.policy];
  if (!policy) throw new Error(`no aws_iam_role_policy.${ref.policy}`);
  const document = JSON.parse(String(policy.policy)) as { Statement: unknown[] };
  document.Statement.splice(ref.index, 1);
  policy.policy = JSON.stringify(document);
}

/** Starts a stack from `outdir` without building or synthesizing, on free ports, with a fast, controllable clock. */
export function startFrom(outdir: string, options: { stackName?: string; iam?: 'enforce' | 'warn' | 'off' } = {}): Promise<LocalStack> {
  return startLocalStack({
    env: (options.stackName ?? 'fakemon-dev').replace(/^fakemon-/, ''),
    outdir,
    synth: false,
    build: false,
    awsPort: 0,
    restPort: 0,
    webSocketPort: 0,
    clock: new ControllableClock(),
    timeScale: 0.001,
    functionLogs: 'silent',
    iam: options.iam,
    logsDir: path.join(outdir, 'logs'),
    log: () => undefined,
  });
}
