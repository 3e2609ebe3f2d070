export * from './capture-flow';
