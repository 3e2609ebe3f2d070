/**
 * Renders docs/capacity.md from the capacity inputs (measured usage + stack settings), the quotas and
 * prices, and the scenarios. Pure: the same inputs give the same document, byte for byte.
 */
import type { CapacityInputs } from './inputs';
import {
  audienceLabel,
  captureUsage,
  cellPartitionLimit,
  costPerMillionCaptures,
  dynamodbLoad,
  hotItemLimit,
  lambdaLoad,
  monthlySpawnCost,
  spawnedPerSecond,
  spawnLoad,
  tableUnits,
  messagesPerCapture,
  monthlyConnectionCost,
  quotaChecks,
  reconnectsPerSecond,
  utilisation,
  watchersOf,
  type Audience,
  type CostLine,
  type Scenario,
} from './model';
import { PRICES } from './prices';
import { QUOTAS, READ_ON } from './quotas';
import { AUDIENCES, CAPTURE_RATES, CELL_PARTITION_DENSITIES, PLAYER_COUNTS } from './scenarios';
import { segments, total, type Usage } from './usage';

export interface RenderOptions {
  readonly playerCounts?: readonly number[];
  readonly captureRates?: readonly number[];
  readonly audiences?: readonly Audience[];
  readonly cellDensities?: readonly number[];
}

const group = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** A number for a table: grouped integers from 100 up, fewer decimals as it grows, 3 significant digits below 1. */
export function num(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '—';
  if (x === 0) return '0';
  if (Number.isInteger(x)) return (x < 0 ? '-' : '') + group(Math.abs(x).toString());
  const sign = x < 0 ? '-' : '';
  const a = Math.abs(x);
  if (a >= 100) return sign + group(Math.round(a).toString());
  if (a >= 10) return sign + a.toFixed(1);
  if (a >= 1) return sign + a.toFixed(2);
  return sign + Number(a.toPrecision(3)).toString();
}

/** Demand against a limit: "37%" within it, "**4.2×**" beyond it. */
export function share(ratio: number): string {
  return ratio <= 1 ? `${num(ratio * 100)}%` : `**${num(ratio)}×**`;
}

const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
const table = (header: readonly string[], rows: ReadonlyArray<readonly string[]>, align?: readonly ('l' | 'r')[]): string[] => [
  row(header),
  row(header.map((_, i) => ((align?.[i] ?? (i === 0 ? 'l' : 'r')) === 'r' ? '---:' : '---'))),
  ...rows.map(row),
];
const link = (url: string): string => `<${url}>`;
/** `capture 150, deliver-result 100 …` (each function's reservation), or that none reserves. */
const reservations = (reserved: Readonly<Record<string, number>> | undefined): string => {
  const entries = Object.entries(reserved ?? {});
  return entries.length === 0 ? 'none' : `${entries.map(([fn, n]) => `${fn} ${num(n)}`).join(', ')} (other functions unreserved)`;
};
const players = (n: number): string => `${num(n)} players`;

/** The rows of the measured-usage table: a label and the key pattern it sums. */
function usageRows(keys: Usage): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  for (const fn of segments(keys, 'lambda')) {
    rows.push([`Lambda \`${fn}\`: invocations`, `lambda.${fn}.invocations`], [`Lambda \`${fn}\`: billed ms`, `lambda.${fn}.billedMs`], [`Lambda \`${fn}\`: log events`, `lambda.${fn}.logEvents`], [`Lambda \`${fn}\`: log bytes`, `lambda.${fn}.logBytes`]);
  }
  for (const t of segments(keys, 'dynamodb').filter((t) => t !== 'op' && t !== 'unmetered')) {
    rows.push([`DynamoDB \`${t}\`: read request units`, `dynamodb.${t}.rru`], [`DynamoDB \`${t}\`: write request units`, `dynamodb.${t}.wru`]);
  }
  for (const op of segments(keys, 'dynamodb.op', 2)) rows.push([`DynamoDB requests: ${op}`, `dynamodb.op.${op}`]);
  rows.push(
    ['PutEvents requests', 'events.putRequests'],
    ['PutEvents entries', 'events.putEntries'],
    ['EventBridge billed events (64 KB chunks)', 'events.billedEvents'],
    ['EventBridge invocations (rule targets)', 'events.invocations'],
  );
  for (const g of segments(keys, 'logs')) rows.push([`Log group \`${g}\`: events`, `logs.${g}.events`], [`Log group \`${g}\`: bytes`, `logs.${g}.bytes`]);
  rows.push(
    ['REST API requests', 'apigw.restRequests'],
    ['WebSocket connections opened', 'apigw.connects'],
    ['WebSocket messages received (watch)', 'apigw.wsIn'],
    ['WebSocket messages sent (PostToConnection)', 'apigw.wsOut'],
    ['WebSocket billed messages (32 KB units)', 'apigw.wsOutUnits'],
    ['WebSocket bytes sent', 'apigw.wsOutBytes'],
    ['SQS messages sent', 'sqs.sent'],
  );
  return rows;
}

