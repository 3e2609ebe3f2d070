export * from './game-tables';
