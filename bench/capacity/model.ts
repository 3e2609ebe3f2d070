/**
 * The capacity model: pure functions from the measured usage (bench), the stack's settings, a scenario
 * and AWS's quotas and prices to the figures of docs/capacity.md. Nothing here is measured or looked up;
 * every per-capture quantity comes from `CapacityInputs.measured`.
 */
import { ratePeriodSeconds, type CapacityInputs } from './inputs';
import { logEventBytes } from './metering';
import { PRICES, type Price, type PriceName } from './prices';
import { QUOTAS, type Quota } from './quotas';
import { addUsage, scaleUsage, segments, total, usageAt, type Usage } from './usage';

/** Who receives a capture's world update. */
export type Audience =
  /** Every connected player (no interest management: the comparison). */
  | { readonly kind: 'everyone' }
  /** The players watching the capture's cell and its neighbours (interest management). */
  | { readonly kind: 'neighbourhood'; readonly playersPerCell: number; readonly cells: number };

export interface Scenario {
  readonly players: number;
  readonly capturesPerSecond: number;
  readonly audience: Audience;
}

/** Connections that receive one capture's world update. */
export function watchersOf(players: number, audience: Audience): number {
  return audience.kind === 'everyone' ? players : Math.min(players, audience.playersPerCell * audience.cells);
}

export function audienceLabel(audience: Audience): string {
  return audience.kind === 'everyone' ? 'without interest management (every player)' : `with interest management (${audience.playersPerCell} players per cell × ${audience.cells} cells)`;
}

/** The usage of one successful capture in a scenario. */
export function captureUsage(inputs: CapacityInputs, scenario: Scenario): Usage {
  return usageAt(inputs.measured.capture, watchersOf(scenario.players, scenario.audience));
}

/** Fakémon the schedule spawns per second; undefined for a cron() schedule (no single period). */
export function spawnedPerSecond(inputs: CapacityInputs): number | undefined {
  const period = ratePeriodSeconds(inputs.stack.spawnSchedule);
  return period === undefined ? undefined : inputs.stack.spawnCount / period;
}

/**
 * Usage per second of the spawn schedule: the measured run's usage per fakémon (its one invocation spread
 * over the fakémon it spawned) times the fakémon spawned per second.
 */
export function spawnLoad(inputs: CapacityInputs, players: number, audience: Audience): Usage {
  const perFakemon = scaleUsage(usageAt(inputs.measured.spawnRun, watchersOf(players, audience)), 1 / inputs.measured.spawnRunSize);
  return scaleUsage(perFakemon, spawnedPerSecond(inputs) ?? 0);
}

/** Everything a scenario asks of AWS per second: its captures and the schedule's spawns. */
export function loadPerSecond(inputs: CapacityInputs, scenario: Scenario): Usage {
  return addUsage(scaleUsage(captureUsage(inputs, scenario), scenario.capturesPerSecond), spawnLoad(inputs, scenario.players, scenario.audience));
}

/** WebSocket messages one capture sends: its result plus one world update per watcher. */
export function messagesPerCapture(inputs: CapacityInputs, players: number, audience: Audience): number {
  return total(usageAt(inputs.measured.capture, watchersOf(players, audience)), 'apigw.wsOut');
}

// ---------------------------------------------------------------------------------------------
// Lambda

export interface FunctionLoad {
  readonly fn: string;
  readonly invocationsPerSecond: number;
  /** Billed milliseconds per invocation (measured on the local runtime). */
  readonly msPerInvocation: number;
  /** Concurrent executions (Little's law: arrival rate × duration). */
  readonly concurrency: number;
}

export function lambdaLoad(inputs: CapacityInputs, scenario: Scenario): FunctionLoad[] {
  const load = loadPerSecond(inputs, scenario);
  return segments(load, 'lambda')
    .map((fn) => {
      const invocations = load[`lambda.${fn}.invocations`] ?? 0;
      const billedMs = load[`lambda.${fn}.billedMs`] ?? 0;
      return { fn, invocationsPerSecond: invocations, msPerInvocation: invocations > 0 ? billedMs / invocations : 0, concurrency: billedMs / 1000 };
    })
    .filter((f) => f.invocationsPerSecond > 0);
}

