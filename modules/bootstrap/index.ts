export * from './names';
export * from './bootstrap-check';
export * from './bootstrap-stack';
export * from './deployment-permissions';
export * from './pipeline-roles';
export * from './resource-types';
export * from './targets';
