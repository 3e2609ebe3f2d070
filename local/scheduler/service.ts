import { randomBytes } from 'node:crypto';
import { scaledDelayMs, type CancelTimer, type Clock } from '../clock';
import { buildArn } from '../aws/arn';
import { AwsServiceError, validationError } from '../aws/errors';
import type { LocalAccount, LocalScheduleConfig, LocalScheduleGroupConfig } from '../aws/model';
import { decideRetry } from '../aws/retry';
import { MemoryJournal, type RuntimeDatabase, type WorkJournal } from '../journal';
import type { ObservationStream } from '../observe';
import type { SqsMessageAttributeValue } from '../sqs/md5';
import { nextOccurrence, parseScheduleExpression } from './expression';
import { invokeScheduleTarget, renderContextAttributes, ScheduleInvocationError, type SchedulerPorts } from './invoke';
import { DEFAULT_RETRY_POLICY, type ScheduleGroupRecord, type ScheduleOverview, type ScheduleRecord, type ScheduleTarget } from './model';
import { SchedulerStore } from './store';
import { validateClientToken, validateName, validateScheduleInput } from './validation';

export interface SchedulerServiceOptions {
  readonly account: LocalAccount;
  readonly clock: Clock;
  /** Multiplies retry backoff delays. @default 1 */
  readonly timeScale?: number;
  readonly ports: SchedulerPorts;
  /** Sends a dead-letter message with the schedule's execution role (which must allow sqs:SendMessage on it). */
  readonly sendToDeadLetterQueue: (arn: string, body: string, attributes: Record<string, SqsMessageAttributeValue>, target: ScheduleTarget, scheduleArn: string) => void | Promise<void>;
  /** Persist groups and API-created schedules in the data dir's database. @default in memory */
  readonly database?: RuntimeDatabase;
  /** Keeps each occurrence that came due until its target has it. @default in memory */
  readonly journal?: WorkJournal;
  /** Where occurrences and changes of schedules are reported (the console). @default nowhere */
  readonly observe?: ObservationStream;
}

export interface SchedulerCounters {
  /** Occurrences started. */
  invocations: number;
  succeeded: number;
  failedAttempts: number;
  retried: number;
  sentToDlq: number;
  failedToSendToDlq: number;
  dropped: number;
  deletedAfterCompletion: number;
}

/** A record of an occurrence that failed for good, for diagnostics. */
export interface FailedInvocation {
  readonly scheduleArn: string;
  readonly executionId: string;
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly outcome: 'dlq' | 'dropped';
}

const MAX_CATCH_UP = 100;

/** One occurrence of a schedule on its way to its target. */
interface InvocationState {
  readonly scheduleArn: string;
  readonly groupName: string;
  readonly scheduleName: string;
  readonly oneTime: boolean;
  /** The target as it was when the occurrence came due. */
  readonly target: ScheduleTarget;
  /** Epoch ms. */
  readonly scheduledAt: number;
  readonly executionId: string;
  attemptNumber: number;
  /** Real milliseconds spent in (scaled) back-off, and their nominal value. */
  readonly backoff: { scaledMs: number; nominalMs: number };
}

/** The journal record of an occurrence: its state and when its next attempt is due (local clock, epoch ms). */
interface InvocationRecord extends InvocationState {
  readonly dueAt: number;
}

interface Invocation extends InvocationState {
  readonly journalId: number;
}

/** The local EventBridge Scheduler: schedule groups, schedules, and firing them on the local clock. */
export class SchedulerService {
  readonly counters: SchedulerCounters = {
    invocations: 0,
    succeeded: 0,
    failedAttempts: 0,
    retried: 0,
    sentToDlq: 0,
    failedToSendToDlq: 0,
    dropped: 0,
    deletedAfterCompletion: 0,
  };
  readonly failures: FailedInvocation[] = [];
  private readonly groups = new Map<string, ScheduleGroupRecord>();
  private readonly schedules = new Map<string, ScheduleRecord>();
  private readonly timers = new Map<string, CancelTimer>();
  /** When each armed schedule fires next (epoch ms). */
  private readonly nextFires = new Map<string, number>();
  private readonly retryTimers = new Set<CancelTimer>();
  private readonly store: SchedulerStore | undefined;
  private readonly journal: WorkJournal;
  private running = 0;
  private readonly idleWaiters: Array<() => void> = [];
  private stopped = false;