// ---------------------------------------------------------------------------------------------
// Quotas

export interface QuotaCheck {
  readonly what: string;
  readonly demand: number;
  readonly limit: number;
  readonly unit: string;
  /** A quota from AWS, or a setting of the stack (with the file it is set in). */
  readonly quota?: Quota;
  readonly setting?: string;
}

export const utilisation = (check: QuotaCheck): number => check.demand / check.limit;

/** Connections opened per second when every player reconnects once per maximum connection duration. */
export function reconnectsPerSecond(players: number): number {
  return players / QUOTAS.webSocketConnectionDuration.value;
}

export function quotaChecks(inputs: CapacityInputs, scenario: Scenario): QuotaCheck[] {
  const load = loadPerSecond(inputs, scenario);
  const reconnects = reconnectsPerSecond(scenario.players);
  const functions = lambdaLoad(inputs, scenario);
  const busiest = functions.reduce<FunctionLoad | undefined>((a, f) => (!a || f.concurrency > a.concurrency ? f : a), undefined);
  const slowest = functions.reduce<FunctionLoad | undefined>((a, f) => (!a || f.msPerInvocation > a.msPerInvocation ? f : a), undefined);
  const tables = dynamodbLoad(inputs, scenario);
  const hottestRead = tables.reduce((a, t) => (t.rru > a.rru ? t : a), { table: '—', rru: 0, wru: 0 });
  const hottestWrite = tables.reduce((a, t) => (t.wru > a.wru ? t : a), { table: '—', rru: 0, wru: 0 });
  const stack = inputs.stack;
  const checks: QuotaCheck[] = [
    {
      what: 'API Gateway requests: REST + PostToConnection + new connections',
      demand: total(load, 'apigw.restRequests') + total(load, 'apigw.wsOut') + total(load, 'apigw.wsIn') + reconnects,
      limit: QUOTAS.apiGatewayAccountRate.value,
      unit: 'requests/s',
      quota: QUOTAS.apiGatewayAccountRate,
    },
    {
      what: 'REST API stage throttle (POST /captures)',
      demand: total(load, 'apigw.restRequests'),
      limit: stack.restThrottle.rateLimit,
      unit: 'requests/s',
      setting: `apiThrottle.rateLimit in ${stack.sourceFile}`,
    },
    { what: 'EventBridge PutEvents requests', demand: total(load, 'events.putRequests'), limit: QUOTAS.putEvents.value, unit: 'requests/s', quota: QUOTAS.putEvents },
    { what: 'EventBridge invocations (rule targets)', demand: total(load, 'events.invocations'), limit: QUOTAS.eventBridgeInvocations.value, unit: 'invocations/s', quota: QUOTAS.eventBridgeInvocations },
    {
      what: 'Lambda concurrent executions, all functions',
      demand: functions.reduce((sum, f) => sum + f.concurrency, 0),
      limit: QUOTAS.lambdaConcurrency.value,
      unit: 'executions',
      quota: QUOTAS.lambdaConcurrency,
    },
  ];
  const busiestReservation = busiest ? stack.lambdaReservedConcurrency?.[busiest.fn] : undefined;
  if (busiest && busiestReservation !== undefined) {
    checks.push({
      what: `Lambda reserved concurrency of the busiest function (${busiest.fn})`,
      demand: busiest.concurrency,
      limit: busiestReservation,
      unit: 'executions',
      setting: `lambda.reservedConcurrency.${busiest.fn} in ${stack.sourceFile}`,
    });
  }
  if (slowest) {
    checks.push({
      what: `Lambda duration of the slowest function (${slowest.fn}) against its timeout`,
      demand: slowest.msPerInvocation,
      limit: stack.lambdaTimeoutSeconds * 1000,
      unit: 'ms',
      setting: `lambda.timeoutSeconds in ${stack.sourceFile}`,
    });
  }
  checks.push(
    { what: `DynamoDB reads of the busiest table (${hottestRead.table})`, demand: hottestRead.rru, limit: QUOTAS.dynamodbTableReads.value, unit: 'RRU/s', quota: QUOTAS.dynamodbTableReads },
    { what: `DynamoDB writes of the busiest table (${hottestWrite.table})`, demand: hottestWrite.wru, limit: QUOTAS.dynamodbTableWrites.value, unit: 'WRU/s', quota: QUOTAS.dynamodbTableWrites },
    { what: 'WebSocket new connections (every player reconnects every 2 h)', demand: reconnects, limit: QUOTAS.webSocketNewConnections.value, unit: 'connections/s', quota: QUOTAS.webSocketNewConnections },
  );
  return checks;
}

