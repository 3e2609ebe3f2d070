import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import WebSocket from 'ws';
import { refreshPlayer, signInPlayer, type PlayerPoolIds, type PlayerTokens } from '../../../scripts/lib/players';
import type { LocalStack } from '../../../local/runtime';
import type { E2eTarget } from './target';

/** A message a player received over the WebSocket. */
export type PlayerMessage = Record<string, unknown> & { type: string };

/** A player signed in to the stack's user pool. */
export interface SignedIn {
  readonly name: string;
  readonly tokens: PlayerTokens;
}

/**
 * Signs players in to the target's user pool with the real Cognito SDK client (the pool and client ids come from
 * the stack outputs, locally and on AWS alike): AdminCreateUser + AdminSetUserPassword, then USER_PASSWORD_AUTH.
 * At most `concurrency` sign-ins run at once, to stay inside Cognito's request quotas on AWS.
 */
export class PlayerDirectory {
  private readonly cognito: CognitoIdentityProviderClient;
  private readonly pool: PlayerPoolIds;
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(target: Pick<E2eTarget, 'stackName' | 'outputs' | 'client'>, private readonly concurrency = 8) {
    const { user_pool_id: userPoolId, user_pool_client_id: clientId } = target.outputs;
    if (!userPoolId || !clientId) throw new Error(`${target.stackName} has no user_pool_id / user_pool_client_id outputs`);
    this.pool = { userPoolId, clientId };
    this.cognito = new CognitoIdentityProviderClient(target.client);
  }

  async signIn(name: string): Promise<SignedIn> {
    return this.limited(async () => ({ name, tokens: await signInPlayer(this.cognito, this.pool, name) }));
  }

  /** Fresh ID and access tokens from the player's refresh token. */
  async refresh(player: SignedIn): Promise<SignedIn> {
    return this.limited(async () => ({ name: player.name, tokens: await refreshPlayer(this.cognito, this.pool, player.tokens) }));
  }

  destroy(): void {
    this.cognito.destroy();
  }

  private async limited<T>(work: () => Promise<T>): Promise<T> {
    while (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running += 1;
    try {
      return await work();
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }
}

/** The players of a running local stack (signed in with the account's administrator credentials). */
export function localPlayers(stack: LocalStack): PlayerDirectory {
  return new PlayerDirectory({
    stackName: stack.stackName,
    outputs: Object.fromEntries(Object.entries(stack.config.outputs).map(([k, v]) => [k, String(v)])),
    client: { region: stack.config.region, endpoint: stack.awsEndpoint, credentials: { accessKeyId: 'e2e-admin', secretAccessKey: 'e2e' } },
  });
}

/** A signed-in player connected to the WebSocket API, collecting every message it receives. */
export class Player {
  public readonly messages: PlayerMessage[] = [];
  private waiters: Array<() => void> = [];

  private constructor(
    public readonly name: string,
    /** The player's ID token (what the REST API's `Authorization` header takes). */
    public readonly token: string,
    private readonly socket: WebSocket,
  ) {
    socket.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()) as PlayerMessage);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** Connects with `?token=<ID token>` (and `extraQuery`); rejects with the HTTP status if the connection is refused. */
  public static connect(url: string, player: SignedIn, extraQuery = ''): Promise<Player> {
    return connectSocket(`${url}?token=${encodeURIComponent(player.tokens.idToken)}${extraQuery}`).then((socket) => new Player(player.name, player.tokens.idToken, socket));
  }

  /** Waits for a message matching `predicate` (already received or arriving within `timeoutMs`). */
  public async waitFor(predicate: (m: PlayerMessage) => boolean, timeoutMs = 10_000): Promise<PlayerMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(predicate);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.name}: no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.messages)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /**
   * Sends `{"action":"watch","lat","lng"}` and waits for the route's answer (`watching` or `error`): from then on
   * the player hears the world changes around that position.
   */
  public async watch(position: { readonly lat: number; readonly lng: number }, timeoutMs = 10_000): Promise<PlayerMessage> {
    const before = this.messages.length;
    this.socket.send(JSON.stringify({ action: 'watch', ...position }));
    return this.waitFor((m) => this.messages.indexOf(m) >= before && (m.type === 'watching' || (m.type === 'error' && m.action === 'watch')), timeoutMs);
  }

  /** Sends a raw message on the socket. */
  public send(data: string): void {
    this.socket.send(data);
  }

  /** Closes the connection and waits for the close to complete. */
  public close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}

/** Opens a WebSocket; rejects with `HTTP <status>` in the message when the upgrade is refused. */
export function connectSocket(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`connection refused with HTTP ${res.statusCode}`), { statusCode: res.statusCode })));
    socket.once('error', reject);
  });
}

/** Options of {@link postJson}. */
export interface PostOptions {
  /** The caller's ID token, sent as `Authorization`. @default none (unauthenticated) */
  readonly token?: string;
  /** Sent as `Idempotency-Key`. @default none */
  readonly idempotencyKey?: string;
  /** Send `body` as it is (not JSON-encoded). @default false */
  readonly raw?: boolean;
}

/** POSTs JSON (or a raw string) and returns status and parsed body. */
export async function postJson(url: string, body: unknown, options: PostOptions = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token !== undefined) headers.authorization = options.token;
  if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
  const response = await fetch(url, { method: 'POST', headers, body: options.raw ? String(body) : JSON.stringify(body) });
  const text = await response.text();
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = { raw: text };
  }
  return { status: response.status, body: parsed };
}
