export { LambdaService, functionNameOf } from './service';
export type { LambdaServiceOptions, LambdaCounters, InvokeResult, FunctionLogOption } from './service';
export type { DestinationRecord } from './async-queue';
export { lambdaRoute } from './http';
export { PackageCache, unzipBuffer } from './package';
