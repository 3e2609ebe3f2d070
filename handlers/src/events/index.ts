/**
 * The event contracts: one zod schema per event detail and API body, and everything derived from
 * them (types, parsers, draft-04 JSON Schemas). CommonJS-safe: imported by the CDKTF stack too.
 *
 * Handlers import the specific modules they need (not this barrel) to keep bundles small.
 */
export * from './primitives';
export * from './details';
export * from './catalog';
export * from './contract-violation';
export * from './envelope';
export * from './api-bodies';
export * from './invocations';
export * from './json-schema';
