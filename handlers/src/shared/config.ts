/**
 * Environment parsing shared by the functions. Each function reads its whole configuration in one
 * place (`<function>/config.ts`) and gets every problem reported at once.
 */

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly functionName: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid configuration for ${functionName}: ${problems.join('; ')}`);
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

export interface NumberRule {
  readonly min?: number;
  readonly max?: number;
  /** Used when the variable is unset or empty. Without it the variable is required. */
  readonly default?: number;
}

/** Reads variables and collects problems; call `done()` to throw them all. */
export class EnvReader {
  private readonly problems: string[] = [];

  constructor(
    private readonly functionName: string,
    private readonly env: Env,
  ) {}

  private raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  string(name: string, defaultValue?: string): string {
    const value = this.raw(name) ?? defaultValue;
    if (value === undefined) {
      this.problems.push(`${name} is required`);
      return '';
    }
    return value;
  }

  /** An http(s) URL. */
  url(name: string): string {
    const value = this.string(name);
    if (value && !/^https?:\/\/[^\s/]+/.test(value)) this.problems.push(`${name} must be an http(s) URL (got "${value}")`);
    return value;
  }

  /** An e-mail address. */
  email(name: string): string {
    const value = this.string(name);
    if (value && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) this.problems.push(`${name} must be an e-mail address (got "${value}")`);
    return value;
  }

  /** One of `values`. */
  oneOf<T extends string>(name: string, values: readonly T[], defaultValue?: T): T {
    const value = this.string(name, defaultValue);
    if (value && !(values as readonly string[]).includes(value)) this.problems.push(`${name} must be one of ${values.join(', ')} (got "${value}")`);
    return value as T;
  }

  /** An AWS ARN (`arn:<partition>:<service>:…`). */
  arn(name: string): string {
    const value = this.string(name);
    if (value && !/^arn:[a-z0-9-]+:[a-z0-9-]+:[a-z0-9-]*:\d{0,12}:.+$/.test(value)) {
      this.problems.push(`${name} must be an ARN (got "${value}")`);
    }
    return value;
  }

  /** A required variable turned into a value by `parse`, whose error message becomes the problem. */
  parse<T>(name: string, parse: (value: string) => T): T {
    const value = this.string(name);
    if (!value) return undefined as T;
    try {
      return parse(value);
    } catch (error) {
      this.problems.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined as T;
    }
  }

  number(name: string, rule: NumberRule = {}): number {
    return this.numeric(name, rule, false);
  }

  integer(name: string, rule: NumberRule = {}): number {
    return this.numeric(name, rule, true);
  }

  private numeric(name: string, rule: NumberRule, integer: boolean): number {
    const raw = this.raw(name);
    if (raw === undefined) {
      if (rule.default !== undefined) return rule.default;
      this.problems.push(`${name} is required`);
      return NaN;
    }
    const value = Number(raw);
    const kind = integer ? 'an integer' : 'a number';
    const range =
      rule.min !== undefined && rule.max !== undefined
        ? ` between ${rule.min} and ${rule.max}`
        : rule.min !== undefined
          ? ` >= ${rule.min}`
          : rule.max !== undefined
            ? ` <= ${rule.max}`
            : '';
    if (
      !Number.isFinite(value) ||
      (integer && !Number.isInteger(value)) ||
      (rule.min !== undefined && value < rule.min) ||
      (rule.max !== undefined && value > rule.max)
    ) {
      this.problems.push(`${name} must be ${kind}${range} (got "${raw}")`);
    }
    return value;
  }

  done(): void {
    if (this.problems.length > 0) throw new ConfigError(this.functionName, this.problems);
  }
}

/** Reads a configuration object with `read`, throwing one {@link ConfigError} listing every problem. */
export function readConfig<T>(functionName: string, env: Env, read: (reader: EnvReader) => T): T {
  const reader = new EnvReader(functionName, env);
  const config = read(reader);
  reader.done();
  return config;
}
