import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JWK } from 'jose';

/** A user's status, as Cognito reports it. */
export type UserStatus = 'UNCONFIRMED' | 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD';

/** A user of a local pool. Passwords are kept as salted scrypt hashes only. */
export interface StoredUser {
  /** As given at creation (lookups may ignore case, see the pool's `usernameCaseSensitive`). */
  readonly username: string;
  readonly sub: string;
  status: UserStatus;
  enabled: boolean;
  passwordHash: string;
  /** Epoch seconds after which a temporary password no longer signs in. */
  temporaryPasswordExpiresAt?: number;
  attributes: Record<string, string>;
  /** A pending sign-up confirmation code (the pool has no e-mail or SMS to send it with locally). */
  confirmationCode?: string;
  readonly createdAt: number;
  updatedAt: number;
}

/** A refresh token the pool issued (Cognito's are opaque; so are these). */
export interface StoredRefreshToken {
  readonly clientId: string;
  readonly username: string;
  readonly authTime: number;
  readonly originJti: string;
  readonly expiresAt: number;
}

/** Everything one pool keeps: its signing key and users. */
interface PoolState {
  /** The private signing key as a JWK (RS256). */
  signingKey?: JWK;
  users: Record<string, StoredUser>;
  refreshTokens: Record<string, StoredRefreshToken>;
}

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return `scrypt:${salt.toString('base64')}:${scryptSync(password, salt, 32).toString('base64')}`;
}

export function passwordMatches(password: string, stored: string): boolean {
  const [scheme, salt, hash] = stored.split(':');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  return timingSafeEqual(scryptSync(password, Buffer.from(salt, 'base64'), expected.length), expected);
}

/**
 * The state of one pool, in memory or written through to `<dataDir>/cognito/<poolId>.json` (atomically, on
 * every change), so users, refresh tokens and the signing key survive a restart with `--data-dir`.
 */
export class PoolStore {
  private readonly state: PoolState;

  constructor(
    private readonly file: string | undefined,
    /** How usernames are compared: Cognito pools are case-insensitive unless created case-sensitive. */
    private readonly caseSensitive: boolean,
  ) {
    this.state = file && fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as PoolState) : { users: {}, refreshTokens: {} };
  }

  static open(dataDir: string | undefined, poolId: string, caseSensitive: boolean): PoolStore {
    return new PoolStore(dataDir ? path.join(dataDir, 'cognito', `${poolId}.json`) : undefined, caseSensitive);
  }

  private key(username: string): string {
    return this.caseSensitive ? username : username.toLowerCase();
  }

  get signingKey(): JWK | undefined {
    return this.state.signingKey;
  }

  set signingKey(jwk: JWK | undefined) {
    this.state.signingKey = jwk;
    this.save();
  }

  user(username: string): StoredUser | undefined {
    return this.state.users[this.key(username)];
  }

  users(): StoredUser[] {
    return Object.values(this.state.users);
  }

  /** Stores a new or changed user. */
  putUser(user: StoredUser): void {
    this.state.users[this.key(user.username)] = user;
    this.save();
  }

  putRefreshToken(token: string, record: StoredRefreshToken): void {
    this.state.refreshTokens[token] = record;
    this.save();
  }

  refreshToken(token: string): StoredRefreshToken | undefined {
    return Object.prototype.hasOwnProperty.call(this.state.refreshTokens, token) ? this.state.refreshTokens[token] : undefined;
  }

  /** Drops refresh tokens that expired before `nowEpoch`. */
  forgetExpiredRefreshTokens(nowEpoch: number): void {
    let changed = false;
    for (const [token, record] of Object.entries(this.state.refreshTokens)) {
      if (record.expiresAt <= nowEpoch) {
        delete this.state.refreshTokens[token];
        changed = true;
      }
    }
    if (changed) this.save();
  }

  private save(): void {
    if (!this.file) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    fs.writeFileSync(`${this.file}.tmp`, JSON.stringify(this.state), { mode: 0o600 });
    fs.renameSync(`${this.file}.tmp`, this.file);
  }
}
