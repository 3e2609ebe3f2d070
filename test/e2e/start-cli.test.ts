import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { buildApp } from '../../modules/app';
import { startLocalStack } from '../../local/runtime';
import { findPlayerPool, signInPlayer } from '../../scripts/lib/players';

jest.setTimeout(90_000);
const ROOT = path.resolve(__dirname, '..', '..');

/** Runs `npm start -- <args>` and collects its output until it is ready, exits, or 60 s pass. */
function start(args: string[]): { output: () => string; exited: Promise<number | null>; ready: Promise<boolean>; stop: () => void } {
  const child = spawn('npm', ['start', '--', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = (async () => {
    const deadline = Date.now() + 60_000;
    while (!output.includes('Press Ctrl+C to stop.') && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    return output.includes('Press Ctrl+C to stop.');
  })();
  return { output: () => output, exited, ready, stop: () => child.kill('SIGTERM') };
}

/** Runs `npm start -- <args>` to its end. */
async function runStart(args: string[]): Promise<{ code: number | null; output: string; ms: number }> {
  const started = Date.now();
  const run = start(args);
  const code = await run.exited;
  return { code, output: run.output(), ms: Date.now() - started };
}

describe('npm start', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('serves the stack, prints what it runs, and stops cleanly on %s', async (signal) => {
    const child = spawn('npm', ['start', '--', '--aws-port', '0', '--api-port', '0', '--ws-port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 60_000;
    while (!output.includes('Press Ctrl+C to stop.') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(output).toMatch(/fakemon-dev is running: ready \d+\.\d+ s after the process started/);
    expect(output).toContain('in memory (no --data-dir)');
    for (const heading of ['Endpoints', 'Routes', 'Rules', 'Functions', 'Schedules', 'No local effect (deployed on AWS, not run here)']) expect(output).toContain(`\n${heading}\n`);
    expect(output).toContain("\nIAM  enforced: functions, rules, schedules and API integrations get only what the stack's policies allow");
    expect(output).toMatch(/\n  \d+ aws_cloudwatch_metric_alarm, 1 aws_cloudwatch_dashboard: CloudWatch metrics are not emulated/);
    expect(output).toContain("--verbose adds Lambda's START/END/REPORT lines");
    expect(output).toMatch(/POST http:\/\/127\.0\.0\.1:\d+\/v1\/captures/);
    expect(output).toContain('fakemon-dev-bus/capture-attempt-rule');
    expect(output).toContain('fakemon-dev-spawn/spawn-schedule  rate(1 minute)');
    const restUrl = /REST API\s+(http:\/\/\S+)/.exec(output)?.[1];
    const awsEndpoint = /AWS \(.*\)\s+(http:\/\/\S+)/.exec(output)?.[1];
    expect(output).toMatch(/Players: Cognito user pool fakemon-dev-players eu-west-1_[A-Za-z0-9]{9}/);
    const cognito = new CognitoIdentityProviderClient({ endpoint: awsEndpoint, region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const { idToken } = await signInPlayer(cognito, await findPlayerPool(cognito, 'fakemon-dev'), 'cli');
    cognito.destroy();
    const response = await fetch(`${restUrl}/captures`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: idToken }, body: '{"fakemon":"fm-cli"}' });
    expect(response.status).toBe(202);
    child.kill(signal);
    expect(await exited).toBe(0);
    expect(output).toContain(`${signal}: stopping fakemon-dev`);
    expect(output).toContain('stopped');
  });

  it('keeps DynamoDB data, the user pool ids and its players across restarts with --data-dir', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fakemon-data-'));
    const item = { fakemonId: { S: 'fm-persisted' }, status: { S: 'wild' }, species: { S: 'pikachu' } };
    const poolIds: unknown[] = [];
    try {
      for (const step of ['write', 'read'] as const) {
        const stack = await startLocalStack({ awsPort: 0, restPort: 0, webSocketPort: 0, dataDir, functionLogs: 'silent', log: () => undefined, synth: step === 'write' });
        const client = { endpoint: stack.awsEndpoint, region: stack.config.region, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } };
        const dynamodb = new DynamoDBClient(client);
        const cognito = new CognitoIdentityProviderClient(client);
        try {
          poolIds.push([stack.config.outputs.user_pool_id, stack.config.outputs.user_pool_client_id]);
          const pool = { userPoolId: String(stack.config.outputs.user_pool_id), clientId: String(stack.config.outputs.user_pool_client_id) };
          if (step === 'write') await dynamodb.send(new PutItemCommand({ TableName: 'fakemon-dev-world', Item: item }));
          else expect((await dynamodb.send(new GetItemCommand({ TableName: 'fakemon-dev-world', Key: { fakemonId: item.fakemonId } }))).Item).toEqual(item);
          // signs up on the first run; the second run finds the player (SignUp: UsernameExists) and signs in
          expect((await signInPlayer(cognito, pool, 'keeper', 'Keeper-Passw0rd')).idToken).toEqual(expect.any(String));
        } finally {
          dynamodb.destroy();
          cognito.destroy();
          await stack.stop();
        }
      }
      expect(poolIds[1]).toEqual(poolIds[0]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('lists the valid environments for an unknown one, before building anything', async () => {
    const { code, output } = await runStart(['--env', 'nosuch', '--aws-port', '0', '--api-port', '0', '--ws-port', '0']);
    expect(code).toBe(1);
    expect(output).toContain('Unknown environment "nosuch": valid environments are dev, staging, prod and pr-<id>');
    expect(output).not.toMatch(/handler zips|built |synthesized/);
  });

  it('fails fast on a busy port, naming its flag and suggesting free ports, before building anything', async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const { code, output } = await runStart(['--aws-port', String(port), '--api-port', '0', '--ws-port', '0']);
      expect(code).toBe(1);
      expect(output).toContain(`Port ${port} (the AWS endpoint, --aws-port) already in use on 127.0.0.1`);
      const suggested = Number(/npm start -- --aws-port (\d+) --api-port 0 --ws-port 0/.exec(output)?.[1]);
      expect(suggested).toBeGreaterThan(port);
      expect(output).not.toMatch(/handler zips|built |synthesized/);
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });

  it('--no-synth refuses clearly when there is nothing to run', async () => {
    const run = start(['--no-synth', '--env', 'pr-nothing0', '--aws-port', '0', '--api-port', '0', '--ws-port', '0']);
    expect(await run.exited).not.toBe(0);
    expect(run.output()).toContain(`Nothing to run: ${path.join(ROOT, 'cdktf.out', 'stacks', 'fakemon-pr-nothing0', 'cdk.tf.json')} does not exist.`);
    expect(run.output()).toContain('Produce it with `FAKEMON_PR_ID=nothing0 npx cdktf synth`');
    expect(run.output()).not.toMatch(/synthesized fakemon|handler zips up to date|built /);
  });

  it('--no-synth runs a stack synthesized elsewhere, as it is, without building or synthesizing', async () => {
    // A stack synthesized into another directory (like a CI artifact), copied into cdktf.out and edited by hand.
    const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'fakemon-artifact-'));
    const target = path.join(ROOT, 'cdktf.out', 'stacks', 'fakemon-pr-nosynth');
    try {
      buildApp({ outdir: elsewhere, env: { ...process.env, FAKEMON_PR_ID: 'nosynth' } }).synth();
      mkdirSync(path.dirname(target), { recursive: true });
      cpSync(path.join(elsewhere, 'stacks', 'fakemon-pr-nosynth'), target, { recursive: true });
      const file = path.join(target, 'cdk.tf.json');
      const json = JSON.parse(readFileSync(file, 'utf8')) as { resource: { aws_lambda_function: Record<string, { function_name: string; timeout: number }> } };
      const capture = Object.values(json.resource.aws_lambda_function).find((fn) => fn.function_name === 'fakemon-pr-nosynth-capture');
      if (!capture) throw new Error('the synthesized PR stack has no capture function');
      capture.timeout = 7;
      writeFileSync(file, JSON.stringify(json));

      const run = start(['--no-synth', '--env', 'pr-nosynth', '--aws-port', '0', '--api-port', '0', '--ws-port', '0']);
      try {
        expect(await run.ready).toBe(true);
        const output = run.output();
        expect(output).toContain('fakemon-pr-nosynth is running');
        expect(output).toContain(`running ${path.join('cdktf.out', 'stacks', 'fakemon-pr-nosynth')} as synthesized (not synthesized again)`);
        expect(output).toContain('fakemon-pr-nosynth-capture  (7s,');
        expect(output).not.toMatch(/synthesized fakemon|handler zips up to date|built /);
        const restUrl = /REST API\s+(http:\/\/\S+)/.exec(output)?.[1];
        const awsEndpoint = /AWS \(.*\)\s+(http:\/\/\S+)/.exec(output)?.[1];
        const cognito = new CognitoIdentityProviderClient({ endpoint: awsEndpoint, region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
        const { idToken } = await signInPlayer(cognito, await findPlayerPool(cognito, 'fakemon-pr-nosynth'), 'cli');
        cognito.destroy();
        const response = await fetch(`${restUrl}/captures`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: idToken }, body: '{"fakemon":"fm-cli"}' });
        expect(response.status).toBe(202);
      } finally {
        run.stop();
        expect(await run.exited).toBe(0);
      }
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
      rmSync(target, { recursive: true, force: true });
    }
  });
});
