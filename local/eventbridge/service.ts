import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import { arnResourceName, buildArn } from '../aws/arn';
import { AwsServiceError, validationError } from '../aws/errors';
import type { LocalAccount, LocalBusConfig, LocalRuleConfig } from '../aws/model';
import type { WorkJournal } from '../journal';
import type { ObservationStream } from '../observe';
import type { SqsMessageAttributeValue } from '../sqs/md5';
import { EventArchive } from './archive';
import { DeliveryEngine, emptyCounters, type EventBridgeCounters } from './delivery';
import { archivedSize, entrySize, eventTime, type EventEnvelope } from './envelope';
import { compileEventPattern, validateEventPattern } from './pattern';
import { runReplay, type Replay } from './replay';
import { limitExceeded, MAX_TARGETS_PER_RULE, parsePutRule, parseTargetIds, parseTargets, ruleArnOf, targetToApi, type ApiTarget } from './rule-api';
import { RuleStore, type StoredRule } from './rule-store';
import type { TargetPorts } from './targets';
import { targetInput } from './transform';

/** A PutEvents request entry (the API shape). */
export interface PutEventsEntry {
  Source?: unknown;
  DetailType?: unknown;
  Detail?: unknown;
  Resources?: unknown;
  EventBusName?: unknown;
  Time?: unknown;
  TraceHeader?: unknown;
}

export type PutEventsResultEntry = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

export interface PutEventsResult {
  FailedEntryCount: number;
  Entries: PutEventsResultEntry[];
}

export interface EventBridgeServiceOptions {
  readonly account: LocalAccount;
  readonly clock: Clock;
  /** Multiplies retry backoff delays. @default 1 */
  readonly timeScale?: number;
  readonly ports: TargetPorts;
  readonly sendToDeadLetterQueue: (arn: string, body: string, attributes: Record<string, SqsMessageAttributeValue>, ruleArn: string) => void | Promise<void>;
  /** Persist archives under `<dataDir>/events/`. */
  readonly dataDir?: string;
  /** Journals every delivery from the moment PutEvents accepts its event until it is done. @default in memory */
  readonly journal?: WorkJournal;
  /**
   * What PutEvents does with an entry for a bus that does not exist. AWS accepts it and drops the
   * event silently; locally the entry fails by default so a misspelt bus name shows up.
   * @default "error"
   */
  readonly unknownBus?: 'error' | 'accept';
  /** PutEvents request size limit (sum of entry sizes). @default 262144 */
  readonly maxRequestSizeBytes?: number;
  /** Where events, matches and deliveries are reported (the console). @default nowhere */
  readonly observe?: ObservationStream;
}

interface RuleState {
  readonly config: LocalRuleConfig;
  readonly busName: string;
  readonly matches: (event: object) => boolean;
  /** Created through PutRule (kept across restarts with a data directory), not by the synthesized stack. */
  readonly createdByApi?: boolean;
  readonly roleArn?: string;
  /** Targets added through PutTargets as they were given, by id. */
  readonly listedTargets?: ReadonlyMap<string, ApiTarget>;
}

interface BusState {
  readonly config: LocalBusConfig;
  readonly creationTime: Date;
  readonly rules: RuleState[];
  readonly archives: EventArchive[];
}

/**
 * The fields TestEventPattern requires of the event. The API reference lists `resources` too, but the service
 * accepts events without it (recorded on AWS; see test/unit/local/fidelity/eventbridge.test.ts).
 */
const REQUIRED_TEST_EVENT_FIELDS = ['id', 'account', 'source', 'time', 'region', 'detail-type'];

/** The local EventBridge: buses, rules, targets, archives and replays. */
export class EventBridgeService {
  readonly counters: EventBridgeCounters = emptyCounters();
  readonly delivery: DeliveryEngine;
  private readonly buses = new Map<string, BusState>();
  private readonly replays = new Map<string, Replay>();
  private readonly runningReplays = new Set<string>();
  private readonly replayWaiters: Array<() => void> = [];
  private readonly ruleStore: RuleStore | undefined;