function measuredSection(inputs: CapacityInputs): string[] {
  const m = inputs.measured;
  const columns: Array<[string, Usage]> = [
    ['capture: fixed', m.capture.fixed],
    ['capture: per watcher', m.capture.perWatcher],
    [`spawn run of ${m.spawnRunSize}: fixed`, m.spawnRun.fixed],
    [`spawn run of ${m.spawnRunSize}: per watcher`, m.spawnRun.perWatcher],
    ['attempt on a captured fakémon', m.loss],
    [`attempt in a race of ${m.race.attempts}`, m.race.perAttempt],
    ['connect', m.connect],
    ['disconnect', m.disconnect],
  ];
  const keys: Usage = Object.fromEntries(columns.flatMap(([, u]) => Object.keys(u)).map((k) => [k, 1]));
  const watchers = [...new Set(m.captureWatchers)].sort((a, b) => a - b);
  return [
    '## Measured by the benchmark',
    '',
    `The \`capacity\` stage of \`npm run bench\` runs the dev stack on the local runtime with a meter on it (\`bench/lib/aws-meter.ts\`) and measures ${m.captureWatchers.length} successful captures and spawn runs, one at a time, at ${watchers.join(', ')} connected players, ${m.losses} attempts on an already captured fakémon, a race of ${m.race.attempts} players on one fakémon (${m.race.watchers} connections), and every connect and disconnect. A capture's (and a spawn run's) usage is fitted as *fixed + per watcher × watchers*, where watchers are the connections that received its world update (in the benchmark every connection watches the capture's cell, so the fit spans 0 to the largest step; a connect includes its first \`watch\`). A per-watcher part is kept only where the samples show one (a positive slope at least twice its standard error that adds at least 5% over the measured range); timings that merely scatter are taken as their mean.`,
    '',
    '- DynamoDB units are computed from the sizes of the items each request read or wrote, by AWS\'s rules (`bench/capacity/dynamodb-units.ts`): a cancelled transaction is charged as if it had committed (an upper bound).',
    `- Lambda milliseconds are the local runtime's billed durations (${inputs.bench.cpus} shared cores, emulated DynamoDB on loopback). On AWS every SDK call and every PostToConnection is a network round trip: treat the durations, and the concurrency derived from them, as a lower bound. The race's durations also include waiting for one of the local runtime's workers; only its DynamoDB units feed the model.`,
    `- Mean sizes: a world update ${num(m.bytes.worldMessage)} B, a capture result ${num(m.bytes.resultMessage)} B, a connection record ${num(m.bytes.connectionRecord)} B.`,
    '',
    ...table(['per …', ...columns.map(([label]) => label)], usageRows(keys).map(([label, key]) => [label, ...columns.map(([, u]) => num(total(u, key)))])),
    '',
  ];
}

