export * from './flow-definition';
export * from './flow-context';
export * from './flow-tables';
export * from './validate-flows';
export * from './concurrency';
export * from './pave-flows';
