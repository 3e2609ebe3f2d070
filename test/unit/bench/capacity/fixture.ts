import type { CapacityInputs } from '../../../../bench/capacity/inputs';

/**
 * Small, hand-checkable capacity inputs: a capture is 1 result + 1 world update per watcher, notify 0.5 ms per
 * watcher; the schedule spawns 30 fakémon a minute (0.5/s), measured as runs of 5.
 */
export const INPUTS: CapacityInputs = {
  bench: { commit: 'c'.repeat(40), dirty: false, date: '2026-01-01T00:00:00.000Z', mode: 'full', node: 'v20.0.0', cpus: 2, loadAverage: 1.5 },
  stack: {
    environment: 'prod',
    sourceFile: 'envs/prod/config.ts',
    region: 'eu-west-1',
    lambdaMemoryMb: 1024,
    lambdaTimeoutSeconds: 10,
    lambdaReservedConcurrency: { capture: 200, notify: 200, 'ws-connect': 200, spawn: 200, 'cart-reminder': 200 },
    restThrottle: { rateLimit: 2000, burstLimit: 4000 },
    spawnSchedule: 'rate(1 minute)',
    spawnCount: 30,
  },
  measured: {
    capture: {
      fixed: {
        'lambda.capture.invocations': 1,
        'lambda.capture.billedMs': 40,
        'lambda.capture.logEvents': 4,
        'lambda.capture.logBytes': 600,
        'lambda.notify.invocations': 1,
        'lambda.notify.billedMs': 10,
        'apigw.restRequests': 1,
        'apigw.wsOut': 1,
        'apigw.wsOutUnits': 1,
        'events.putRequests': 2,
        'events.putEntries': 2,
        'events.billedEvents': 2,
        'events.invocations': 4,
        'dynamodb.world.rru': 0.5,
        'dynamodb.world.wru': 2,
        'dynamodb.connections.rru': 0.5,
        'logs.debug.events': 2,
        'logs.debug.bytes': 1000,
      },
      perWatcher: { 'lambda.notify.billedMs': 0.5, 'apigw.wsOut': 1, 'apigw.wsOutUnits': 1, 'dynamodb.connections.rru': 0.01 },
    },
    spawnRun: {
      fixed: {
        'lambda.spawn.invocations': 1,
        'lambda.spawn.billedMs': 100,
        'lambda.notify.invocations': 5,
        'lambda.notify.billedMs': 50,
        'events.putRequests': 1,
        'events.invocations': 10,
        'dynamodb.world.wru': 5,
      },
      perWatcher: { 'apigw.wsOut': 5, 'apigw.wsOutUnits': 5, 'lambda.notify.billedMs': 2.5 },
    },
    spawnRunSize: 5,
    loss: { 'dynamodb.world.rru': 0.5, 'dynamodb.world.wru': 1 },
    race: { attempts: 10, watchers: 10, perAttempt: { 'dynamodb.world.rru': 0.5, 'dynamodb.world.wru': 2 } },
    connect: { 'lambda.ws-connect.invocations': 1, 'lambda.ws-connect.billedMs': 20, 'dynamodb.connections.wru': 1 },
    disconnect: { 'lambda.ws-connect.invocations': 1, 'lambda.ws-connect.billedMs': 10, 'dynamodb.connections.wru': 1 },
    captureWatchers: [10, 10, 100, 100],
    losses: 2,
    bytes: { worldMessage: 140, resultMessage: 120, connectionRecord: 100 },
    architectures: { capture: 'arm64', notify: 'arm64', 'ws-connect': 'arm64' },
  },
};