  constructor(private readonly options: EventBridgeServiceOptions, buses: readonly LocalBusConfig[] = []) {
    this.delivery = new DeliveryEngine({
      clock: options.clock,
      timeScale: options.timeScale ?? 1,
      ports: options.ports,
      sendToDeadLetterQueue: options.sendToDeadLetterQueue,
      counters: this.counters,
      journal: options.journal,
      observe: options.observe,
    });
    for (const bus of buses) this.addBus(bus);
    if (!this.buses.has('default')) {
      this.addBus({ name: 'default', arn: this.busArn('default'), rules: [], archives: [] });
    }
    this.ruleStore = options.dataDir ? new RuleStore(options.dataDir) : undefined;
    this.restoreApiRules();
  }

  /** Rules created through the API in an earlier run (a rule of the stack with the same name wins). */
  private restoreApiRules(): void {
    for (const stored of this.ruleStore?.load() ?? []) {
      const bus = this.buses.get(stored.busName);
      if (!bus || bus.rules.some((rule) => rule.config.name === stored.rule.name)) continue;
      bus.rules.push({
        config: stored.rule,
        busName: stored.busName,
        matches: compileEventPattern(stored.rule.eventPattern),
        createdByApi: true,
        roleArn: stored.roleArn,
        listedTargets: new Map(Object.entries(stored.listedTargets)),
      });
    }
  }

  private get account(): LocalAccount {
    return this.options.account;
  }

  busArn(name: string): string {
    return buildArn('events', this.account.region, this.account.accountId, `event-bus/${name}`);
  }

  addBus(config: LocalBusConfig): void {
    for (const rule of config.rules) validateEventPattern(rule.eventPattern);
    const state: BusState = {
      config,
      creationTime: this.options.clock.now(),
      rules: config.rules.map((rule) => ({ config: rule, busName: config.name, matches: compileEventPattern(rule.eventPattern) })),
      archives: config.archives.map((archive) => new EventArchive(archive, config.arn, () => this.options.clock.now(), this.options.dataDir)),
    };
    this.buses.set(config.name, state);
  }

  /** A bus by name or ARN. */
  findBus(ref: string | undefined): BusState | undefined {
    const name = !ref ? 'default' : ref.startsWith('arn:') ? arnResourceName(ref) : ref;
    return name ? this.buses.get(name) : undefined;
  }

  private requireBus(ref: string | undefined): BusState {
    const bus = this.findBus(ref);
    if (!bus) throw new AwsServiceError('ResourceNotFoundException', `Event bus ${ref ? (ref.startsWith('arn:') ? arnResourceName(ref) : ref) : 'default'} does not exist.`, 400);
    return bus;
  }

  // ---------------------------------------------------------------- PutEvents

  putEvents(entries: unknown): PutEventsResult {
    if (!Array.isArray(entries)) throw validationError("1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null");
    if (entries.length < 1) {
      throw validationError("1 validation error detected: Value '[]' at 'entries' failed to satisfy constraint: Member must have length greater than or equal to 1");
    }
    if (entries.length > 10) {
      throw validationError(
        `1 validation error detected: Value '[${(entries as PutEventsEntry[]).map(javaEntryText).join(', ')}]' at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10`,
      );
    }
    const total = (entries as PutEventsEntry[]).reduce((sum, entry) => sum + entrySize(entry ?? {}), 0);
    if (total > (this.options.maxRequestSizeBytes ?? 262_144)) {
      throw validationError('Total size of the entries in the request is over the limit.');
    }
    const results: PutEventsResultEntry[] = [];
    let failed = 0;
    for (const raw of entries as PutEventsEntry[]) {
      const outcome = this.acceptEntry(raw ?? {});
      if ('ErrorCode' in outcome) {
        failed += 1;
        this.counters.failedEntries += 1;
      }
      results.push(outcome);
    }
    return { FailedEntryCount: failed, Entries: results };
  }