  constructor(
    private readonly options: SchedulerServiceOptions,
    groups: readonly LocalScheduleGroupConfig[] = [],
    schedules: readonly LocalScheduleConfig[] = [],
  ) {
    this.store = options.database ? new SchedulerStore(options.database) : undefined;
    this.journal = options.journal ?? new MemoryJournal();
    const now = options.clock.now().getTime();
    this.groups.set('default', this.newGroup('default', now));
    const saved = this.store?.load();
    for (const group of saved?.groups ?? []) this.groups.set(group.name, group);
    for (const group of groups) if (!this.groups.has(group.name)) this.groups.set(group.name, this.newGroup(group.name, now));
    for (const schedule of saved?.schedules ?? []) this.schedules.set(key(schedule.groupName, schedule.name), schedule);
    for (const config of schedules) this.addFromConfig(config);
    for (const schedule of this.schedules.values()) this.arm(schedule);
  }

  private get account(): LocalAccount {
    return this.options.account;
  }

  scheduleArn(groupName: string, name: string): string {
    return buildArn('scheduler', this.account.region, this.account.accountId, `schedule/${groupName}/${name}`);
  }

  groupArn(name: string): string {
    return buildArn('scheduler', this.account.region, this.account.accountId, `schedule-group/${name}`);
  }

  // ---------------------------------------------------------------- groups

  createScheduleGroup(name: unknown, body: Record<string, unknown> = {}): { ScheduleGroupArn: string } {
    const groupName = validateName(name, 'name');
    validateClientToken(body.ClientToken);
    if (this.groups.has(groupName)) throw new AwsServiceError('ConflictException', `Schedule group ${groupName} already exists.`, 409);
    const group = this.newGroup(groupName, this.options.clock.now().getTime());
    if (Array.isArray(body.Tags)) group.tags = body.Tags as ScheduleGroupRecord['tags'];
    this.groups.set(groupName, group);
    this.store?.saveGroup(group);
    return { ScheduleGroupArn: group.arn };
  }

  getScheduleGroup(name: unknown): Record<string, unknown> {
    const group = this.requireGroup(validateName(name, 'name'));
    return this.groupSummary(group);
  }

  deleteScheduleGroup(name: unknown): void {
    const groupName = validateName(name, 'name');
    if (groupName === 'default') throw validationError('You cannot delete the default group.');
    this.requireGroup(groupName);
    for (const schedule of [...this.schedules.values()]) if (schedule.groupName === groupName) this.remove(schedule);
    this.groups.delete(groupName);
    this.store?.removeGroup(groupName);
  }

  listScheduleGroups(query: { NamePrefix?: string | null; MaxResults?: string | null; NextToken?: string | null }): Record<string, unknown> {
    const prefix = query.NamePrefix ?? '';
    const groups = [...this.groups.values()]
      .filter((group) => group.name.startsWith(prefix))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((group) => this.groupSummary(group));
    const { page, next } = paginate(groups, query.MaxResults, query.NextToken);
    return { ScheduleGroups: page, ...(next ? { NextToken: next } : {}) };
  }

  // ---------------------------------------------------------------- schedules

  createSchedule(name: unknown, body: Record<string, unknown>): { ScheduleArn: string } {
    const scheduleName = validateName(name, 'name');
    const groupName = body.GroupName === undefined ? 'default' : validateName(body.GroupName, 'groupName');
    const clientToken = validateClientToken(body.ClientToken);
    const input = validateScheduleInput(body);
    this.requireGroup(groupName);
    const existing = this.schedules.get(key(groupName, scheduleName));
    if (existing) {
      if (clientToken && existing.clientToken === clientToken) return { ScheduleArn: existing.arn };
      throw new AwsServiceError('ConflictException', `Schedule ${scheduleName} already exists.`, 409);
    }
    const now = this.options.clock.now().getTime();
    const schedule: ScheduleRecord = {
      name: scheduleName,
      groupName,
      arn: this.scheduleArn(groupName, scheduleName),
      ...input,
      creationDate: now,
      lastModificationDate: now,
      clientToken,
      fromConfig: false,
    };
    this.schedules.set(key(groupName, scheduleName), schedule);
    this.arm(schedule);
    this.save(schedule);
    return { ScheduleArn: schedule.arn };
  }

