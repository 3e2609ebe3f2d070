export * from './capture-flow';
export * from './world-updates';
