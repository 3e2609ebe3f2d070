export { SchedulerService } from './service';
export type { SchedulerServiceOptions, SchedulerCounters, FailedInvocation } from './service';
export type { ScheduleOverview } from './model';
export type { SchedulerPorts } from './invoke';
export { schedulerRoute } from './http';
export { parseScheduleExpression, nextOccurrence, ScheduleExpressionError } from './expression';
export { parseCron, nextCronOccurrence } from './cron';
