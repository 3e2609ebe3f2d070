export * from './event-schema-registry';