  private acceptEntry(entry: PutEventsEntry): PutEventsResultEntry {
    const error = (code: string, message: string): PutEventsResultEntry => ({ ErrorCode: code, ErrorMessage: message });
    if (typeof entry.Source !== 'string' || entry.Source.length === 0) {
      return error('InvalidArgument', 'Parameter Source is not valid. Reason: Source is a required argument.');
    }
    if (typeof entry.DetailType !== 'string' || entry.DetailType.length === 0) {
      return error('InvalidArgument', 'Parameter DetailType is not valid. Reason: DetailType is a required argument.');
    }
    if (typeof entry.Detail !== 'string' || entry.Detail.length === 0) {
      return error('InvalidArgument', 'Parameter Detail is not valid. Reason: Detail is a required argument.');
    }
    let detail: unknown;
    try {
      detail = JSON.parse(entry.Detail);
    } catch {
      return error('MalformedDetail', 'Detail is malformed.');
    }
    if (!detail || typeof detail !== 'object' || Array.isArray(detail)) return error('MalformedDetail', 'Detail is malformed.');
    if (/^aws\./.test(entry.Source)) return error('NotAuthorizedForSourceException', 'Not authorized for the source.');
    const busRef = typeof entry.EventBusName === 'string' && entry.EventBusName ? entry.EventBusName : 'default';
    const bus = this.findBus(busRef);
    const id = randomUUID();
    if (!bus) {
      if (this.options.unknownBus === 'accept') {
        this.counters.put += 1;
        return { EventId: id };
      }
      const name = busRef.startsWith('arn:') ? arnResourceName(busRef) : busRef;
      return error('ResourceNotFoundException', `Event bus ${name} does not exist.`);
    }
    const time =
      typeof entry.Time === 'number' && Number.isFinite(entry.Time)
        ? new Date(entry.Time * 1000)
        : typeof entry.Time === 'string' && !Number.isNaN(Date.parse(entry.Time))
          ? new Date(entry.Time)
          : this.options.clock.now();
    const resources = Array.isArray(entry.Resources) ? entry.Resources.filter((r): r is string => typeof r === 'string') : [];
    const envelope: EventEnvelope = {
      version: '0',
      id,
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: this.account.accountId,
      time: eventTime(time),
      region: this.account.region,
      resources,
      detail,
    };
    this.counters.put += 1;
    this.publish(bus, envelope, archivedSize(envelope, entry.Detail));
    return { EventId: id };
  }

  /** Puts an already-built event on a bus (archives it, routes it to matching rules). */
  publish(bus: BusState, event: EventEnvelope, sizeBytes = archivedSize(event)): void {
    for (const archive of bus.archives) {
      if (archive.offer(event, sizeBytes)) this.counters.archived += 1;
    }
    this.route(bus, event);
  }

  /** In-process PutEvents for one event (the Scheduler and the API Gateway integration use it). */
  put(entry: { source: string; detailType: string; detail: unknown; eventBusName?: string; resources?: string[]; time?: Date }): PutEventsResultEntry {
    return this.putEvents([
      {
        Source: entry.source,
        DetailType: entry.detailType,
        Detail: typeof entry.detail === 'string' ? entry.detail : JSON.stringify(entry.detail),
        EventBusName: entry.eventBusName,
        Resources: entry.resources,
        Time: entry.time ? entry.time.getTime() / 1000 : undefined,
      },
    ]).Entries[0];
  }

  /** Forwards an event to another bus (bus targets keep the event's id). */
  forward(busArn: string, event: EventEnvelope): void {
    const bus = this.findBus(busArn);
    if (!bus) throw new AwsServiceError('ResourceNotFoundException', `Event bus ${arnResourceName(busArn)} does not exist.`, 400);
    this.publish(bus, event);
  }

  private route(bus: BusState, event: EventEnvelope, onlyRules?: ReadonlySet<string>): void {
    const ingestionTime = eventTime(this.options.clock.now());
    this.options.observe?.publish({ type: 'event.received', busName: bus.config.name, event });
    for (const rule of bus.rules) {
      if (onlyRules && !onlyRules.has(rule.config.arn)) continue;
      if (!rule.config.state.startsWith('ENABLED')) continue;
      if (!rule.matches(event)) continue;
      this.counters.matched += 1;
      this.options.observe?.publish({
        type: 'rule.matched',
        busName: bus.config.name,
        eventId: event.id,
        replayName: event['replay-name'],
        ruleArn: rule.config.arn,
        ruleName: rule.config.name,
        targetArns: rule.config.targets.map((t) => t.arn),
      });
      for (const target of rule.config.targets) {
        const input = targetInput(target, event, { ruleArn: rule.config.arn, ruleName: rule.config.name, ingestionTime });
        this.delivery.dispatch(event, rule.config.arn, target, input);
      }
    }
  }

