export * from './event-api';
export * from './mapping-templates';
