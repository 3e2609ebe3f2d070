import * as z from 'zod/mini';
import { catalog, type EventName } from './catalog';

/** A JSON Schema (draft-04) document. */
export type JsonSchemaDraft4 = Record<string, unknown>;

export const DRAFT_04 = 'http://json-schema.org/draft-04/schema#';

export interface JsonSchemaOptions {
  /** Written as `title`. */
  readonly title?: string;
  readonly description?: string;
}

/**
 * The draft-04 JSON Schema of a zod schema. Suitable both as an API Gateway request model and as an
 * EventBridge schema registry schema of type `JSONSchemaDraft4`.
 */
export function toJsonSchemaDraft4(schema: z.ZodMiniType, options: JsonSchemaOptions = {}): JsonSchemaDraft4 {
  const generated = z.toJSONSchema(schema, { target: 'draft-4', unrepresentable: 'throw', io: 'input' }) as JsonSchemaDraft4;
  const { $schema: _ignored, ...body } = generated;
  return {
    $schema: DRAFT_04,
    ...(options.title === undefined ? {} : { title: options.title }),
    ...(options.description === undefined ? {} : { description: options.description }),
    ...body,
  };
}

/**
 * The draft-04 JSON Schema of a whole catalog event (envelope + detail), for the EventBridge schema
 * registry: source and detail-type are pinned, the detail is the contract's schema (and the resources too, when the
 * contract constrains them).
 */
export function eventJsonSchemaDraft4(name: EventName): JsonSchemaDraft4 {
  const entry = catalog[name] as (typeof catalog)[EventName] & { readonly resources?: z.ZodMiniType };
  const { $schema: _ignored, ...detail } = toJsonSchemaDraft4(entry.detail);
  const { $schema: _alsoIgnored, ...resources } = entry.resources ? toJsonSchemaDraft4(entry.resources) : { $schema: undefined, type: 'array', items: { type: 'string' } };
  return {
    $schema: DRAFT_04,
    title: entry.detailType,
    description: entry.description,
    type: 'object',
    properties: {
      version: { type: 'string' },
      id: { type: 'string', minLength: 1 },
      'detail-type': { type: 'string', enum: [entry.detailType] },
      source: { type: 'string', enum: [entry.source] },
      account: { type: 'string' },
      time: { type: 'string', format: 'date-time' },
      region: { type: 'string' },
      resources,
      detail,
    },
    required: ['id', 'detail-type', 'source', 'time', ...(entry.resources ? ['resources'] : []), 'detail'],
  };
}