  // ---------------------------------------------------------------- reads

  listRules(input: { NamePrefix?: unknown; EventBusName?: unknown; Limit?: unknown; NextToken?: unknown }): Record<string, unknown> {
    const bus = this.requireBus(typeof input.EventBusName === 'string' ? input.EventBusName : undefined);
    const prefix = typeof input.NamePrefix === 'string' ? input.NamePrefix : '';
    const rules = bus.rules
      .filter((rule) => rule.config.name.startsWith(prefix))
      .sort((a, b) => a.config.name.localeCompare(b.config.name))
      .map((rule) => this.ruleSummary(rule));
    return paginate(rules, 'Rules', input.Limit, input.NextToken, 100);
  }

  describeRule(input: { Name?: unknown; EventBusName?: unknown }): Record<string, unknown> {
    const rule = this.requireRule(input.Name, input.EventBusName);
    return { ...this.ruleSummary(rule), ...(rule.roleArn ? { RoleArn: rule.roleArn } : {}), CreatedBy: this.account.accountId };
  }

  listTargetsByRule(input: { Rule?: unknown; EventBusName?: unknown; Limit?: unknown; NextToken?: unknown }): Record<string, unknown> {
    const rule = this.requireRule(input.Rule, input.EventBusName);
    const targets = rule.config.targets.map((target) => rule.listedTargets?.get(target.id) ?? targetToApi(target));
    return paginate(targets, 'Targets', input.Limit, input.NextToken, 100);
  }

  // ---------------------------------------------------------------- rules and targets through the API

  /** PutRule: creates the rule, or replaces its pattern, state and description and keeps its targets. */
  putRule(input: Record<string, unknown>): { RuleArn: string } {
    const bus = this.requireBus(typeof input.EventBusName === 'string' ? input.EventBusName : undefined);
    const spec = parsePutRule(input);
    const index = bus.rules.findIndex((rule) => rule.config.name === spec.name);
    const existing = index >= 0 ? bus.rules[index] : undefined;
    const config: LocalRuleConfig = {
      name: spec.name,
      arn: existing?.config.arn ?? ruleArnOf(bus.config.arn, bus.config.name, spec.name),
      eventPattern: spec.eventPattern,
      state: spec.state,
      description: spec.description,
      targets: existing?.config.targets ?? [],
    };
    const state: RuleState = {
      config,
      busName: bus.config.name,
      matches: compileEventPattern(spec.eventPattern),
      createdByApi: existing ? existing.createdByApi : true,
      roleArn: spec.roleArn,
      listedTargets: existing?.listedTargets,
    };
    if (existing) bus.rules[index] = state;
    else bus.rules.push(state);
    this.saveRules();
    return { RuleArn: config.arn };
  }

  /** PutTargets: adds targets to a rule or replaces those with the same Id (at most 5 per rule). */
  putTargets(input: { Rule?: unknown; EventBusName?: unknown; Targets?: unknown }): Record<string, unknown> {
    const rule = this.requireRule(input.Rule, input.EventBusName);
    const specs = parseTargets(input.Targets);
    const targets = [...rule.config.targets];
    const listed = new Map(rule.listedTargets ?? []);
    for (const spec of specs) {
      const index = targets.findIndex((target) => target.id === spec.config.id);
      if (index >= 0) targets[index] = spec.config;
      else if (targets.length >= MAX_TARGETS_PER_RULE) throw limitExceeded();
      else targets.push(spec.config);
      listed.set(spec.config.id, spec.listed);
    }
    this.replaceRule(rule, { ...rule, config: { ...rule.config, targets }, listedTargets: listed });
    return { FailedEntryCount: 0, FailedEntries: [] };
  }

