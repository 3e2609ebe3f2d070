import { randomInt } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LOWER_ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';

const randomString = (alphabet: string, length: number): string => Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');

/** A user pool id as Cognito makes them: `<region>_` and 9 letters or digits. */
export const newUserPoolId = (region: string): string => `${region}_${randomString(ALPHANUMERIC, 9)}`;

/** An app client id as Cognito makes them: 26 lowercase letters or digits. */
export const newUserPoolClientId = (): string => randomString(LOWER_ALPHANUMERIC, 26);

/** Ids of the stack's user pools and app clients, by Terraform resource address. */
export interface UserPoolIds {
  userPoolId(address: string, region: string): string;
  userPoolClientId(address: string): string;
}

/**
 * Random ids per Terraform resource address, as AWS assigns them when a stack is first applied. With a data
 * directory they are kept in `<dataDir>/cognito/ids.json`, so a restarted runtime has the same pools (and the
 * tokens it issued before stay valid); without one every run gets new pools.
 */
export class CognitoIdStore implements UserPoolIds {
  private readonly ids: Record<string, string>;

  private constructor(private readonly file: string | undefined) {
    this.ids = file && fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>) : {};
  }

  /** The store of `dataDir` (in memory when undefined). */
  static open(dataDir: string | undefined): CognitoIdStore {
    return new CognitoIdStore(dataDir ? path.join(dataDir, 'cognito', 'ids.json') : undefined);
  }

  userPoolId(address: string, region: string): string {
    return this.idFor(address, () => newUserPoolId(region), (id) => id.startsWith(`${region}_`));
  }

  userPoolClientId(address: string): string {
    return this.idFor(address, newUserPoolClientId);
  }

  private idFor(address: string, create: () => string, valid: (id: string) => boolean = () => true): string {
    const existing = this.ids[address];
    if (existing && valid(existing)) return existing;
    const id = create();
    this.ids[address] = id;
    if (this.file) {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.writeFileSync(`${this.file}.tmp`, `${JSON.stringify(this.ids, null, 2)}\n`);
      fs.renameSync(`${this.file}.tmp`, this.file);
    }
    return id;
  }
}