  /** UpdateSchedule replaces every field of the schedule. */
  updateSchedule(name: unknown, body: Record<string, unknown>): { ScheduleArn: string } {
    const scheduleName = validateName(name, 'name');
    const groupName = body.GroupName === undefined ? 'default' : validateName(body.GroupName, 'groupName');
    validateClientToken(body.ClientToken);
    const input = validateScheduleInput(body);
    const existing = this.requireSchedule(groupName, scheduleName);
    const updated: ScheduleRecord = {
      name: scheduleName,
      groupName,
      arn: existing.arn,
      ...input,
      creationDate: existing.creationDate,
      lastModificationDate: this.options.clock.now().getTime(),
      clientToken: existing.clientToken,
      fromConfig: existing.fromConfig,
    };
    this.disarm(existing);
    this.schedules.set(key(groupName, scheduleName), updated);
    this.arm(updated);
    this.save(updated);
    return { ScheduleArn: updated.arn };
  }

  getSchedule(name: unknown, groupName?: string | null): Record<string, unknown> {
    const schedule = this.requireSchedule(groupName ? validateName(groupName, 'groupName') : 'default', validateName(name, 'name'));
    return this.describe(schedule);
  }

  deleteSchedule(name: unknown, groupName?: string | null): void {
    const schedule = this.requireSchedule(groupName ? validateName(groupName, 'groupName') : 'default', validateName(name, 'name'));
    this.remove(schedule);
  }

  listSchedules(query: {
    ScheduleGroup?: string | null;
    NamePrefix?: string | null;
    State?: string | null;
    MaxResults?: string | null;
    NextToken?: string | null;
  }): Record<string, unknown> {
    if (query.ScheduleGroup) this.requireGroup(query.ScheduleGroup);
    if (query.State && query.State !== 'ENABLED' && query.State !== 'DISABLED') {
      throw validationError(`1 validation error detected: Value '${query.State}' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]`);
    }
    const schedules = [...this.schedules.values()]
      .filter((schedule) => !query.ScheduleGroup || schedule.groupName === query.ScheduleGroup)
      .filter((schedule) => !query.NamePrefix || schedule.name.startsWith(query.NamePrefix))
      .filter((schedule) => !query.State || schedule.state === query.State)
      .sort((a, b) => a.groupName.localeCompare(b.groupName) || a.name.localeCompare(b.name))
      .map((schedule) => ({
        Arn: schedule.arn,
        CreationDate: schedule.creationDate / 1000,
        GroupName: schedule.groupName,
        LastModificationDate: schedule.lastModificationDate / 1000,
        Name: schedule.name,
        State: schedule.state,
        Target: { Arn: schedule.target.Arn },
      }));
    const { page, next } = paginate(schedules, query.MaxResults, query.NextToken);
    return { Schedules: page, ...(next ? { NextToken: next } : {}) };
  }

  /** Every schedule with the time it fires next, for tools such as the console. */
  overview(): ScheduleOverview[] {
    return [...this.schedules.values()]
      .sort((a, b) => a.groupName.localeCompare(b.groupName) || a.name.localeCompare(b.name))
      .map((schedule) => {
        const next = this.nextFires.get(key(schedule.groupName, schedule.name));
        return {
          arn: schedule.arn,
          name: schedule.name,
          groupName: schedule.groupName,
          expression: schedule.scheduleExpression,
          timezone: schedule.scheduleExpressionTimezone,
          state: schedule.state,
          targetArn: schedule.target.Arn,
          fromStack: schedule.fromConfig,
          actionAfterCompletion: schedule.actionAfterCompletion,
          ...(next === undefined ? {} : { nextFireAt: new Date(next).toISOString() }),
          ...(schedule.lastScheduledAt === undefined ? {} : { lastFiredAt: new Date(schedule.lastScheduledAt).toISOString() }),
        };
      });
  }