  /** RemoveTargets: Ids the rule does not have are ignored. */
  removeTargets(input: { Rule?: unknown; EventBusName?: unknown; Ids?: unknown }): Record<string, unknown> {
    const rule = this.requireRule(input.Rule, input.EventBusName);
    const ids = new Set(parseTargetIds(input.Ids));
    const listed = new Map([...(rule.listedTargets ?? [])].filter(([id]) => !ids.has(id)));
    const targets = rule.config.targets.filter((target) => !ids.has(target.id));
    this.replaceRule(rule, { ...rule, config: { ...rule.config, targets }, listedTargets: listed });
    return { FailedEntryCount: 0, FailedEntries: [] };
  }

  /** DeleteRule: a rule with targets needs Force; deleting a rule that does not exist succeeds. */
  deleteRule(input: { Name?: unknown; EventBusName?: unknown; Force?: unknown }): Record<string, unknown> {
    const bus = this.requireBus(typeof input.EventBusName === 'string' ? input.EventBusName : undefined);
    const index = bus.rules.findIndex((rule) => rule.config.name === input.Name);
    if (index < 0) return {};
    if (bus.rules[index].config.targets.length > 0 && input.Force !== true) throw validationError("Rule can't be deleted since it has targets.");
    bus.rules.splice(index, 1);
    this.saveRules();
    return {};
  }

  enableRule(input: { Name?: unknown; EventBusName?: unknown }): Record<string, unknown> {
    return this.setRuleState(input, 'ENABLED');
  }

  disableRule(input: { Name?: unknown; EventBusName?: unknown }): Record<string, unknown> {
    return this.setRuleState(input, 'DISABLED');
  }

  private setRuleState(input: { Name?: unknown; EventBusName?: unknown }, state: 'ENABLED' | 'DISABLED'): Record<string, unknown> {
    const rule = this.requireRule(input.Name, input.EventBusName);
    this.replaceRule(rule, { ...rule, config: { ...rule.config, state } });
    return {};
  }

  private replaceRule(rule: RuleState, next: RuleState): void {
    const bus = this.requireBus(rule.busName);
    bus.rules[bus.rules.indexOf(rule)] = next;
    this.saveRules();
  }

  private saveRules(): void {
    if (!this.ruleStore) return;
    const stored: StoredRule[] = [...this.buses.values()].flatMap((bus) =>
      bus.rules
        .filter((rule) => rule.createdByApi)
        .map((rule) => ({ busName: bus.config.name, rule: rule.config, roleArn: rule.roleArn, listedTargets: Object.fromEntries(rule.listedTargets ?? []) })),
    );
    this.ruleStore.save(stored);
  }

  describeEventBus(input: { Name?: unknown }): Record<string, unknown> {
    const bus = this.requireBus(typeof input.Name === 'string' ? input.Name : undefined);
    return {
      Name: bus.config.name,
      Arn: bus.config.arn,
      ...(bus.config.description ? { Description: bus.config.description } : {}),
      CreationTime: bus.creationTime.getTime() / 1000,
      LastModifiedTime: bus.creationTime.getTime() / 1000,
    };
  }

  listEventBuses(input: { NamePrefix?: unknown; Limit?: unknown; NextToken?: unknown }): Record<string, unknown> {
    const prefix = typeof input.NamePrefix === 'string' ? input.NamePrefix : '';
    const buses = [...this.buses.values()]
      .filter((bus) => bus.config.name.startsWith(prefix))
      .sort((a, b) => a.config.name.localeCompare(b.config.name))
      .map((bus) => ({
        Name: bus.config.name,
        Arn: bus.config.arn,
        CreationTime: bus.creationTime.getTime() / 1000,
        LastModifiedTime: bus.creationTime.getTime() / 1000,
      }));
    return paginate(buses, 'EventBuses', input.Limit, input.NextToken, 100);
  }

  testEventPattern(input: { EventPattern?: unknown; Event?: unknown }): { Result: boolean } {
    if (typeof input.EventPattern !== 'string') throw validationError("1 validation error detected: Value null at 'eventPattern' failed to satisfy constraint: Member must not be null");
    if (typeof input.Event !== 'string') throw validationError("1 validation error detected: Value null at 'event' failed to satisfy constraint: Member must not be null");
    const matches = compileEventPattern(input.EventPattern);
    let event: unknown;
    try {
      event = JSON.parse(input.Event);
    } catch {
      throw validationError('Parameter Event is not valid.');
    }
    if (!event || typeof event !== 'object' || Array.isArray(event)) throw validationError('Parameter Event is not valid.');
    for (const field of REQUIRED_TEST_EVENT_FIELDS) {
      if (!(field in (event as Record<string, unknown>))) {
        throw validationError(`Parameter Event is not valid. Reason: Provided Event is missing required field ${field}.`);
      }
    }
    return { Result: matches(event as object) };
  }

