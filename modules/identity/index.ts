export * from './player-pool';
