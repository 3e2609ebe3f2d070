import { createLogger, type Logger } from '../../handlers/src/shared/logger';

/** A logger that keeps its JSON lines (parsed) for assertions. */
export function recordingLogger(fn = 'test'): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ function: fn, level: 'debug', sink: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}