  // ---------------------------------------------------------------- archives & replays

  archives(): EventArchive[] {
    return [...this.buses.values()].flatMap((bus) => bus.archives);
  }

  findArchive(ref: string): EventArchive | undefined {
    const name = ref.startsWith('arn:') ? arnResourceName(ref) : ref;
    return this.archives().find((archive) => archive.config.name === name);
  }

  describeArchive(input: { ArchiveName?: unknown }): Record<string, unknown> {
    const archive = this.requireArchive(input.ArchiveName);
    return {
      ArchiveArn: archive.arn,
      ArchiveName: archive.config.name,
      EventSourceArn: archive.eventSourceArn,
      ...(archive.config.description ? { Description: archive.config.description } : {}),
      ...(archive.config.eventPattern ? { EventPattern: JSON.stringify(archive.config.eventPattern) } : {}),
      State: 'ENABLED',
      RetentionDays: archive.config.retentionDays,
      SizeBytes: archive.size,
      EventCount: archive.eventCount,
      CreationTime: archive.creationTime.getTime() / 1000,
    };
  }

  listArchives(input: { NamePrefix?: unknown; EventSourceArn?: unknown; State?: unknown; Limit?: unknown; NextToken?: unknown }): Record<string, unknown> {
    const prefix = typeof input.NamePrefix === 'string' ? input.NamePrefix : '';
    if (typeof input.EventSourceArn === 'string') this.requireBus(input.EventSourceArn);
    const archives = this.archives()
      .filter((archive) => archive.config.name.startsWith(prefix))
      .filter((archive) => typeof input.EventSourceArn !== 'string' || archive.eventSourceArn === input.EventSourceArn)
      .filter(() => typeof input.State !== 'string' || input.State === 'ENABLED')
      .sort((a, b) => a.config.name.localeCompare(b.config.name))
      .map((archive) => ({
        ArchiveName: archive.config.name,
        EventSourceArn: archive.eventSourceArn,
        State: 'ENABLED',
        RetentionDays: archive.config.retentionDays,
        SizeBytes: archive.size,
        EventCount: archive.eventCount,
        CreationTime: archive.creationTime.getTime() / 1000,
      }));
    return paginate(archives, 'Archives', input.Limit, input.NextToken, 100);
  }

  startReplay(input: {
    ReplayName?: unknown;
    Description?: unknown;
    EventSourceArn?: unknown;
    EventStartTime?: unknown;
    EventEndTime?: unknown;
    Destination?: unknown;
  }): Record<string, unknown> {
    const name = input.ReplayName;
    if (typeof name !== 'string' || !/^[.\-_A-Za-z0-9]{1,64}$/.test(name)) {
      throw validationError(`1 validation error detected: Value '${String(name)}' at 'replayName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+`);
    }
    if (this.replays.has(name)) throw new AwsServiceError('ResourceAlreadyExistsException', `Replay ${name} already exists.`, 400);
    if (typeof input.EventSourceArn !== 'string') throw validationError("1 validation error detected: Value null at 'eventSourceArn' failed to satisfy constraint: Member must not be null");
    const archive = this.findArchive(input.EventSourceArn);
    if (!archive) {
      throw validationError(`Parameter EventSourceArn is not valid. Reason: Archive ${arnResourceName(input.EventSourceArn)} does not exist.`);
    }
    const start = toDate(input.EventStartTime, 'eventStartTime');
    const end = toDate(input.EventEndTime, 'eventEndTime');
    // AWS checks the time range before the destination, and whether the destination bus exists before
    // whether it is the archive's bus.
    if (start.getTime() >= end.getTime()) {
      throw validationError('Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime.');
    }
    const destination = (input.Destination ?? {}) as { Arn?: unknown; FilterArns?: unknown };
    if (typeof destination.Arn !== 'string') throw validationError("1 validation error detected: Value null at 'destination.arn' failed to satisfy constraint: Member must not be null");
    const bus = this.requireBus(destination.Arn);
    if (destination.Arn !== archive.eventSourceArn) {
      throw validationError('Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.');
    }
    const filterArns = Array.isArray(destination.FilterArns) ? destination.FilterArns.filter((arn): arn is string => typeof arn === 'string') : undefined;
    const replay: Replay = {
      name,
      arn: buildArn('events', this.account.region, this.account.accountId, `replay/${name}`),
      description: typeof input.Description === 'string' ? input.Description : undefined,
      eventSourceArn: archive.arn,
      destination: { Arn: destination.Arn, ...(filterArns ? { FilterArns: filterArns } : {}) },
      eventStartTime: start,
      eventEndTime: end,
      state: 'STARTING',
      replayStartTime: this.options.clock.now(),
    };
    this.replays.set(name, replay);
    this.runningReplays.add(name);
    const onlyRules = filterArns && filterArns.length > 0 ? new Set(filterArns) : undefined;
    runReplay({
      replay,
      events: archive.eventsBetween(start, end),
      now: () => this.options.clock.now(),
      send: (event) => {
        this.counters.replayed += 1;
        this.route(bus, event, onlyRules);
      },
      onDone: () => {
        this.runningReplays.delete(name);
        if (this.runningReplays.size === 0) for (const resolve of this.replayWaiters.splice(0)) resolve();
      },
    });
    return { ReplayArn: replay.arn, State: replay.state, ReplayStartTime: replay.replayStartTime.getTime() / 1000 };
  }

