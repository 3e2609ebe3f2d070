import { createServer } from 'node:net';

/** The port to listen on: the one asked for, or a free one when 0 (so every URL is known before start-up). */
export async function choosePort(host: string, port: number): Promise<number> {
  if (port !== 0) return port;
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Whether a port can be listened on right now. */
export function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** A port the runtime is asked to serve on, and the command-line option that sets it. */
export interface RequestedPort {
  /** e.g. `--aws-port`. */
  readonly option: string;
  /** What it serves, e.g. "the AWS endpoint". */
  readonly serves: string;
  /** 0 = any free port (never busy). */
  readonly port: number;
}

/** The local runtime's three ports with their options (unset ports are the defaults 4566, 3000 and 3001). */
export function runtimePorts(ports: { readonly awsPort?: number; readonly restPort?: number; readonly webSocketPort?: number }): RequestedPort[] {
  return [
    { option: '--aws-port', serves: 'the AWS endpoint', port: ports.awsPort ?? 4566 },
    { option: '--api-port', serves: 'the REST API', port: ports.restPort ?? 3000 },
    { option: '--ws-port', serves: 'the WebSocket API', port: ports.webSocketPort ?? 3001 },
  ];
}

/** Some requested ports are taken; the message names them and suggests free ones. */
export class PortInUseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PortInUseError';
  }
}

/**
 * Fails fast, before any build or synth, when a requested port is taken (typically by another local runtime),
 * with a command line that uses free ports instead.
 */
export async function assertPortsFree(host: string, requested: readonly RequestedPort[]): Promise<void> {
  const busy: RequestedPort[] = [];
  for (const request of requested) if (request.port !== 0 && !(await isPortFree(host, request.port))) busy.push(request);
  if (busy.length === 0) return;
  const taken = new Set(requested.map((r) => r.port));
  const suggestion: string[] = [];
  for (const request of requested) {
    let port = request.port;
    if (busy.includes(request)) {
      do port += 1;
      while (port <= 65535 && (taken.has(port) || !(await isPortFree(host, port))));
      taken.add(port);
    }
    suggestion.push(`${request.option} ${port}`);
  }
  const names = busy.map((b) => `${b.port} (${b.serves}, ${b.option})`).join(', ');
  throw new PortInUseError(
    `Port${busy.length > 1 ? 's' : ''} ${names} already in use on ${host}: is another local runtime running? Stop it, or use other ports:\n` +
      `  npm start -- ${suggestion.join(' ')}\n` +
      '(0 picks any free port; the start-up summary prints every URL.)',
  );
}
