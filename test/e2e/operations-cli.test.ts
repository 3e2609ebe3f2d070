import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SendMessageCommand, SQSClient, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { e2eTarget, E2eTarget } from './support/target';
import { Player, PlayerDirectory, postJson } from './support/player';

jest.setTimeout(120_000);
const ROOT = path.resolve(__dirname, '..', '..');

let target: E2eTarget;
let players: PlayerDirectory;
beforeAll(async () => {
  target = await e2eTarget();
  players = new PlayerDirectory(target);
});
afterAll(async () => {
  players?.destroy();
  await target?.stop();
});

function npmRun(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

const localOnly = process.env.E2E_TARGET === 'aws' ? describe.skip : describe;

localOnly('operations on the local runtime', () => {
  it('writes every event on the bus to the debug log file', async () => {
    const { tokens } = await players.signIn('logger');
    const response = await postJson(`${target.restUrl}/captures`, { fakemon: 'fm-log' }, { token: tokens.idToken });
    expect(response.status).toBe(202);
    await target.settle();
    const dir = target.local!.logsDir;
    const file = readdirSync(dir).find((f) => f.includes('fakemon-dev-debug'));
    expect(file).toBeDefined();
    const events = readFileSync(path.join(dir, file!), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(events.some((e) => e.detail?.attemptId === response.body.attemptId && e['detail-type'] === 'fakemon.capture_attempt')).toBe(true);
  });

  it('npm run replay replays the archive to the end; only idempotent rules see replayed events', async () => {
    const player = await Player.connect(target.webSocketUrl, await players.signIn('replayer'));
    try {
      const from = new Date(Date.now() - 60_000).toISOString();
      const response = await postJson(`${target.restUrl}/captures`, { fakemon: 'fm-replay' }, { token: player.token });
      await player.waitFor((m) => m.type === 'capture_result' && m.attemptId === response.body.attemptId);
      const to = new Date(Date.now() + 60_000).toISOString();
      const replay = await npmRun(['replay', '--', '--env', 'dev', '--from', from, '--to', to, '--endpoint', target.client.endpoint!, '--poll-seconds', '0.1']);
      expect(replay.output).toMatch(/Replay fakemon-dev-\S+ COMPLETED/);
      expect(replay.output).toMatch(/replayed +\[#+\] 100\/100/);
      expect(replay.code).toBe(0);
      await target.settle();
      // capture re-ran on the replayed attempt (idempotent), but deliver-result ignores replays: one result only.
      expect(player.messages.filter((m) => m.type === 'capture_result' && m.attemptId === response.body.attemptId)).toHaveLength(1);
    } finally {
      await player.close();
    }
  });

  it('npm run redrive --dry-run lists messages with their errors and leaves them; a message without an event is left behind and fails the run', async () => {
    const sqs = new SQSClient(target.client);
    try {
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'fakemon-dev-deliver-result-dlq' }));
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'not an event', MessageAttributes: { ERROR_CODE: { DataType: 'String', StringValue: 'SDK_CLIENT_ERROR' } } }));
      const dryRun = await npmRun(['redrive', '--', '--env', 'dev', '--queue', 'deliver-result-dlq', '--dry-run', '--endpoint', target.client.endpoint!]);
      expect(dryRun.output).toContain('Listing fakemon-dev-deliver-result-dlq');
      expect(dryRun.output).toMatch(/\(no event\) ERROR_CODE=SDK_CLIENT_ERROR/);
      expect(dryRun.code).toBe(0);
      const redrive = await npmRun(['redrive', '--', '--env', 'dev', '--queue', 'deliver-result-dlq', '--endpoint', target.client.endpoint!]);
      expect(redrive.output).toMatch(/1 read, 0 redriven, 1 left in the queue/);
      expect(redrive.code).toBe(1);
    } finally {
      sqs.destroy();
    }
  });

  it('npm run player prints an ID token the REST API and the WebSocket accept, creating the player if needed', async () => {
    const signedIn = await npmRun(['player', '--', `cli_${Date.now().toString(36)}`, '--endpoint', target.client.endpoint!]);
    expect(signedIn.code).toBe(0);
    const token = signedIn.output.split('\n').find((line) => /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/.test(line.trim()))?.trim();
    expect(token).toBeDefined();
    expect((await postJson(`${target.restUrl}/carts/cart-cli/items`, { product: 'potion', quantity: 1 }, { token })).status).toBe(202);
    const refused = await npmRun(['player', '--', 'Not A Name', '--endpoint', target.client.endpoint!]);
    expect(refused.code).toBe(2);
    expect(refused.output).toContain('"Not A Name" is not a valid player name');
  });
});