  describeReplay(input: { ReplayName?: unknown }): Record<string, unknown> {
    const replay = this.requireReplay(input.ReplayName);
    return {
      ReplayName: replay.name,
      ReplayArn: replay.arn,
      ...(replay.description ? { Description: replay.description } : {}),
      State: replay.state,
      ...(replay.stateReason ? { StateReason: replay.stateReason } : {}),
      EventSourceArn: replay.eventSourceArn,
      Destination: replay.destination,
      EventStartTime: replay.eventStartTime.getTime() / 1000,
      EventEndTime: replay.eventEndTime.getTime() / 1000,
      ...(replay.eventLastReplayedTime ? { EventLastReplayedTime: replay.eventLastReplayedTime.getTime() / 1000 } : {}),
      ReplayStartTime: replay.replayStartTime.getTime() / 1000,
      ...(replay.replayEndTime ? { ReplayEndTime: replay.replayEndTime.getTime() / 1000 } : {}),
    };
  }

  listReplays(input: { NamePrefix?: unknown; State?: unknown; EventSourceArn?: unknown; Limit?: unknown; NextToken?: unknown }): Record<string, unknown> {
    const prefix = typeof input.NamePrefix === 'string' ? input.NamePrefix : '';
    const replays = [...this.replays.values()]
      .filter((replay) => replay.name.startsWith(prefix))
      .filter((replay) => typeof input.State !== 'string' || replay.state === input.State)
      .filter((replay) => typeof input.EventSourceArn !== 'string' || replay.eventSourceArn === input.EventSourceArn)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((replay) => ({
        ReplayName: replay.name,
        EventSourceArn: replay.eventSourceArn,
        State: replay.state,
        ...(replay.stateReason ? { StateReason: replay.stateReason } : {}),
        EventStartTime: replay.eventStartTime.getTime() / 1000,
        EventEndTime: replay.eventEndTime.getTime() / 1000,
        ...(replay.eventLastReplayedTime ? { EventLastReplayedTime: replay.eventLastReplayedTime.getTime() / 1000 } : {}),
        ReplayStartTime: replay.replayStartTime.getTime() / 1000,
        ...(replay.replayEndTime ? { ReplayEndTime: replay.replayEndTime.getTime() / 1000 } : {}),
      }));
    return paginate(replays, 'Replays', input.Limit, input.NextToken, 100);
  }

  cancelReplay(input: { ReplayName?: unknown }): Record<string, unknown> {
    const replay = this.requireReplay(input.ReplayName);
    if (replay.state !== 'STARTING' && replay.state !== 'RUNNING') {
      throw new AwsServiceError('IllegalStatusException', `Replay ${replay.name} is not in a valid state for this operation.`, 400);
    }
    replay.state = 'CANCELLING';
    return { ReplayArn: replay.arn, State: 'CANCELLING' };
  }