function inputsSection(inputs: CapacityInputs, options: Required<RenderOptions>): string[] {
  const s = inputs.stack;
  const b = inputs.bench;
  return [
    '## Inputs',
    '',
    `- Measured: \`npm run bench\` (${b.mode} run) at commit \`${b.commit.slice(0, 12)}\`${b.dirty ? ' (uncommitted changes)' : ''}, ${b.date}, node ${b.node}, ${b.cpus} CPUs, load average ${num(b.loadAverage)} at the start (the machine is shared: durations vary from run to run).`,
    `- Stack: the \`${s.environment}\` environment (\`${s.sourceFile}\`): ${s.region}, functions of ${num(s.lambdaMemoryMb)} MB (${[...new Set(Object.values(inputs.measured.architectures))].join(', ')}), timeout ${s.lambdaTimeoutSeconds} s, reserved concurrency ${reservations(s.lambdaReservedConcurrency)}, REST stage throttle ${num(s.restThrottle.rateLimit)} requests/s (burst ${num(s.restThrottle.burstLimit)}).`,
    `- Scenarios (\`bench/capacity/scenarios.ts\`): ${options.playerCounts.map(players).join(' and ')} connected; ${options.captureRates.map((r) => `${num(r)}`).join(' and ')} successful captures per second; world updates ${options.audiences.map(audienceLabel).join('; ')}.`,
    '- Every capture is taken as successful, the worst case: only a success is broadcast. An attempt on a captured fakémon costs what its column above says.',
    spawnedPerSecond(inputs) === undefined
      ? `- Spawns: the schedule \`${s.spawnSchedule}\` has no single period; spawning is left out of the per-second figures.`
      : `- Spawns: the schedule \`${s.spawnSchedule}\` × ${s.spawnCount} fakémon = ${num(spawnedPerSecond(inputs) as number)} fakémon/s, each a world update to the same audience as a capture's, with the measured usage of a spawn run of ${inputs.measured.spawnRunSize} per fakémon (the spawn function's own invocation counted for every ${inputs.measured.spawnRunSize === 1 ? 'fakémon' : `${inputs.measured.spawnRunSize} fakémon`}, where prod spawns ${s.spawnCount} per run: an upper bound). Spawning is in every per-second figure (quotas, Lambda, DynamoDB); its cost is given per month.`,
    '',
  ];
}

function messagesSection(inputs: CapacityInputs, options: Required<RenderOptions>): string[] {
  const rows: string[][] = [];
  for (const audience of options.audiences) {
    for (const p of options.playerCounts) {
      const perCapture = messagesPerCapture(inputs, p, audience);
      rows.push([audienceLabel(audience), num(p), num(watchersOf(p, audience)), num(perCapture), ...options.captureRates.map((r) => num(perCapture * r)), num(total(spawnLoad(inputs, p, audience), 'apigw.wsOut'))]);
    }
  }
  return [
    '## WebSocket messages per capture',
    '',
    'One capture result to its player plus one world update to each watcher, from the measured fit (`apigw.wsOut`).',
    '',
    ...table(
      ['world updates go to', 'players', 'watchers', 'messages per capture', ...options.captureRates.map((r) => `messages/s at ${num(r)} captures/s`), 'spawn updates/s'],
      rows,
      ['l', 'r', 'r', 'r', ...options.captureRates.map(() => 'r' as const), 'r'],
    ),
    '',
  ];
}

function scenariosOf(options: Required<RenderOptions>, audience: Audience): Scenario[] {
  return options.playerCounts.flatMap((p) => options.captureRates.map((r) => ({ players: p, capturesPerSecond: r, audience })));
}

const scenarioLabel = (s: Scenario): string => `${num(s.players)} players, ${num(s.capturesPerSecond)}/s`;

function verdictSection(inputs: CapacityInputs, options: Required<RenderOptions>): string[] {
  const rows = options.audiences.flatMap((audience) =>
    scenariosOf(options, audience).map((scenario) => {
      const over = quotaChecks(inputs, scenario).filter((c) => utilisation(c) > 1);
      return [audienceLabel(audience), scenarioLabel(scenario), over.length === 0 ? 'fits' : over.map((c) => `${c.what} ${share(utilisation(c))}`).join('; ')];
    }),
  );
  return ['## Summary', '', 'What each scenario exceeds (default quotas and the prod settings; details below).', '', ...table(['world updates go to', 'scenario', 'exceeds'], rows, ['l', 'l', 'l']), ''];
}

