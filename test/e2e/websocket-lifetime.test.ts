import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import WebSocket from 'ws';
import { ControllableClock } from '../../local/clock';
import { LocalStack, startLocalStack } from '../../local/runtime';
import { localPlayers, type PlayerDirectory } from './support/player';

jest.setTimeout(60_000);

// API Gateway ends every WebSocket connection after two hours ("Connection duration for WebSocket API: 2 hours",
// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html),
// which is also the TTL of the connection records. The local runtime does the same on its clock, so advancing the
// clock past two hours ends the sockets instead of leaving them open with expired records.
describe('WebSocket connections on the local runtime’s clock', () => {
  let stack: LocalStack;
  let dynamodb: DynamoDBClient;
  let players: PlayerDirectory;

  beforeAll(async () => {
    stack = await startLocalStack({ awsPort: 0, restPort: 0, webSocketPort: 0, clock: new ControllableClock(), timeScale: 0.001, functionLogs: 'silent', log: () => undefined });
    players = localPlayers(stack);
    dynamodb = new DynamoDBClient({ endpoint: stack.awsEndpoint, region: stack.config.region, credentials: { accessKeyId: 'e2e', secretAccessKey: 'e2e' } });
  });

  afterAll(async () => {
    players.destroy();
    dynamodb.destroy();
    await stack.stop();
  });

  const connect = async (player: string): Promise<{ socket: WebSocket; closed: Promise<number> }> => {
    const { tokens } = await players.signIn(player);
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`${stack.webSocketUrl}?token=${encodeURIComponent(tokens.idToken)}`);
      const closed = new Promise<number>((done) => socket.on('close', (code) => done(code)));
      socket.once('open', () => resolve({ socket, closed }));
      socket.once('error', reject);
    });
  };
  const recordedPlayers = async (): Promise<string[]> =>
    ((await dynamodb.send(new ScanCommand({ TableName: String(stack.config.outputs.connections_table) }))).Items ?? []).map((i) => String(i.player?.S)).sort();
  const eventuallyRecorded = async (expected: string[]): Promise<void> => {
    const deadline = Date.now() + 5000;
    while (JSON.stringify(await recordedPlayers()) !== JSON.stringify(expected) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await recordedPlayers()).toEqual(expected);
  };
  const advance = async (seconds: number): Promise<void> => {
    const response = await fetch(`${stack.awsEndpoint}/_local/clock/advance`, { method: 'POST', body: JSON.stringify({ seconds }) });
    expect(response.status).toBe(200);
  };

  it('closes a socket at two hours (1001) and $disconnect removes its record', async () => {
    const first = await connect('early_bird');
    await advance(3600);
    const second = await connect('night_owl');
    expect(await recordedPlayers()).toEqual(['early_bird', 'night_owl']);

    await advance(3600);
    expect(await first.closed).toBe(1001);
    await eventuallyRecorded(['night_owl']);
    expect(second.socket.readyState).toBe(WebSocket.OPEN);

    await advance(3600);
    expect(await second.closed).toBe(1001);
    await eventuallyRecorded([]);
  });
});
