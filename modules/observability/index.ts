export * from './alarm-topic';
export * from './operational-alarms';
export * from './debug-log';
