/** Creates the value on first use and keeps it (per container), e.g. SDK clients and the wired handler. */
export function lazy<T>(create: () => T): () => T {
  let value: T | undefined;
  let created = false;
  return () => {
    if (!created) {
      value = create();
      created = true;
    }
    return value as T;
  };
}
