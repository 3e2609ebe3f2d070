import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { startLocalStack } from '../../local/runtime';
import { findPlayerPool, signInPlayer } from '../../scripts/lib/players';

jest.setTimeout(90_000);
const ROOT = path.resolve(__dirname, '..', '..');

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
    for (const heading of ['Endpoints', 'Routes', 'Rules', 'Functions', 'Schedules']) expect(output).toContain(`\n${heading}\n`);
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
});
