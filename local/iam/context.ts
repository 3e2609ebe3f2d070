/**
 * The request context IAM evaluates a request against: condition keys are case-insensitive, values are a string
 * or a list of strings (multivalued keys such as `aws:TagKeys`).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
 */
export type ContextValue = string | readonly string[];

/** Condition keys of one request, looked up case-insensitively. */
export class RequestContext {
  private readonly values = new Map<string, ContextValue>();

  constructor(entries: Readonly<Record<string, ContextValue | undefined>> = {}) {
    for (const [key, value] of Object.entries(entries)) if (value !== undefined) this.values.set(key.toLowerCase(), value);
  }

  get(key: string): ContextValue | undefined {
    return this.values.get(key.toLowerCase());
  }

  /** A copy with more keys (later keys win). */
  with(entries: Readonly<Record<string, ContextValue | undefined>>): RequestContext {
    const next = new RequestContext();
    for (const [key, value] of this.values) next.values.set(key, value);
    for (const [key, value] of Object.entries(entries)) if (value !== undefined) next.values.set(key.toLowerCase(), value);
    return next;
  }

  /** A stable text of every key and value (decision cache key). */
  fingerprint(): string {
    return JSON.stringify([...this.values].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}