function quotaSection(inputs: CapacityInputs, options: Required<RenderOptions>): string[] {
  const lines = ['## Quotas per scenario', '', 'Demand against each limit; **bold** when it exceeds it. Quotas are the defaults for eu-west-1 (sources at the end); settings are the prod environment\'s.', ''];
  for (const audience of options.audiences) {
    const scenarios = scenariosOf(options, audience);
    const checks = scenarios.map((s) => quotaChecks(inputs, s));
    const first = checks[0] ?? [];
    lines.push(`### World updates ${audienceLabel(audience)}`, '');
    lines.push(
      ...table(
        ['limit', 'value', ...scenarios.map(scenarioLabel)],
        first.map((c, i) => [c.what, `${num(c.limit)} ${c.unit}${c.setting ? ' (setting)' : ''}`, ...checks.map((cs) => `${num(cs[i]?.demand ?? 0)} (${share(utilisation(cs[i] as (typeof cs)[number]))})`)]),
      ),
      '',
    );
  }
  return lines;
}

function lambdaSection(inputs: CapacityInputs, options: Required<RenderOptions>): string[] {
  const rows: string[][] = [];
  for (const audience of options.audiences) {
    for (const scenario of scenariosOf(options, audience)) {
      for (const f of lambdaLoad(inputs, scenario)) {
        rows.push([audienceLabel(audience), scenarioLabel(scenario), `\`${f.fn}\``, num(f.invocationsPerSecond), num(f.msPerInvocation), num(f.concurrency)]);
      }
    }
  }
  return [
    '## Lambda concurrency',
    '',
    `Concurrency = invocations per second × billed seconds per invocation (measured locally, see above). Account quota ${num(QUOTAS.lambdaConcurrency.value)}; each function scales by at most ${num(QUOTAS.lambdaScaling.value)} execution environments every 10 s.`,
    '',
    ...table(['world updates go to', 'scenario', 'function', 'invocations/s', 'ms per invocation', 'concurrency'], rows, ['l', 'l', 'l', 'r', 'r', 'r']),
    '',
  ];
}

