/** The console's JSON API, relative to the page (served under /_local/console/). */
import { CONSOLE_PATH } from '../../shared/api';

/** An answer of the API that is not 2xx, with the server's message and problems. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(message);
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path.startsWith('/') ? path : `${CONSOLE_PATH}/api/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const value = text ? (JSON.parse(text) as unknown) : {};
  if (!response.ok) {
    const error = value as { error?: string; message?: string; problems?: string[] };
    throw new ApiError(response.status, error.error ?? error.message ?? `${response.status} ${response.statusText}`, error.problems);
  }
  return value as T;
}

export const getJson = <T>(path: string): Promise<T> => call<T>('GET', path);
export const postJson = <T>(path: string, body?: unknown): Promise<T> => call<T>('POST', path, body ?? {});
export const deleteJson = <T>(path: string): Promise<T> => call<T>('DELETE', path);

/** Moves the runtime's clock forward (the runtime's own control API). */
export const advanceClock = (seconds: number): Promise<{ now: string }> => postJson('/_local/clock/advance', { seconds });
