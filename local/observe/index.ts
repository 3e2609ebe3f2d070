export * from './observations';
export { ObservationStream, observedLogLines, observedText, type ObservationListener, type ObservationStreamOptions } from './stream';
