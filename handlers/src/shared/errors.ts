/** The `name` of an error (SDK v3 exceptions are told apart by name). */
export function errorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'name' in error ? String((error as { name: unknown }).name) : undefined;
}