  /** Whether a schedule exists (in-process helper for tests and wiring). */
  hasSchedule(name: string, groupName = 'default'): boolean {
    return this.schedules.has(key(groupName, name));
  }

  /** Occurrences running or waiting for a retry. */
  get pending(): number {
    return this.running + this.retryTimers.size;
  }

  /** Resolves once no occurrence is running or waiting for a retry. */
  async settled(): Promise<void> {
    while (this.running > 0 || this.retryTimers.size > 0) {
      await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  stop(): void {
    this.stopped = true;
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
    for (const cancel of this.retryTimers) cancel();
    this.retryTimers.clear();
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /** Resumes the occurrences an earlier run journaled and did not deliver, each when its next attempt is due. */
  recover(): number {
    const records = this.journal.pending<InvocationRecord>('scheduler.invocation');
    for (const { id, body } of records) {
      const { dueAt, ...state } = body;
      this.run({ ...state, journalId: id }, dueAt);
    }
    // A one-time schedule whose occurrence was delivered just before the process died is still to be deleted.
    const resuming = new Set(records.map(({ body }) => key(body.groupName, body.scheduleName)));
    for (const [id, schedule] of [...this.schedules]) {
      if (schedule.completed && schedule.actionAfterCompletion === 'DELETE' && !resuming.has(id)) this.complete(schedule);
    }
    return records.length;
  }

  // ---------------------------------------------------------------- firing

  private arm(schedule: ScheduleRecord): void {
    this.disarm(schedule);
    if (this.stopped || schedule.state !== 'ENABLED' || schedule.completed) return;
    const parsed = parseScheduleExpression(schedule.scheduleExpression, schedule.scheduleExpressionTimezone);
    const now = this.options.clock.now().getTime();
    let next: Date | undefined;
    if (parsed.kind === 'at') {
      // A one-time schedule whose time has passed (e.g. created just late) runs right away.
      next = parsed.at;
    } else {
      const anchor = new Date(schedule.startDate ?? schedule.creationDate);
      const last = schedule.lastScheduledAt;
      // Catch up occurrences missed while the clock jumped, but not an unbounded backlog.
      let after = new Date(last ?? Math.max(now - 1, (schedule.startDate ?? 0) - 1));
      if (parsed.kind === 'rate' && last === undefined) after = new Date(Math.max(anchor.getTime(), now - 1));
      const window = { start: schedule.startDate !== undefined ? new Date(schedule.startDate) : undefined, end: schedule.endDate !== undefined ? new Date(schedule.endDate) : undefined };
      next = nextOccurrence(parsed, after, anchor, schedule.scheduleExpressionTimezone, window);
      if (next && parsed.kind === 'rate' && now - next.getTime() > MAX_CATCH_UP * parsed.periodMs) {
        next = nextOccurrence(parsed, new Date(now - 1), anchor, schedule.scheduleExpressionTimezone, window);
      }
      if (!next) {
        this.complete(schedule);
        return;
      }
    }
    const scheduledAt = next;
    this.nextFires.set(key(schedule.groupName, schedule.name), scheduledAt.getTime());
    const cancel = this.options.clock.setTimer(scheduledAt, () => {
      this.timers.delete(key(schedule.groupName, schedule.name));
      this.nextFires.delete(key(schedule.groupName, schedule.name));
      this.fire(schedule, scheduledAt);
    });
    this.timers.set(key(schedule.groupName, schedule.name), cancel);
  }

  private disarm(schedule: ScheduleRecord): void {
    const id = key(schedule.groupName, schedule.name);
    this.timers.get(id)?.();
    this.timers.delete(id);
    this.nextFires.delete(id);
  }

  /** Starts an occurrence: journaled (with the schedule's new state) before anything is sent. */
  private fire(schedule: ScheduleRecord, scheduledAt: Date): void {
    if (this.stopped || this.schedules.get(key(schedule.groupName, schedule.name)) !== schedule) return;
    schedule.lastScheduledAt = scheduledAt.getTime();
    const oneTime = schedule.scheduleExpression.startsWith('at(');
    if (oneTime) schedule.completed = true;
    else this.arm(schedule);
    const state: InvocationState = {
      scheduleArn: schedule.arn,
      groupName: schedule.groupName,
      scheduleName: schedule.name,
      oneTime,
      target: schedule.target,
      scheduledAt: scheduledAt.getTime(),
      executionId: randomBytes(8).toString('hex'),
      attemptNumber: 1,
      backoff: { scaledMs: 0, nominalMs: 0 },
    };
    const now = this.options.clock.now().getTime();
    const journalId = this.journal.transaction(() => {
      this.save(schedule);
      return this.journal.append('scheduler.invocation', { ...state, dueAt: now } satisfies InvocationRecord);
    });
    this.run({ ...state, journalId }, now);
  }

  private run(invocation: Invocation, dueAt: number): void {
    this.counters.invocations += 1;
    this.running += 1;
    this.options.observe?.publish({
      type: 'schedule.fired',
      scheduleArn: invocation.scheduleArn,
      groupName: invocation.groupName,
      name: invocation.scheduleName,
      targetArn: invocation.target.Arn,
      scheduledAt: isoSeconds(new Date(invocation.scheduledAt)),
      executionId: invocation.executionId,
    });
    void this.waitUntil(dueAt)
      .then(() => (this.stopped ? undefined : this.attempt(invocation)))
      .finally(() => {
        this.running -= 1;
        const schedule = this.schedules.get(key(invocation.groupName, invocation.scheduleName));
        // Only if the schedule was not replaced since this occurrence came due.
        if (invocation.oneTime && schedule?.lastScheduledAt === invocation.scheduledAt) this.complete(schedule);
        this.notifyIdle();
      });
  }

  private waitUntil(at: number): Promise<void> {
    if (at <= this.options.clock.now().getTime()) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const cancel = this.options.clock.setTimer(new Date(at), () => {
        this.retryTimers.delete(cancel);
        resolve();
      });
      this.retryTimers.add(cancel);
    });
  }

  private async attempt(invocation: Invocation): Promise<void> {
    const { target } = invocation;
    const scheduledAt = new Date(invocation.scheduledAt);
    const input = renderContextAttributes(target.Input ?? '{}', {
      scheduleArn: invocation.scheduleArn,
      scheduledTime: isoSeconds(scheduledAt),
      executionId: invocation.executionId,
      attemptNumber: invocation.attemptNumber,
    });
    try {
      await invokeScheduleTarget(this.options.ports, target, input, invocation.scheduleArn);
      this.counters.succeeded += 1;
      this.journal.complete(invocation.journalId);
      return;
    } catch (caught) {
      this.counters.failedAttempts += 1;
      const error = caught instanceof ScheduleInvocationError ? caught : new ScheduleInvocationError('AWS.Scheduler.InternalServerError', String(caught), true);
      const retriesMade = invocation.attemptNumber - 1;
      // Stopping with a data dir: the journal keeps the occurrence for the next start.
      if (this.stopped && this.journal.durable) return;
      if (!error.retryable || this.stopped) {
        await this.deadLetter(invocation, input, error, retriesMade, undefined);
        return;
      }
      // Backoff counts at its nominal length toward the event age, whatever the time scale.
      const { backoff } = invocation;
      const now = this.options.clock.now().getTime();
      const ageSeconds = (now - invocation.scheduledAt - backoff.scaledMs + backoff.nominalMs) / 1000;
      const decision = decideRetry(
        { maximumRetryAttempts: target.RetryPolicy.MaximumRetryAttempts, maximumEventAgeInSeconds: target.RetryPolicy.MaximumEventAgeInSeconds },
        retriesMade,
        ageSeconds,
      );
      if (!decision.retry) {
        await this.deadLetter(invocation, input, error, retriesMade, decision.exhausted);
        return;
      }
      this.counters.retried += 1;
      const delay = scaledDelayMs(decision.delaySeconds ?? 0, this.options.timeScale ?? 1);
      backoff.scaledMs += delay;
      backoff.nominalMs += (decision.delaySeconds ?? 0) * 1000;
      invocation.attemptNumber += 1;
      const { journalId, ...state } = invocation;
      this.journal.update(journalId, { ...state, dueAt: now + delay } satisfies InvocationRecord);
      await this.waitUntil(now + delay);
      if (this.stopped) return;
      await this.attempt(invocation);
    }
  }

  private async deadLetter(
    invocation: Invocation,
    body: string,
    error: ScheduleInvocationError,
    retriesMade: number,
    exhausted: 'MaximumRetryAttempts' | 'MaximumEventAgeInSeconds' | undefined,
  ): Promise<void> {
    const { target, executionId } = invocation;
    const dlq = target.DeadLetterConfig?.Arn;
    const record = { scheduleArn: invocation.scheduleArn, executionId, errorCode: error.code, errorMessage: error.message };
    if (!dlq) {
      this.counters.dropped += 1;
      this.failures.push({ ...record, outcome: 'dropped' });
      this.journal.complete(invocation.journalId);
      return;
    }
    const string = (value: string): SqsMessageAttributeValue => ({ DataType: 'String', StringValue: value });
    const attributes: Record<string, SqsMessageAttributeValue> = {
      ERROR_CODE: string(error.code),
      ERROR_MESSAGE: string(error.message || error.code),
      EXECUTION_ID: string(executionId),
      IS_PAYLOAD_TRUNCATED: string('false'),
      RETRY_ATTEMPTS: string(String(retriesMade)),
      SCHEDULED_TIME: string(isoSeconds(new Date(invocation.scheduledAt))),
      SCHEDULE_ARN: string(invocation.scheduleArn),
      TARGET_ARN: string(target.Arn),
    };
    if (exhausted) attributes.EXHAUSTED_RETRY_CONDITION = string(exhausted);
    try {
      await this.options.sendToDeadLetterQueue(dlq, body, attributes, target, invocation.scheduleArn);
      this.counters.sentToDlq += 1;
      this.failures.push({ ...record, outcome: 'dlq' });
    } catch {
      this.counters.failedToSendToDlq += 1;
      this.counters.dropped += 1;
      this.failures.push({ ...record, outcome: 'dropped' });
    }
    this.journal.complete(invocation.journalId);
  }

  private complete(schedule: ScheduleRecord): void {
    schedule.completed = true;
    if (schedule.actionAfterCompletion === 'DELETE' && this.schedules.get(key(schedule.groupName, schedule.name)) === schedule) {
      this.remove(schedule);
      this.counters.deletedAfterCompletion += 1;
      return;
    }
    this.save(schedule);
  }

  // ---------------------------------------------------------------- helpers

  private addFromConfig(config: LocalScheduleConfig): void {
    const groupName = config.groupName ?? 'default';
    if (!this.groups.has(groupName)) this.groups.set(groupName, this.newGroup(groupName, this.options.clock.now().getTime()));
    const retry = config.target.retryPolicy;
    const input = validateScheduleInput({
      ScheduleExpression: config.scheduleExpression,
      ScheduleExpressionTimezone: config.scheduleExpressionTimezone,
      StartDate: config.startDate ? config.startDate.getTime() / 1000 : undefined,
      EndDate: config.endDate ? config.endDate.getTime() / 1000 : undefined,
      FlexibleTimeWindow: { Mode: config.flexibleTimeWindow.mode, MaximumWindowInMinutes: config.flexibleTimeWindow.maximumWindowInMinutes },
      ActionAfterCompletion: config.actionAfterCompletion,
      State: config.state,
      Description: config.description,
      Target: {
        Arn: config.target.arn,
        RoleArn: config.target.roleArn,
        Input: config.target.input,
        EventBridgeParameters: config.target.eventBridgeParameters
          ? { DetailType: config.target.eventBridgeParameters.detailType, Source: config.target.eventBridgeParameters.source }
          : undefined,
        SqsParameters: config.target.sqsParameters ? { MessageGroupId: config.target.sqsParameters.messageGroupId } : undefined,
        RetryPolicy: retry
          ? { MaximumEventAgeInSeconds: retry.maximumEventAgeInSeconds, MaximumRetryAttempts: retry.maximumRetryAttempts }
          : DEFAULT_RETRY_POLICY,
        DeadLetterConfig: config.target.deadLetterArn ? { Arn: config.target.deadLetterArn } : undefined,
      },
    });
    const previous = this.schedules.get(key(groupName, config.name));
    const now = this.options.clock.now().getTime();
    this.schedules.set(key(groupName, config.name), {
      name: config.name,
      groupName,
      arn: this.scheduleArn(groupName, config.name),
      ...input,
      creationDate: previous?.creationDate ?? now,
      lastModificationDate: now,
      fromConfig: true,
    });
  }

  private describe(schedule: ScheduleRecord): Record<string, unknown> {
    return {
      ActionAfterCompletion: schedule.actionAfterCompletion,
      Arn: schedule.arn,
      CreationDate: schedule.creationDate / 1000,
      ...(schedule.description !== undefined ? { Description: schedule.description } : {}),
      ...(schedule.endDate !== undefined ? { EndDate: schedule.endDate / 1000 } : {}),
      FlexibleTimeWindow: schedule.flexibleTimeWindow,
      GroupName: schedule.groupName,
      ...(schedule.kmsKeyArn ? { KmsKeyArn: schedule.kmsKeyArn } : {}),
      LastModificationDate: schedule.lastModificationDate / 1000,
      Name: schedule.name,
      ScheduleExpression: schedule.scheduleExpression,
      ScheduleExpressionTimezone: schedule.scheduleExpressionTimezone,
      ...(schedule.startDate !== undefined ? { StartDate: schedule.startDate / 1000 } : {}),
      State: schedule.state,
      Target: schedule.target,
    };
  }

  private groupSummary(group: ScheduleGroupRecord): Record<string, unknown> {
    return {
      Arn: group.arn,
      CreationDate: group.creationDate / 1000,
      LastModificationDate: group.lastModificationDate / 1000,
      Name: group.name,
      State: 'ACTIVE',
    };
  }

  private newGroup(name: string, now: number): ScheduleGroupRecord {
    return { name, arn: this.groupArn(name), creationDate: now, lastModificationDate: now, tags: [] };
  }

  private requireGroup(name: string): ScheduleGroupRecord {
    const group = this.groups.get(name);
    if (!group) throw new AwsServiceError('ResourceNotFoundException', `Schedule group ${name} does not exist.`, 404);
    return group;
  }

  private requireSchedule(groupName: string, name: string): ScheduleRecord {
    this.requireGroup(groupName);
    const schedule = this.schedules.get(key(groupName, name));
    if (!schedule) throw new AwsServiceError('ResourceNotFoundException', `Schedule ${name} does not exist.`, 404);
    return schedule;
  }

  private remove(schedule: ScheduleRecord): void {
    this.options.observe?.publish({ type: 'schedules.changed' });
    this.disarm(schedule);
    this.schedules.delete(key(schedule.groupName, schedule.name));
    if (!schedule.fromConfig) this.store?.removeSchedule(schedule.groupName, schedule.name);
  }

  /** Writes a schedule created through the API (the stack's own come from its configuration at every start). */
  private save(schedule: ScheduleRecord): void {
    this.options.observe?.publish({ type: 'schedules.changed' });
    if (!schedule.fromConfig) this.store?.saveSchedule(schedule);
  }

  private notifyIdle(): void {
    if (this.running > 0 || this.retryTimers.size > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}

function key(groupName: string, name: string): string {
  return `${groupName}/${name}`;
}

function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function paginate<T>(items: T[], maxResults: string | null | undefined, nextToken: string | null | undefined): { page: T[]; next?: string } {
  const size = maxResults ? Number(maxResults) : 100;
  if (!Number.isInteger(size) || size < 1 || size > 100) {
    throw validationError(`1 validation error detected: Value '${maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100`);
  }
  const start = nextToken ? Number(Buffer.from(nextToken, 'base64').toString('utf8')) || 0 : 0;
  const page = items.slice(start, start + size);
  return { page, next: start + size < items.length ? Buffer.from(String(start + size), 'utf8').toString('base64') : undefined };
}
