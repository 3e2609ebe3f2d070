export { EventBridgeService } from './service';
export type { EventBridgeServiceOptions, PutEventsEntry, PutEventsResult, PutEventsResultEntry } from './service';
export type { EventBridgeCounters, FailedDelivery } from './delivery';
export type { EventEnvelope } from './envelope';
export { eventTime } from './envelope';
export { eventBridgeRoute } from './http';
export { renderInputTemplate, targetInput } from './transform';
export { TargetDeliveryError, type TargetPorts } from './targets';
