/**
 * Validates an event detail against its draft-04 JSON Schema with ajv, in the page (before sending) and in the
 * console's server (before PutEvents) alike: the same schema, the same validator, the same messages.
 */
import Ajv, { type ValidateFunction } from 'ajv-draft-04';

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}(\\.${OCTET}){3}$`);
const isUrlHost = (host: string): boolean => {
  try {
    return new URL(`http://${host}/`).hostname.length > 0;
  } catch {
    return false;
  }
};

/** Problems of one detail, one readable line each; empty when it is valid. */
export type DetailProblems = readonly string[];

export class DetailValidator {
  private readonly ajv = new Ajv({ strict: true, allErrors: true });
  private readonly compiled = new WeakMap<object, ValidateFunction>();

  constructor() {
    // ajv ships no formats; the catalog's date-time schemas carry a pattern too, the format is informative.
    this.ajv.addFormat('date-time', { type: 'string', validate: (s: string) => !Number.isNaN(Date.parse(s)) });
    // Customer Notification's IP address (zod's ipv4/ipv6): the URL parser knows IPv6 in browsers and Node alike.
    this.ajv.addFormat('ipv4', { type: 'string', validate: (s: string) => IPV4.test(s) });
    this.ajv.addFormat('ipv6', { type: 'string', validate: (s: string) => s.includes(':') && isUrlHost(`[${s}]`) });
  }

  validate(schema: Record<string, unknown>, detail: unknown): DetailProblems {
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.compiled.set(schema, validate);
    }
    if (validate(detail)) return [];
    return (validate.errors ?? []).map((error) => {
      const where = error.instancePath ? `detail${error.instancePath.replace(/\//g, '.')}` : 'detail';
      const extra = error.keyword === 'additionalProperties' ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})` : '';
      return `${where} ${error.message ?? 'is not valid'}${extra}`;
    });
  }
}
