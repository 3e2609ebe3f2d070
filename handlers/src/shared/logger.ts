/**
 * Structured logs: one JSON object per line on stdout, e.g.
 * `{"timestamp":"…","level":"info","message":"capture succeeded","function":"capture","attemptId":"…"}`.
 * Correlation fields (attemptId, correlationId, awsRequestId …) are attached with `child()`.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  /** The function name, written as `function` on every line. */
  readonly function: string;
  /** Minimum level written. @default LOG_LEVEL env var, else 'info' */
  readonly level?: LogLevel;
  /** Where lines go. @default process.stdout */
  readonly sink?: (line: string) => void;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && value in LEVELS;
}

/** Errors do not serialise with JSON.stringify; turn them (and their causes) into plain objects. */
export function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const out: Record<string, unknown> = { name: error.name, message: error.message };
  const extra = error as unknown as Record<string, unknown>;
  for (const key of ['code', 'issues', 'failures', '$fault']) if (extra[key] !== undefined) out[key] = extra[key];
  const metadata = extra.$metadata as { httpStatusCode?: number } | undefined;
  if (metadata?.httpStatusCode !== undefined) out.httpStatusCode = metadata.httpStatusCode;
  if (error.stack) out.stack = error.stack;
  if (error.cause !== undefined) out.cause = serializeError(error.cause);
  return out;
}

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return serializeError(value);
  if (typeof value === 'bigint') return value.toString();
  return value;
}

export function createLogger(options: LoggerOptions): Logger {
  const envLevel = process.env.LOG_LEVEL?.toLowerCase();
  const level: LogLevel = options.level ?? (isLogLevel(envLevel) ? envLevel : 'info');
  const sink = options.sink ?? ((line: string) => void process.stdout.write(line + '\n'));
  const now = options.now ?? (() => new Date());
  const build = (context: LogFields): Logger => {
    const write = (lineLevel: LogLevel, message: string, fields?: LogFields): void => {
      if (LEVELS[lineLevel] < LEVELS[level]) return;
      const entry = { timestamp: now().toISOString(), level: lineLevel, message, function: options.function, ...context, ...fields };
      let line: string;
      try {
        line = JSON.stringify(entry, replacer);
      } catch {
        line = JSON.stringify({ timestamp: entry.timestamp, level: lineLevel, message, function: options.function, logError: 'unserialisable fields' });
      }
      sink(line);
    };
    return {
      debug: (m, f) => write('debug', m, f),
      info: (m, f) => write('info', m, f),
      warn: (m, f) => write('warn', m, f),
      error: (m, f) => write('error', m, f),
      child: (fields) => build({ ...context, ...fields }),
    };
  };
  return build({});
}

/** A logger that drops everything (default in unit tests that do not care about logs). */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
