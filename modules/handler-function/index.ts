export * from './handler-function';
export * from './policy-statement';
export * from './zip-hash';
export * from './game-function';
