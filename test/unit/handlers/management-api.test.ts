import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  GoneException,
  PayloadTooLargeException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import * as http from 'node:http';
import { InMemoryConnectionRegistry } from '../../../local/websocket/connection-registry';
import { startManagementApiServer, type ManagementApiServer } from '../../../local/websocket/management-api';
import { localClientConfig } from '../../support/aws';

const T0 = new Date('2024-05-14T07:40:00.000Z');

describe.each([
  ['without a stage', undefined],
  ['with a stage prefix', 'dev'],
])('local Management API %s', (_label, stage) => {
  let registry: InMemoryConnectionRegistry;
  let server: ManagementApiServer;
  let client: ApiGatewayManagementApiClient;

  beforeAll(async () => {
    registry = new InMemoryConnectionRegistry(() => T0);
    server = await startManagementApiServer({ registry, ...(stage ? { stage } : {}) });
    client = new ApiGatewayManagementApiClient({ ...localClientConfig(server.endpoint), maxAttempts: 1 });
  });
  afterAll(async () => {
    client.destroy();
    await server.close();
  });

  it('PostToConnection delivers the bytes', async () => {
    registry.connect('abc=', { sourceIp: '203.0.113.7', userAgent: 'jest' });
    await client.send(new PostToConnectionCommand({ ConnectionId: 'abc=', Data: Buffer.from('{"hello":"wörld"}') }));
    await client.send(new PostToConnectionCommand({ ConnectionId: 'abc=', Data: 'plain text' }));
    expect(registry.messages('abc=').map((m) => m.toString('utf8'))).toEqual(['{"hello":"wörld"}', 'plain text']);
  });

  it('GetConnection returns the connection details', async () => {
    const info = await client.send(new GetConnectionCommand({ ConnectionId: 'abc=' }));
    expect(info.ConnectedAt).toEqual(T0);
    expect(info.LastActiveAt).toEqual(T0);
    expect(info.Identity).toEqual({ SourceIp: '203.0.113.7', UserAgent: 'jest' });
  });

  it('DeleteConnection closes it; afterwards everything is Gone', async () => {
    await client.send(new DeleteConnectionCommand({ ConnectionId: 'abc=' }));
    expect(registry.isOpen('abc=')).toBe(false);
    await expect(client.send(new PostToConnectionCommand({ ConnectionId: 'abc=', Data: 'x' }))).rejects.toBeInstanceOf(GoneException);
    await expect(client.send(new GetConnectionCommand({ ConnectionId: 'abc=' }))).rejects.toBeInstanceOf(GoneException);
    await expect(client.send(new DeleteConnectionCommand({ ConnectionId: 'abc=' }))).rejects.toBeInstanceOf(GoneException);
  });

  it('an unknown connection is Gone (HTTP 410)', async () => {
    const error = await client.send(new PostToConnectionCommand({ ConnectionId: 'never', Data: 'x' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoneException);
    expect((error as GoneException).$metadata.httpStatusCode).toBe(410);
  });

  it('refuses messages over 128 KB with PayloadTooLargeException', async () => {
    registry.connect('big');
    await expect(client.send(new PostToConnectionCommand({ ConnectionId: 'big', Data: Buffer.alloc(128 * 1024 + 1) }))).rejects.toBeInstanceOf(
      PayloadTooLargeException,
    );
    await client.send(new PostToConnectionCommand({ ConnectionId: 'big', Data: Buffer.alloc(128 * 1024) }));
    expect(registry.messages('big')).toHaveLength(1);
  });
});

describe('local Management API routing', () => {
  it('answers 404 outside @connections and 500 when the registry throws', async () => {
    const registry = new InMemoryConnectionRegistry();
    registry.post = () => {
      throw new Error('socket exploded');
    };
    const server = await startManagementApiServer({ registry });
    const request = (method: string, path: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request(`${server.url}${path}`, { method }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end(method === 'GET' ? undefined : 'x');
      });
    try {
      expect(await request('GET', '/somewhere')).toBe(404);
      expect(await request('POST', '/@connections/a')).toBe(500);
      expect(await request('PUT', '/@connections/a')).toBe(405);
    } finally {
      await server.close();
    }
  });
});