function dynamodbSection(inputs: CapacityInputs, options: Required<RenderOptions>): string[] {
  const rows: string[][] = [];
  for (const audience of options.audiences) {
    for (const p of options.playerCounts) {
      const perCapture = tableUnits(captureUsage(inputs, { players: p, capturesPerSecond: 1, audience }));
      const perSecond = options.captureRates.map((r) => dynamodbLoad(inputs, { players: p, capturesPerSecond: r, audience }));
      const names = [...new Set([...perCapture, ...perSecond.flat()].map((t) => t.table))].sort();
      for (const name of names) {
        const capture = perCapture.find((t) => t.table === name);
        rows.push([
          audienceLabel(audience),
          num(p),
          `\`${name}\``,
          num(capture?.rru ?? 0),
          num(capture?.wru ?? 0),
          ...perSecond.flatMap((load) => {
            const t = load.find((l) => l.table === name);
            return [num(t?.rru ?? 0), num(t?.wru ?? 0)];
          }),
        ]);
      }
    }
  }
  const race = hotItemLimit(inputs.measured.race.perAttempt);
  const loss = hotItemLimit(inputs.measured.loss);
  const everyone: Audience = { kind: 'everyone' };
  const scans = total(inputs.measured.capture.fixed, 'dynamodb.op.Scan');
  const scanRows = options.playerCounts.flatMap((p) =>
    tableUnits(captureUsage(inputs, { players: p, capturesPerSecond: 1, audience: everyone }))
      .filter((t) => (t.table.startsWith('connections') || t.table.startsWith('watchers')) && t.rru > 0)
      .map((t) => [num(p), `\`${t.table}\``, num(t.rru), ...options.captureRates.map((r) => num(t.rru * r))]),
  );
  const cells = options.cellDensities.map((d) => cellPartitionLimit(inputs, d));
  return [
    '## DynamoDB',
    '',
    `On-demand tables. Per table ${num(QUOTAS.dynamodbTableReads.value)} read and ${num(QUOTAS.dynamodbTableWrites.value)} write request units per second by default (a new table sustains ${num(QUOTAS.dynamodbNewTableWarmReads.value)} / ${num(QUOTAS.dynamodbNewTableWarmWrites.value)} at once and scales from there); per partition, and so per item, ${num(QUOTAS.dynamodbPartitionReads.value)} read and ${num(QUOTAS.dynamodbPartitionWrites.value)} write units per second.`,
    '',
    '### Units per table',
    '',
    ...table(
      ['world updates go to', 'players', 'table / index', 'RRU per capture', 'WRU per capture', ...options.captureRates.flatMap((r) => [`RRU/s at ${num(r)} captures/s + spawns`, `WRU/s at ${num(r)} captures/s + spawns`])],
      rows,
      ['l', 'r', 'l', 'r', 'r', ...options.captureRates.flatMap(() => ['r' as const, 'r' as const])],
    ),
    '',
    '### A hot fakémon',
    '',
    'Every attempt on a fakémon works on its one `world` item, which lives in one partition: the units each attempt spends on that item, as measured, bound the attempts per second one fakémon can take.',
    '',
    ...table(
      ['attempts', 'RRU on the item', 'WRU on the item', 'attempts/s the item sustains', 'limited by'],
      [
        [`racing (${inputs.measured.race.attempts} at once, one wins)`, num(race.rruPerAttempt), num(race.wruPerAttempt), num(race.maxAttemptsPerSecond), race.limitedBy],
        ['on an already captured fakémon, one at a time', num(loss.rruPerAttempt), num(loss.wruPerAttempt), num(loss.maxAttemptsPerSecond), loss.limitedBy],
      ],
      ['l', 'r', 'r', 'r', 'l'],
    ),
    '',
    '### The connections index',
    '',
    scans > 0
      ? `Each world update reads every connection record (the measured capture makes ${num(scans)} \`Scan\` request(s) of \`connections\`), so the read units of a capture grow with the player base. Reads of the connections table and its indexes per capture:`
      : 'A world update is one Query of its cell in the `watchers` table (one entry per watched cell per connection) and a result one Query of the `connections` by-player index; no Scan. Their reads per capture, were every player watching the neighbourhood:',
    '',
    ...table(['players', 'table / index', 'RRU per capture', ...options.captureRates.map((r) => `RRU/s at ${num(r)} captures/s`)], scanRows, ['r', 'l', 'r', ...options.captureRates.map(() => 'r' as const)]),
    '',
    `The \`watchers\` table keeps each cell's watchers in one partition: each world change in the cell's neighbourhood reads it, each player who starts or stops watching it writes one entry. Taking an entry the size of a connection record (${num(inputs.measured.bytes.connectionRecord)} B, measured; a watcher entry is smaller), one cell's partition sustains:`,
    '',
    ...table(
      ['players in the cell', 'RRU to read the cell', 'captures/s in its neighbourhood', 'watch updates/s'],
      cells.map((c) => [num(c.playersPerCell), num(c.rruPerCellQuery), num(c.maxCapturesPerSecond), num(c.maxWatchUpdatesPerSecond)]),
    ),
    '',
  ];
}

function webSocketSection(inputs: CapacityInputs, options: Required<RenderOptions>): string[] {
  const rows = options.playerCounts.map((p) => [num(p), num(reconnectsPerSecond(p)), share(reconnectsPerSecond(p) / QUOTAS.webSocketNewConnections.value), num(p / QUOTAS.webSocketNewConnections.value)]);
  return [
    '## API Gateway WebSocket connections',
    '',
    `API Gateway has no quota on concurrent connections; it closes every connection after ${num(QUOTAS.webSocketConnectionDuration.value / 3600)} hours and accepts ${num(QUOTAS.webSocketNewConnections.value)} new connections per second per account. Each player therefore reconnects at least every two hours; after an outage everyone reconnects at once.`,
    '',
    ...table(['players', 'reconnects/s (steady)', 'of the new-connection quota', 's to reconnect everyone'], rows),
    '',
    `Messages: the largest measured message is far below the ${num(QUOTAS.webSocketMessagePayload.value / 1024)} KB payload quota (world update ${num(inputs.measured.bytes.worldMessage)} B, result ${num(inputs.measured.bytes.resultMessage)} B), so each counts as one billed 32 KB message. PostToConnection calls count against the account's API Gateway request quota (see the quota tables).`,
    '',
  ];
}