  /** Deliveries running or waiting for a retry, and replays running. */
  get pending(): number {
    return this.delivery.pending + this.runningReplays.size;
  }

  /** Resolves once no delivery is running or waiting for a retry and no replay is running. */
  async settled(): Promise<void> {
    for (;;) {
      if (this.runningReplays.size > 0) await new Promise<void>((resolve) => this.replayWaiters.push(resolve));
      await this.delivery.whenIdle();
      await new Promise((resolve) => setImmediate(resolve));
      if (this.runningReplays.size === 0 && this.delivery.pending === 0) return;
    }
  }

  stop(): void {
    this.delivery.stop();
    for (const replay of this.replays.values()) if (replay.state === 'RUNNING' || replay.state === 'STARTING') replay.state = 'CANCELLING';
    for (const resolve of this.replayWaiters.splice(0)) resolve();
  }

  // ---------------------------------------------------------------- helpers

  private ruleSummary(rule: RuleState): Record<string, unknown> {
    return {
      Name: rule.config.name,
      Arn: rule.config.arn,
      EventPattern: JSON.stringify(rule.config.eventPattern),
      State: rule.config.state,
      ...(rule.config.description ? { Description: rule.config.description } : {}),
      EventBusName: rule.busName,
    };
  }

  private requireRule(name: unknown, busRef: unknown): RuleState {
    const bus = this.requireBus(typeof busRef === 'string' ? busRef : undefined);
    if (typeof name !== 'string') throw validationError("1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
    const rule = bus.rules.find((candidate) => candidate.config.name === name || candidate.config.arn === name);
    if (!rule) throw new AwsServiceError('ResourceNotFoundException', `Rule ${name} does not exist on EventBus ${bus.config.name}.`, 400);
    return rule;
  }

  private requireArchive(name: unknown): EventArchive {
    if (typeof name !== 'string') throw validationError("1 validation error detected: Value null at 'archiveName' failed to satisfy constraint: Member must not be null");
    const archive = this.findArchive(name);
    if (!archive) throw new AwsServiceError('ResourceNotFoundException', `Archive ${name} does not exist.`, 400);
    return archive;
  }

  private requireReplay(name: unknown): Replay {
    if (typeof name !== 'string') throw validationError("1 validation error detected: Value null at 'replayName' failed to satisfy constraint: Member must not be null");
    const replay = this.replays.get(name);
    if (!replay) throw new AwsServiceError('ResourceNotFoundException', `Replay ${name} does not exist.`, 400);
    return replay;
  }
}

/** An entry as the service's Java model prints it in validation errors (absent members print as null). */
function javaEntryText(entry: PutEventsEntry): string {
  const text = (value: unknown): string => {
    if (value === undefined || value === null) return 'null';
    if (Array.isArray(value)) return `[${value.map(text).join(', ')}]`;
    return String(value);
  };
  const e = entry ?? {};
  return (
    `PutEventsRequestEntry(time=${text(e.Time)}, source=${text(e.Source)}, resources=${text(e.Resources)}, ` +
    `detailType=${text(e.DetailType)}, detail=${text(e.Detail)}, eventBusName=${text(e.EventBusName)}, ` +
    `traceHeader=${text(e.TraceHeader)}, kmsKeyIdentifier=null, internalMetadata=null)`
  );
}

function toDate(value: unknown, member: string): Date {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value * 1000);
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value);
  throw validationError(`1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`);
}

function paginate<T>(items: T[], key: string, limit: unknown, nextToken: unknown, maxLimit: number): Record<string, unknown> {
  const size = typeof limit === 'number' && limit > 0 ? Math.min(limit, maxLimit) : maxLimit;
  const start = typeof nextToken === 'string' ? Number(Buffer.from(nextToken, 'base64').toString('utf8')) || 0 : 0;
  const page = items.slice(start, start + size);
  const result: Record<string, unknown> = { [key]: page };
  if (start + size < items.length) result.NextToken = Buffer.from(String(start + size), 'utf8').toString('base64');
  return result;
}