// ---------------------------------------------------------------------------------------------
// DynamoDB

export interface TableUnits {
  /** Table, or `table/index`. */
  readonly table: string;
  readonly rru: number;
  readonly wru: number;
}

/** Read and write request units of a usage, per table and index that it touches. */
export function tableUnits(usage: Usage): TableUnits[] {
  return segments(usage, 'dynamodb')
    .filter((t) => t !== 'op' && t !== 'unmetered')
    .map((table) => ({ table, rru: usage[`dynamodb.${table}.rru`] ?? 0, wru: usage[`dynamodb.${table}.wru`] ?? 0 }))
    .filter((t) => t.rru > 0 || t.wru > 0);
}

/** Units per second per table in a scenario (captures and spawns). */
export function dynamodbLoad(inputs: CapacityInputs, scenario: Scenario): TableUnits[] {
  return tableUnits(loadPerSecond(inputs, scenario));
}

export interface HotItemLimit {
  /** Read and write units one attempt spends on the item. */
  readonly rruPerAttempt: number;
  readonly wruPerAttempt: number;
  /** Attempts per second one item (one partition) sustains. */
  readonly maxAttemptsPerSecond: number;
  readonly limitedBy: 'reads' | 'writes';
}

/** How many attempts per second one fakémon's item sustains, from the units each attempt spends on it. */
export function hotItemLimit(usage: Usage, table = 'world'): HotItemLimit {
  const rru = usage[`dynamodb.${table}.rru`] ?? 0;
  const wru = usage[`dynamodb.${table}.wru`] ?? 0;
  const byReads = rru > 0 ? QUOTAS.dynamodbPartitionReads.value / rru : Number.POSITIVE_INFINITY;
  const byWrites = wru > 0 ? QUOTAS.dynamodbPartitionWrites.value / wru : Number.POSITIVE_INFINITY;
  return { rruPerAttempt: rru, wruPerAttempt: wru, maxAttemptsPerSecond: Math.min(byReads, byWrites), limitedBy: byReads <= byWrites ? 'reads' : 'writes' };
}

export interface CellPartitionLimit {
  readonly playersPerCell: number;
  /** Read units one capture spends reading one cell's entries of a connections-by-cell index. */
  readonly rruPerCellQuery: number;
  /** Captures per second in the neighbourhood of one cell that its partition sustains. */
  readonly maxCapturesPerSecond: number;
  /** Watch updates (players entering, leaving, moving) per second one cell's partition sustains. */
  readonly maxWatchUpdatesPerSecond: number;
}

/**
 * A connections-by-cell index (interest management) keeps a cell's watchers in one partition: every capture
 * in the cell's neighbourhood reads them (eventually consistent), every watcher change writes one entry.
 */
export function cellPartitionLimit(inputs: CapacityInputs, playersPerCell: number): CellPartitionLimit {
  const entryBytes = inputs.measured.bytes.connectionRecord;
  const rru = Math.max(1, Math.ceil((playersPerCell * entryBytes) / 4096)) * 0.5;
  const wru = Math.max(1, Math.ceil(entryBytes / 1024));
  return {
    playersPerCell,
    rruPerCellQuery: rru,
    maxCapturesPerSecond: QUOTAS.dynamodbPartitionReads.value / rru,
    maxWatchUpdatesPerSecond: QUOTAS.dynamodbPartitionWrites.value / wru,
  };
}