const usd = (line: CostLine): string => (line.usd === undefined ? 'price not found' : `$${num(line.usd)}`);

function costSection(inputs: CapacityInputs, options: Required<RenderOptions>): string[] {
  const columns = options.audiences.flatMap((audience) => options.playerCounts.map((p) => ({ audience, p, lines: costPerMillionCaptures(inputs, p, audience) })));
  const first = columns[0]?.lines ?? [];
  const priced = first.filter((l) => l.price.usdPerUnit !== undefined).length;
  const connectionColumns = options.playerCounts.map((p) => ({ p, lines: monthlyConnectionCost(inputs, p) }));
  const connectionRows = (connectionColumns[0]?.lines ?? [])
    .map((line, i) => [line.price.name, line.price.unit, ...connectionColumns.flatMap((c) => [num(c.lines[i]?.units ?? 0), usd(c.lines[i] as CostLine)])])
    .filter((cells, i) => connectionColumns.some((c) => (c.lines[i]?.quantity ?? 0) > 0) && cells.length > 0);
  return [
    '## Cost per million captures, and per month of connected players',
    '',
    `Billable units per million successful captures (the measured usage × 10⁶), priced where the eu-west-1 price was found in the stored copies of AWS's pricing pages: ${priced} of ${first.length} lines are. A line without a price says so; multiply its units by the price from the pricing page (each line's source is listed below).`,
    '',
    ...table(
      ['billing line', 'unit', ...columns.flatMap((c) => [`units: ${players(c.p)}, ${c.audience.kind === 'everyone' ? 'everyone' : `${c.audience.playersPerCell}/cell`}`, 'USD'])],
      first.map((line, i) => [line.price.name, line.price.unit, ...columns.flatMap((c) => [num(c.lines[i]?.units ?? 0), usd(c.lines[i] as CostLine)])]),
      ['l', 'l', ...columns.flatMap(() => ['r' as const, 'r' as const])],
    ),
    '',
    'Keeping players connected costs per month, whatever they capture (connection minutes of a 730-hour month, and a reconnect every two hours with the measured connect and disconnect usage, which includes the local workers\' cold starts):',
    '',
    ...table(['billing line', 'unit', ...connectionColumns.flatMap((c) => [`units: ${players(c.p)}`, 'USD'])], connectionRows, ['l', 'l', ...connectionColumns.flatMap(() => ['r' as const, 'r' as const])]),
    '',
    ...(spawnedPerSecond(inputs) === undefined ? [] : spawnCostLines(inputs, options)),
  ];
}

function spawnCostLines(inputs: CapacityInputs, options: Required<RenderOptions>): string[] {
  const columns = options.audiences.flatMap((audience) => options.playerCounts.map((p) => ({ audience, p, lines: monthlySpawnCost(inputs, p, audience) })));
  const first = columns[0]?.lines ?? [];
  const rows = first
    .map((line, i) => ({ line, i }))
    .filter(({ i }) => columns.some((c) => (c.lines[i]?.quantity ?? 0) > 0))
    .map(({ line, i }) => [line.price.name, line.price.unit, ...columns.flatMap((c) => [num(c.lines[i]?.units ?? 0), usd(c.lines[i] as CostLine)])]);
  return [
    `Spawning at the prod schedule (${num(spawnedPerSecond(inputs) as number)} fakémon/s) costs per month:`,
    '',
    ...table(
      ['billing line', 'unit', ...columns.flatMap((c) => [`units: ${players(c.p)}, ${c.audience.kind === 'everyone' ? 'everyone' : `${c.audience.playersPerCell}/cell`}`, 'USD'])],
      rows,
      ['l', 'l', ...columns.flatMap(() => ['r' as const, 'r' as const])],
    ),
    '',
  ];
}

