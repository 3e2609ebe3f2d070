export * from './event-bus';
export * from './module-inputs';
export * from './module-source';
export * from './resource-permissions';
export * from './types';
