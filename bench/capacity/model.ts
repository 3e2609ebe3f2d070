/**
 * The capacity model: pure functions from the measured usage (bench), the stack's settings, a scenario
 * and AWS's quotas and prices to the figures of docs/capacity.md. Nothing here is measured or looked up;
 * every per-capture quantity comes from `CapacityInputs.measured`.
 */
import type { CapacityInputs } from './inputs';
import { logEventBytes } from './metering';
import { PRICES, type Price, type PriceName } from './prices';
import { QUOTAS, type Quota } from './quotas';
import { segments, total, usageAt, type Usage } from './usage';

/** Who receives a capture's world update. */
export type Audience =
  /** Every connected player (today's notify). */
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
  const usage = captureUsage(inputs, scenario);
  return segments(usage, 'lambda')
    .map((fn) => {
      const invocations = usage[`lambda.${fn}.invocations`] ?? 0;
      const billedMs = usage[`lambda.${fn}.billedMs`] ?? 0;
      return {
        fn,
        invocationsPerSecond: scenario.capturesPerSecond * invocations,
        msPerInvocation: invocations > 0 ? billedMs / invocations : 0,
        concurrency: (scenario.capturesPerSecond * billedMs) / 1000,
      };
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
  const usage = captureUsage(inputs, scenario);
  const rate = scenario.capturesPerSecond;
  const reconnects = reconnectsPerSecond(scenario.players);
  const functions = lambdaLoad(inputs, scenario);
  const busiest = functions.reduce<FunctionLoad | undefined>((a, f) => (!a || f.concurrency > a.concurrency ? f : a), undefined);
  const slowest = functions.reduce<FunctionLoad | undefined>((a, f) => (!a || f.msPerInvocation > a.msPerInvocation ? f : a), undefined);
  const tables = dynamodbLoad(inputs, scenario);
  const hottestRead = tables.reduce((a, t) => (t.rruPerSecond > a.rruPerSecond ? t : a), { table: '—', rruPerSecond: 0, wruPerSecond: 0 });
  const hottestWrite = tables.reduce((a, t) => (t.wruPerSecond > a.wruPerSecond ? t : a), { table: '—', rruPerSecond: 0, wruPerSecond: 0 });
  const stack = inputs.stack;
  const checks: QuotaCheck[] = [
    {
      what: 'API Gateway requests: REST + PostToConnection + new connections',
      demand: rate * (total(usage, 'apigw.restRequests') + total(usage, 'apigw.wsOut') + total(usage, 'apigw.wsIn')) + reconnects,
      limit: QUOTAS.apiGatewayAccountRate.value,
      unit: 'requests/s',
      quota: QUOTAS.apiGatewayAccountRate,
    },
    {
      what: 'REST API stage throttle (POST /captures)',
      demand: rate * total(usage, 'apigw.restRequests'),
      limit: stack.restThrottle.rateLimit,
      unit: 'requests/s',
      setting: `apiThrottle.rateLimit in ${stack.sourceFile}`,
    },
    { what: 'EventBridge PutEvents requests', demand: rate * total(usage, 'events.putRequests'), limit: QUOTAS.putEvents.value, unit: 'requests/s', quota: QUOTAS.putEvents },
    { what: 'EventBridge invocations (rule targets)', demand: rate * total(usage, 'events.invocations'), limit: QUOTAS.eventBridgeInvocations.value, unit: 'invocations/s', quota: QUOTAS.eventBridgeInvocations },
    {
      what: 'Lambda concurrent executions, all functions',
      demand: functions.reduce((sum, f) => sum + f.concurrency, 0),
      limit: QUOTAS.lambdaConcurrency.value,
      unit: 'executions',
      quota: QUOTAS.lambdaConcurrency,
    },
  ];
  if (busiest && stack.lambdaReservedConcurrency !== undefined) {
    checks.push({
      what: `Lambda reserved concurrency of the busiest function (${busiest.fn})`,
      demand: busiest.concurrency,
      limit: stack.lambdaReservedConcurrency,
      unit: 'executions',
      setting: `lambda.reservedConcurrency in ${stack.sourceFile}`,
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
    { what: `DynamoDB reads of the busiest table (${hottestRead.table})`, demand: hottestRead.rruPerSecond, limit: QUOTAS.dynamodbTableReads.value, unit: 'RRU/s', quota: QUOTAS.dynamodbTableReads },
    { what: `DynamoDB writes of the busiest table (${hottestWrite.table})`, demand: hottestWrite.wruPerSecond, limit: QUOTAS.dynamodbTableWrites.value, unit: 'WRU/s', quota: QUOTAS.dynamodbTableWrites },
    { what: 'WebSocket new connections (every player reconnects every 2 h)', demand: reconnects, limit: QUOTAS.webSocketNewConnections.value, unit: 'connections/s', quota: QUOTAS.webSocketNewConnections },
  );
  return checks;
}

// ---------------------------------------------------------------------------------------------
// DynamoDB

export interface TableLoad {
  /** Table, or `table/index`. */
  readonly table: string;
  readonly rruPerSecond: number;
  readonly wruPerSecond: number;
}

export function dynamodbLoad(inputs: CapacityInputs, scenario: Scenario): TableLoad[] {
  const usage = captureUsage(inputs, scenario);
  return segments(usage, 'dynamodb')
    .filter((t) => t !== 'op' && t !== 'unmetered')
    .map((table) => ({
      table,
      rruPerSecond: scenario.capturesPerSecond * (usage[`dynamodb.${table}.rru`] ?? 0),
      wruPerSecond: scenario.capturesPerSecond * (usage[`dynamodb.${table}.wru`] ?? 0),
    }))
    .filter((t) => t.rruPerSecond > 0 || t.wruPerSecond > 0);
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