// ---------------------------------------------------------------------------------------------
// Cost

export interface CostLine {
  readonly price: Price;
  readonly priceName: PriceName;
  /** Billable quantity, in the model's base unit (requests, GB-seconds, bytes…). */
  readonly quantity: number;
  /** The quantity in the price's unit. */
  readonly units: number;
  /** USD, when the price is known. */
  readonly usd?: number;
}

const gbSeconds = (usage: Usage, memoryMb: number): number => (total(usage, 'lambda.*.billedMs') / 1000) * (memoryMb / 1024);

const logBytes = (usage: Usage): number =>
  logEventBytes(total(usage, 'logs.*.events'), total(usage, 'logs.*.bytes')) + logEventBytes(total(usage, 'lambda.*.logEvents'), total(usage, 'lambda.*.logBytes'));

/** The billable quantities of a usage, priced where the price is known. */
export function costLines(usage: Usage, memoryMb: number): CostLine[] {
  const quantities: Record<PriceName, number> = {
    eventBridgeEvents: total(usage, 'events.billedEvents'),
    lambdaRequests: total(usage, 'lambda.*.invocations'),
    lambdaArmDuration: gbSeconds(usage, memoryMb),
    dynamodbWrites: total(usage, 'dynamodb.*.wru'),
    dynamodbReads: total(usage, 'dynamodb.*.rru'),
    restRequests: total(usage, 'apigw.restRequests'),
    webSocketMessages: total(usage, 'apigw.wsOutUnits') + total(usage, 'apigw.wsIn'),
    webSocketConnectionMinutes: total(usage, 'apigw.connectionMinutes'),
    logsIngestion: logBytes(usage),
    sqsRequests: total(usage, 'sqs.sent'),
  };
  return (Object.keys(quantities) as PriceName[]).map((priceName) => {
    const price = PRICES[priceName];
    const quantity = quantities[priceName];
    const units = quantity / price.quantityPerUnit;
    return { price, priceName, quantity, units, ...(price.usdPerUnit !== undefined ? { usd: units * price.usdPerUnit } : {}) };
  });
}

export const MINUTES_PER_MONTH = 730 * 60;

/** What a million successful captures cost, at `watchers` receivers each. */
export function costPerMillionCaptures(inputs: CapacityInputs, players: number, audience: Audience): CostLine[] {
  const usage = usageAt(inputs.measured.capture, watchersOf(players, audience));
  return costLines(Object.fromEntries(Object.entries(usage).map(([k, v]) => [k, v * 1e6])), inputs.stack.lambdaMemoryMb);
}

export const SECONDS_PER_MONTH = 730 * 3600;

/** What the spawn schedule costs per month. */
export function monthlySpawnCost(inputs: CapacityInputs, players: number, audience: Audience): CostLine[] {
  return costLines(scaleUsage(spawnLoad(inputs, players, audience), SECONDS_PER_MONTH), inputs.stack.lambdaMemoryMb);
}

/**
 * What keeping `players` connected costs per month: connection minutes, and a reconnect (connect +
 * disconnect) every maximum connection duration.
 */
export function monthlyConnectionCost(inputs: CapacityInputs, players: number): CostLine[] {
  const reconnects = reconnectsPerSecond(players) * MINUTES_PER_MONTH * 60;
  const perReconnect: Record<string, number> = {};
  for (const usage of [inputs.measured.connect, inputs.measured.disconnect]) {
    for (const [k, v] of Object.entries(usage)) perReconnect[k] = (perReconnect[k] ?? 0) + v * reconnects;
  }
  perReconnect['apigw.connectionMinutes'] = players * MINUTES_PER_MONTH;
  return costLines(perReconnect, inputs.stack.lambdaMemoryMb);
}
