/**
 * `npm run new:handler` run into a copy of the repository, as a developer runs it: the acceptance command,
 * then what must hold after it — the copy typechecks, the generated unit tests pass, every environment synthesizes
 * (no concurrency budget broken) with the new rule, function, DLQ, retry policy and alarms, and `npm start` invokes
 * the new function for a matching event. Also its refusals and `--dry-run`, which write nothing.
 */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { copyRepository, type RepoCopy } from './support/repo-copy';

jest.setTimeout(600_000);

const ACCEPTANCE = ['loyalty-points', '--event', 'loyalty.points_earned', '--source', 'loyalty.api', '--field', 'player:string', '--field', 'points:number'];

let copy: RepoCopy;
beforeAll(() => {
  copy = copyRepository('fakemon-new-handler-');
});
afterAll(() => copy?.remove());

const run = (command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> =>
  spawnSync(command, args, { cwd: copy.dir, encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
const newHandler = (args: readonly string[]) => run('npm', ['run', '--silent', 'new:handler', '--', ...args]);
const read = (file: string): string => readFileSync(path.join(copy.dir, file), 'utf8');

type Json = Record<string, any>;
const stackJson = (name: string): Json => JSON.parse(read(`cdktf.out/stacks/${name}/cdk.tf.json`)) as Json;
const resources = (json: Json, type: string): Json[] => Object.values(json.resource?.[type] ?? {});

describe('npm run new:handler', () => {
  it('refuses a taken name, an invalid detail-type and a bad field with clear messages, and writes nothing', () => {
    const before = read('handlers/functions.ts');
    const taken = newHandler(['notify-customer', '--event', 'x.y', '--source', 'a.b']);
    expect(taken.status).toBe(1);
    expect(taken.stderr).toContain('name "notify-customer": a function of that name exists (handlers/functions.ts)');
    const invalid = newHandler(['loyalty-points', '--event', 'loyalty points!', '--source', 'aws.loyalty', '--field', 'points:int']);
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toContain('--event "loyalty points!": start with a letter; use letters, digits');
    expect(invalid.stderr).toContain('--source "aws.loyalty": the "aws." prefix is reserved for AWS services');
    expect(invalid.stderr).toContain('--field "points:int": write <name>:<type> with type string, number, boolean, string[]');
    const existing = newHandler(['loyalty-points', '--event', 'Customer Notification', '--source', 'loyalty.api']);
    expect(existing.stderr).toContain('--event "Customer Notification": the catalog already has this detail-type');
    const usage = newHandler(['loyalty-points']);
    expect(usage.status).toBe(2); // stdin is not a terminal: nothing to ask, a usage error
    expect(usage.stderr).toContain('missing --event, --source');
    expect(read('handlers/functions.ts')).toBe(before);
  });

  it('--dry-run lists what it would write and writes nothing', () => {
    const dry = newHandler([...ACCEPTANCE, '--dry-run']);
    expect(dry.status).toBe(0);
    for (const file of ['handlers/src/events/contracts/loyalty-points-earned.ts', 'handlers/src/loyalty-points/handler.ts', 'modules/flows/loyalty-points.ts', 'test/unit/handlers/loyalty-points.test.ts', 'test/fixtures/events/loyalty-points-earned.json']) {
      expect(dry.stdout).toMatch(new RegExp(`create +${file.replace(/[.]/g, '\\.')}`));
    }
    expect(dry.stdout).toMatch(/modify +handlers\/functions\.ts/);
    expect(existsSync(path.join(copy.dir, 'handlers/src/loyalty-points'))).toBe(false);
  });

  describe('the acceptance command', () => {
    let generated: SpawnSyncReturns<string>;
    beforeAll(() => {
      generated = newHandler(ACCEPTANCE);
    });

    it('writes the contract, handler, domain, config, tests, fixture and flow, registers them, and redraws the picture', () => {
      expect(generated.stderr).toBe('');
      expect(generated.status).toBe(0);
      for (const file of ['handlers/src/loyalty-points/config.ts', 'handlers/src/loyalty-points/domain.ts', 'handlers/src/loyalty-points/index.ts', 'handlers/src/events/contracts/loyalty-points-earned.ts']) {
        expect(existsSync(path.join(copy.dir, file))).toBe(true);
      }
      expect(read('handlers/functions.ts')).toMatch(/'loyalty-points',\n {2}\/\/ new:handler function names/);
      expect(read('modules/flows/index.ts')).toMatch(/loyaltyPointsFlow,\n {2}\/\/ new:handler flows/);
      expect(read('handlers/src/events/catalog.ts')).toMatch(/loyaltyPointsEarned,\n {2}\/\/ new:handler contracts/);
      expect(read('docs/architecture.svg')).toContain('loyalty-points');
      expect(newHandler(ACCEPTANCE).stderr).toContain('name "loyalty-points": a function of that name exists'); // and now it exists
    });

    it('leaves a copy that typechecks', () => {
      const typecheck = run('npm', ['run', '--silent', 'typecheck']);
      expect(typecheck.stdout + typecheck.stderr).toBe('');
      expect(typecheck.status).toBe(0);
    });

    it('gives the function unit tests that pass, with the contract and the catalog tests', () => {
      const jest = run('npx', ['jest', 'test/unit/handlers/loyalty-points.test.ts', 'test/unit/handlers/contracts.test.ts', '--selectProjects', 'unit']);
      expect(jest.stderr).toMatch(/Tests: +\d+ passed, \d+ total/);
      expect(jest.status).toBe(0);
    });

    it('runs in npm start: every environment synthesizes with the new rule, function, DLQ, retry policy and alarms, and a matching event invokes it', async () => {
      const child = spawn('npm', ['start', '--', '--aws-port', '0', '--api-port', '0', '--ws-port', '0'], { cwd: copy.dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      try {
        const deadline = Date.now() + 120_000;
        while (!output.includes('Press Ctrl+C to stop.') && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        expect(output).toContain('Press Ctrl+C to stop.');
        expect(output).toContain('fakemon-dev-bus/loyalty-points-rule');

        for (const env of ['dev', 'staging', 'prod']) {
          const json = stackJson(`fakemon-${env}`);
          const module = Object.values(json.module)[0] as Json;
          expect(JSON.parse(module.rules.loyalty_points.event_pattern)).toEqual({ source: ['loyalty.api'], 'detail-type': ['loyalty.points_earned'], 'replay-name': [{ exists: false }] });
          expect(module.targets.loyalty_points).toEqual([
            expect.objectContaining({
              name: 'loyalty-points',
              arn: expect.stringContaining('aws_lambda_function.loyalty-points_function'),
              dead_letter_arn: expect.stringContaining('aws_sqs_queue.loyalty-points_loyalty-points-dlq'),
              retry_policy: expect.objectContaining({ maximum_retry_attempts: expect.any(Number), maximum_event_age_in_seconds: expect.any(Number) }),
            }),
          ]);
          const fn = resources(json, 'aws_lambda_function').find((f) => f.function_name === `fakemon-${env}-loyalty-points`);
          expect(fn).toBeDefined();
          expect(fn?.reserved_concurrent_executions).toBeUndefined(); // generated handlers reserve nothing
          expect(resources(json, 'aws_sqs_queue').map((q) => q.name)).toContain(`fakemon-${env}-loyalty-points-dlq`);
          expect(resources(json, 'aws_lambda_function_event_invoke_config')).toContainEqual(
            expect.objectContaining({ function_name: expect.stringContaining('loyalty-points_function'), destination_config: { on_failure: { destination: expect.stringContaining('loyalty-points-dlq') } } }),
          );
          expect(resources(json, 'aws_cloudwatch_metric_alarm').map((a) => a.alarm_name).filter((n: string) => n.includes('loyalty-points')).sort()).toEqual(
            ['dlq-visible', 'errors', 'rule-failed-invocations', 'rule-latency-p99', 'rule-sent-to-dlq', 'rule-throttled', 'throttles'].map((what) => `fakemon-${env}-loyalty-points-${what}`),
          );
          expect(resources(json, 'aws_schemas_schema').map((s) => s.name)).toContain('loyalty.api@loyalty.points_earned');
        }

        const endpoint = /AWS \([^)]*\)\s+(http:\/\/\S+)/.exec(output)?.[1];
        const events = new EventBridgeClient({ endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
        try {
          const put = await events.send(
            new PutEventsCommand({ Entries: [{ EventBusName: 'fakemon-dev-bus', Source: 'loyalty.api', DetailType: 'loyalty.points_earned', Detail: JSON.stringify({ player: 'ash', points: 7 }) }] }),
          );
          expect(put.FailedEntryCount).toBe(0);
          const eventId = String(put.Entries?.[0].EventId);
          const until = Date.now() + 60_000;
          const handled = (): string | undefined => output.split('\n').find((line) => line.startsWith('[loyalty-points]') && line.includes(eventId) && line.includes('loyalty.points_earned handled'));
          while (!handled() && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
          expect(handled() ?? output.split('\n').filter((l) => l.includes('loyalty')).join('\n')).toContain('player=ash points=7');
        } finally {
          events.destroy();
        }
      } finally {
        child.kill('SIGTERM');
        await exited;
      }
    });
  });
});
