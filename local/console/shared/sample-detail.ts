import { CELL_PATTERN } from '../../../handlers/src/events/primitives';

/**
 * A first valid-looking detail for a JSON Schema, so the "send an event" form starts from something the schema
 * accepts: strings named after their property (`cartId-1` matches the catalog's id patterns, `player_1` its player
 * names), the minimum of
 * numbers, the first value of an enum, one item per array, the first alternative of an `anyOf`, the current time
 * for date-times, a documentation address (RFC 5737) for IP addresses.
 */
export function sampleOf(schema: Record<string, unknown>, name = 'value', now: () => Date = () => new Date()): unknown {
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (Array.isArray(schema.anyOf) && schema.anyOf.length > 0) return sampleOf(schema.anyOf[0] as Record<string, unknown>, name, now);
  switch (schema.type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
      return Object.fromEntries(Object.entries(properties).map(([key, property]) => [key, sampleOf(property, key, now)]));
    }
    case 'array': {
      const items = (schema.items ?? {}) as Record<string, unknown>;
      const count = Math.max(1, Number(schema.minItems ?? 1));
      return Array.from({ length: count }, (_, i) => sampleOf(items, `${name.replace(/s$/, '')}${i === 0 ? '' : `-${i + 1}`}`, now));
    }
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return true;
    case 'string':
      if (schema.format === 'date-time') return now().toISOString().replace(/\.\d{3}Z$/, 'Z');
      if (schema.format === 'ipv4') return '192.0.2.1';
      if (schema.format === 'ipv6') return '2001:db8::1';
      return stringSample(name, typeof schema.pattern === 'string' ? schema.pattern : undefined);
    default:
      return null;
  }
}

/** Samples of patterns no property name spells: an H3 cell (resolution 8, in the dev play area). */
const PATTERN_SAMPLES: Readonly<Record<string, string>> = { [CELL_PATTERN]: '881fb46625fffff' };

/** A string named after its property, in the first spelling the schema's pattern accepts. */
function stringSample(name: string, pattern: string | undefined): string {
  const lower = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  const candidates = [`${name}-1`, `${lower}_1`, `${lower}1`, lower, ...(pattern && PATTERN_SAMPLES[pattern] ? [PATTERN_SAMPLES[pattern]] : [])];
  if (!pattern) return candidates[0] as string;
  const accepts = new RegExp(pattern, 'u');
  return candidates.find((candidate) => accepts.test(candidate)) ?? (candidates[0] as string);
}