function notModelledSection(): string[] {
  return [
    '## Not in the model',
    '',
    '- Costs the local runtime does not produce, so the benchmark cannot measure them: API Gateway access logs (both stages write them), X-Ray traces (prod turns tracing on), CloudWatch metrics and alarms, the bus archive (every event is archived), log storage after ingestion, data transfer out.',
    '- Lambda cold starts on AWS, and durations on AWS\'s network: see the note on measured milliseconds.',
    '- Attempts that fail (dodged, already captured): a scenario\'s captures are all successes, which are the ones broadcast.',
    '',
  ];
}

function sourcesSection(): string[] {
  const quotaRows = Object.values(QUOTAS).map((q) => [q.name, `${num(q.value)} ${q.unit}`, q.scope, q.region, q.adjustable ? 'yes' : 'no', link(q.source.url), q.source.read, q.source.note ?? '']);
  const priceRows = Object.values(PRICES).map((p) => [p.name, p.unit, p.usdPerUnit === undefined ? 'not found' : `$${p.usdPerUnit}`, p.region, link(p.source.url), p.source.read, p.source.note ?? '']);
  return [
    '## Sources',
    '',
    `Every quota and price, with the page it was read from (stored copies, read on ${READ_ON}).`,
    '',
    '### Quotas',
    '',
    ...table(['quota', 'default', 'scope', 'Region', 'adjustable', 'source', 'read', 'note'], quotaRows, ['l', 'r', 'l', 'l', 'l', 'l', 'l', 'l']),
    '',
    '### Prices',
    '',
    ...table(['billing line', 'unit', 'price', 'Region', 'source', 'read', 'note'], priceRows, ['l', 'l', 'r', 'l', 'l', 'l', 'l']),
    '',
    '### How usage is counted',
    '',
    '- DynamoDB item sizes: <https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html>; read and write units, Query/Scan rounding: <https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html>; failed conditional writes: <https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithItems.html#WorkingWithItems.ConditionalWrites.ReturnConsumedCapacity>; index writes: <https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.ThroughputConsiderations.Writes>; transactions: <https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-capacity-handling>.',
    '- PutEvents entry size: <https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html>; 64 KB billing chunks: <https://aws.amazon.com/eventbridge/pricing/>.',
    '- WebSocket messages metered in 32 KB increments: <https://aws.amazon.com/api-gateway/pricing/>.',
    '- Log event size (message + 26 bytes): <https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html>.',
    '',
  ];
}

export function renderCapacityDoc(inputs: CapacityInputs, options: RenderOptions = {}): string {
  const o: Required<RenderOptions> = {
    playerCounts: options.playerCounts ?? PLAYER_COUNTS,
    captureRates: options.captureRates ?? CAPTURE_RATES,
    audiences: options.audiences ?? AUDIENCES,
    cellDensities: options.cellDensities ?? CELL_PARTITION_DENSITIES,
  };
  const lines = [
    `# Capacity model for AWS (${inputs.stack.region})`,
    '',
    '<!-- Generated by `npm run capacity` from docs/capacity-inputs.json; edit bench/capacity/ and regenerate. -->',
    '',
    `What ${o.playerCounts.map(players).join(' and ')} capturing ${o.captureRates.map(num).join(' or ')} fakémon per second need from AWS, with world updates sent to a neighbourhood only (interest management, as built) and, for comparison, to every player. Per-capture figures are measured by \`npm run bench\` (its \`capacity\` stage); quotas and prices are AWS's, cited at the end; the model is \`bench/capacity/\`.`,
    '',
    ...verdictSection(inputs, o),
    ...inputsSection(inputs, o),
    ...measuredSection(inputs),
    ...messagesSection(inputs, o),
    ...quotaSection(inputs, o),
    ...lambdaSection(inputs, o),
    ...dynamodbSection(inputs, o),
    ...webSocketSection(inputs, o),
    ...costSection(inputs, o),
    ...notModelledSection(),
    ...sourcesSection(),
  ];
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}
