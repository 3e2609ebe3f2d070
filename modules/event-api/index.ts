export * from './cors';
export * from './event-api';
export * from './mapping-templates';
