export * from './websocket-api';
