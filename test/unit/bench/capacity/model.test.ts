/** The capacity model's arithmetic on small inputs (test/unit/bench/capacity/fixture.ts), checked by hand. */
import {
  cellPartitionLimit,
  costPerMillionCaptures,
  dynamodbLoad,
  hotItemLimit,
  lambdaLoad,
  messagesPerCapture,
  monthlyConnectionCost,
  monthlySpawnCost,
  quotaChecks,
  spawnedPerSecond,
  spawnLoad,
  watchersOf,
  type Audience,
  type CostLine,
  type Scenario,
} from '../../../../bench/capacity/model';
import { INPUTS } from './fixture';

const everyone: Audience = { kind: 'everyone' };
const neighbourhood: Audience = { kind: 'neighbourhood', playersPerCell: 10, cells: 7 };
const scenario: Scenario = { players: 10_000, capturesPerSecond: 100, audience: everyone };
const line = (lines: CostLine[], name: string): CostLine => lines.find((l) => l.priceName === name) as CostLine;

describe('capacity model', () => {
  it('watchers: every player without interest management, the neighbourhood (at most every player) with it', () => {
    expect(watchersOf(10_000, everyone)).toBe(10_000);
    expect(watchersOf(10_000, neighbourhood)).toBe(70);
    expect(watchersOf(50, neighbourhood)).toBe(50);
  });

  it('messages per capture: the result plus one world update per watcher', () => {
    expect(messagesPerCapture(INPUTS, 10_000, everyone)).toBe(10_001);
    expect(messagesPerCapture(INPUTS, 100_000, neighbourhood)).toBe(71);
  });

  it('spawns: the schedule\'s fakémon per second times the measured run\'s usage per fakémon', () => {
    expect(spawnedPerSecond(INPUTS)).toBe(0.5);
    expect(spawnedPerSecond({ ...INPUTS, stack: { ...INPUTS.stack, spawnSchedule: 'cron(0 * * * ? *)' } })).toBeUndefined();
    // 0.5 fakémon/s ÷ 5 per run = 0.1 run/s; at 10,000 watchers a run posts 50,000 world updates
    const load = spawnLoad(INPUTS, 10_000, everyone);
    expect(load['apigw.wsOut']).toBeCloseTo(5_000, 6);
    expect(load['lambda.notify.billedMs']).toBeCloseTo(0.1 * (50 + 2.5 * 10_000), 6);
    expect(load['lambda.spawn.invocations']).toBeCloseTo(0.1, 10);
  });

  it('Lambda concurrency is the arrival rate times the billed duration, captures and spawns together', () => {
    const load = lambdaLoad(INPUTS, scenario);
    // notify: captures 100/s × (10 + 0.5 × 10,000) ms = 501,000 ms/s, spawns 0.1/s × 25,050 ms = 2,505 ms/s
    expect(load.map((f) => f.fn)).toEqual(['capture', 'notify', 'spawn']);
    expect(load[0]).toEqual({ fn: 'capture', invocationsPerSecond: 100, msPerInvocation: 40, concurrency: 4 });
    expect(load[1]?.invocationsPerSecond).toBeCloseTo(100.5, 10);
    expect(load[1]?.concurrency).toBeCloseTo(503.505, 6);
    expect(load[1]?.msPerInvocation).toBeCloseTo(5010, 6);
    expect(load[2]?.concurrency).toBeCloseTo(0.01, 10);
  });

  it('quota checks: demand per limit', () => {
    const checks = Object.fromEntries(quotaChecks(INPUTS, scenario).map((c) => [c.what, c]));
    const demand = (prefix: string): number => Object.values(checks).find((c) => c.what.startsWith(prefix))?.demand as number;
    // 100/s × (1 REST + 10,001 posts) + 5,000 spawn posts/s + 10,000 players / 7,200 s reconnects
    expect(demand('API Gateway requests')).toBeCloseTo(1_005_200 + 10_000 / 7_200, 6);
    expect(demand('REST API stage throttle')).toBe(100);
    expect(demand('EventBridge PutEvents')).toBeCloseTo(200.1, 10);
    expect(demand('EventBridge invocations')).toBeCloseTo(401, 10);
    expect(demand('Lambda concurrent executions')).toBeCloseTo(507.515, 6);
    expect(Object.values(checks).find((c) => c.what.includes('reserved concurrency'))?.demand).toBeCloseTo(503.505, 6);
    expect(Object.values(checks).find((c) => c.what.includes('timeout'))).toMatchObject({ what: expect.stringContaining('(notify)'), limit: 10_000 });
    // connections: 100/s × (0.5 + 0.01 × 10,000) RRU
    expect(Object.values(checks).find((c) => c.what.startsWith('DynamoDB reads'))).toMatchObject({ what: 'DynamoDB reads of the busiest table (connections)', demand: 10_050 });
    expect(demand('WebSocket new connections')).toBeCloseTo(10_000 / 7_200, 10);
  });

  it('DynamoDB units per second per table', () => {
    const load = dynamodbLoad(INPUTS, { ...scenario, audience: neighbourhood });
    expect(load.map((t) => t.table)).toEqual(['connections', 'world']);
    expect(load[0]).toEqual({ table: 'connections', rru: 100 * (0.5 + 0.01 * 70), wru: 0 });
    // world: captures 100 × 2 WRU, spawns 0.1 run/s × 5 WRU
    expect(load[1]?.rru).toBe(50);
    expect(load[1]?.wru).toBeCloseTo(200.5, 10);
  });

  it('a hot item sustains partition reads ÷ its read units, or partition writes ÷ its write units, whichever is less', () => {
    expect(hotItemLimit(INPUTS.measured.race.perAttempt)).toEqual({ rruPerAttempt: 0.5, wruPerAttempt: 2, maxAttemptsPerSecond: 500, limitedBy: 'writes' });
    expect(hotItemLimit(INPUTS.measured.loss)).toMatchObject({ maxAttemptsPerSecond: 1000, limitedBy: 'writes' });
    expect(hotItemLimit({ 'dynamodb.world.rru': 1 })).toMatchObject({ maxAttemptsPerSecond: 3000, limitedBy: 'reads' });
  });

  it("a cell's index partition: 200 entries of 100 B are 5 × 4 KB, 2.5 RRU eventually consistent", () => {
    expect(cellPartitionLimit(INPUTS, 200)).toEqual({ playersPerCell: 200, rruPerCellQuery: 2.5, maxCapturesPerSecond: 1200, maxWatchUpdatesPerSecond: 1000 });
  });

  it('cost per million captures: billable units, unpriced lines carry no USD', () => {
    const lines = costPerMillionCaptures(INPUTS, 10_000, everyone);
    expect(line(lines, 'lambdaRequests').units).toBe(2);
    // (40 + 5,010) ms × 1 GB × 10⁶
    expect(line(lines, 'lambdaArmDuration').units).toBeCloseTo(5.05e6, 3);
    expect(line(lines, 'webSocketMessages').units).toBeCloseTo(10_001, 6);
    expect(line(lines, 'eventBridgeEvents').units).toBe(2);
    expect(line(lines, 'dynamodbWrites').units).toBe(2);
    expect(line(lines, 'dynamodbReads').units).toBeCloseTo(0.5 + 0.5 + 100, 10);
    // debug log (1,000 + 2 × 26) + function logs (600 + 4 × 26) bytes, × 10⁶, in GB
    expect(line(lines, 'logsIngestion').units).toBeCloseTo((1756 * 1e6) / 1024 ** 3, 10);
    for (const l of lines) if (l.price.usdPerUnit === undefined) expect(l.usd).toBeUndefined();
  });

  it('connected players per month: connection minutes and a reconnect every two hours', () => {
    const lines = monthlyConnectionCost(INPUTS, 10_000);
    // 10,000 / 7,200 s × 730 h × 3,600 s = 3,650,000 reconnects
    expect(line(lines, 'lambdaRequests').units).toBeCloseTo(7.3, 10);
    expect(line(lines, 'lambdaArmDuration').units).toBeCloseTo(3_650_000 * 0.03, 6);
    expect(line(lines, 'dynamodbWrites').units).toBeCloseTo(7.3, 10);
    expect(line(lines, 'webSocketConnectionMinutes').units).toBe(438);
  });

  it('the spawn schedule per month', () => {
    // 0.1 run/s × 730 h × 3,600 s = 262,800 runs; 1 spawn + 5 notify invocations each
    const lines = monthlySpawnCost(INPUTS, 10_000, everyone);
    expect(line(lines, 'lambdaRequests').units).toBeCloseTo((262_800 * 6) / 1e6, 10);
    expect(line(lines, 'webSocketMessages').units).toBeCloseTo((262_800 * 50_000) / 1e6, 6);
  });
});
