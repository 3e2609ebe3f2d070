/**
 * What Jackson's `parser.getText()` would print for the token that starts `value`; event-ruler
 * puts it in a few error messages ("Invalid member in numeric match: ...").
 * `undefined` stands for the end of the enclosing array ("]").
 */
export function tokenText(value: unknown): string {
  if (value === undefined) return ']';
  if (value === null) return 'null';
  if (Array.isArray(value)) return '[';
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
      return String(value);
    case 'object':
      return '{';
    default:
      return String(value);
  }
}

/** A JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
