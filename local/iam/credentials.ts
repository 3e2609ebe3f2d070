/**
 * Temporary credentials of role sessions. Each function gets the credentials of a session of its execution role
 * (as Lambda gives it `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`), and the local
 * endpoint maps the access key id of a signed request back to that session.
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 */
import { createHash } from 'node:crypto';

export interface SessionCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
}

/** A session of a role: `arn:aws:sts::<account>:assumed-role/<role name>/<session name>`. */
export interface RoleSession {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly arn: string;
  readonly accountId: string;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(bytes: Buffer, length: number): string {
  let out = '';
  for (let i = 0; out.length < length; i += 1) out += BASE32[(bytes[i % bytes.length] as number) % 32];
  return out;
}

export function roleSessionOf(roleArn: string, sessionName: string): RoleSession {
  const match = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
  if (!match) throw new Error(`not a role ARN: ${roleArn}`);
  const [, partition, accountId, roleName] = match as unknown as [string, string, string, string];
  return { roleArn, sessionName, accountId, arn: `arn:${partition}:sts::${accountId}:assumed-role/${roleName}/${sessionName}` };
}

/** Issues stable credentials per role session and resolves access key ids to sessions. */
export class CredentialStore {
  private readonly sessions = new Map<string, RoleSession>();

  /** Credentials for a session (the same role and session name always get the same access key id). */
  issue(roleArn: string, sessionName: string): SessionCredentials {
    const session = roleSessionOf(roleArn, sessionName);
    const digest = createHash('sha256').update(`${roleArn}\n${sessionName}`).digest();
    const accessKeyId = `ASIA${base32(digest, 16)}`;
    this.sessions.set(accessKeyId, session);
    return { accessKeyId, secretAccessKey: digest.toString('base64').slice(0, 40), sessionToken: `local-session/${digest.toString('hex')}` };
  }

  /** The session an access key id belongs to; undefined for keys this store did not issue. */
  resolve(accessKeyId: string | undefined): RoleSession | undefined {
    return accessKeyId ? this.sessions.get(accessKeyId) : undefined;
  }
}
