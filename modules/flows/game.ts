import { apiBodies } from '../../handlers/src/events/api-bodies';
import { TABLES } from '../../handlers/src/shared/tables';
import { defineFlow } from '../flow/flow-definition';

/** Seconds a capture attempt's idempotency record is kept (longer than any retry or replay window we run). */
const ATTEMPT_TTL_SECONDS = 7 * 86400;

/** Seconds a connection record lives: API Gateway's maximum WebSocket connection duration (two hours). */
const CONNECTION_TTL_SECONDS = 7200;

/** Name of the connections-by-player index (`CONNECTIONS_BY_PLAYER_INDEX`). */
export const CONNECTIONS_BY_PLAYER_INDEX = 'byPlayer';

/**
 * The Fakémon capture game: `POST /captures` puts the attempt on the bus; the capture function settles it in one
 * DynamoDB transaction and emits the result; notify pushes results and world updates over the players' WebSocket
 * API (which this flow owns: ws-connect tracks connections, ws-authorizer guards `$connect`); a rate schedule
 * invokes spawn. Each function may touch only its own tables, actions and bus.
 */
export const gameFlow = defineFlow({
  name: 'game',
  description: 'Capture attempts settled by the capture function, results and spawns pushed to players over the WebSocket API',
  contracts: ['captureAttempt', 'captureSucceeded', 'captureFailed', 'spawned'],
  tables: {
    world: TABLES.world,
    collections: TABLES.collections,
    attempts: TABLES.attempts,
    connections: TABLES.connections,
  },
  functions: {
    capture: {
      reservesConcurrency: true,
      environment: ({ config, tables, bus }) => ({
        WORLD_TABLE: tables.world.name,
        COLLECTIONS_TABLE: tables.collections.name,
        ATTEMPTS_TABLE: tables.attempts.name,
        EVENT_BUS_NAME: bus.name,
        DODGE_PROBABILITY: String(config.game.dodgeProbability),
        ATTEMPT_TTL_SECONDS: String(ATTEMPT_TTL_SECONDS),
      }),
      statements: ({ tables, bus }) => [
        { sid: 'CaptureInWorld', actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], resources: [tables.world.arn] },
        { sid: 'AddToCollection', actions: ['dynamodb:PutItem'], resources: [tables.collections.arn] },
        { sid: 'RecordAttempt', actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], resources: [tables.attempts.arn] },
        { sid: 'PutEventsOnBus', actions: ['events:PutEvents'], resources: [bus.arn] },
      ],
    },
    'ws-connect': {
      reservesConcurrency: true,
      environment: ({ tables }) => ({ CONNECTIONS_TABLE: tables.connections.name, CONNECTION_TTL_SECONDS: String(CONNECTION_TTL_SECONDS) }),
      statements: ({ tables }) => [{ sid: 'TrackConnections', actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'], resources: [tables.connections.arn] }],
    },
    'ws-authorizer': {
      reservesConcurrency: true,
      environment: ({ players }) => ({ TOKEN_ISSUER: players.issuer, USER_POOL_CLIENT_ID: players.clientId }),
    },
    notify: {
      reservesConcurrency: true,
      environment: ({ tables, webSocket }) => ({
        CONNECTIONS_TABLE: tables.connections.name,
        CONNECTIONS_BY_PLAYER_INDEX,
        WEBSOCKET_MANAGEMENT_ENDPOINT: webSocket.managementEndpoint,
      }),
      statements: ({ tables, webSocket }) => [
        { sid: 'FindConnections', actions: ['dynamodb:Query', 'dynamodb:Scan'], resources: [tables.connections.arn, tables.connections.indexArn(CONNECTIONS_BY_PLAYER_INDEX)] },
        { sid: 'ForgetGoneConnections', actions: ['dynamodb:DeleteItem'], resources: [tables.connections.arn] },
        { sid: 'PushToPlayers', actions: ['execute-api:ManageConnections'], resources: [webSocket.postToConnectionArn] },
      ],
    },
    spawn: {
      reservesConcurrency: true,
      environment: ({ config, tables, bus }) => ({ WORLD_TABLE: tables.world.name, EVENT_BUS_NAME: bus.name, SPAWN_TTL_SECONDS: String(config.game.spawnTtlSeconds) }),
      statements: ({ tables, bus }) => [
        { sid: 'SpawnInWorld', actions: ['dynamodb:PutItem'], resources: [tables.world.arn] },
        { sid: 'PutEventsOnBus', actions: ['events:PutEvents'], resources: [bus.arn] },
      ],
    },
  },
  webSocket: { connect: { handler: 'ws-connect', authorizer: 'ws-authorizer' } },
  rules: {
    capture_attempt: {
      description: 'Capture attempts from the API go to the capture function (idempotent per attempt id)',
      events: ['captureAttempt'],
      replayed: true,
      targets: [{ function: 'capture' }],
    },
    capture_results: {
      description: 'Capture results are pushed to the player (not replayed: pushes are not idempotent)',
      events: ['captureSucceeded', 'captureFailed'],
      replayed: false,
      targets: [{ function: 'notify', name: 'notify-results' }],
    },
    world_spawned: {
      description: 'Spawned fakémon are broadcast to every player (not replayed)',
      events: ['spawned'],
      replayed: false,
      targets: [{ function: 'notify', name: 'notify-spawned' }],
    },
  },
  scheduleGroups: { spawn: { name: 'spawn' } },
  schedules: {
    spawn: {
      description: 'Serverless cron: wild fakémon appear',
      group: 'spawn',
      expression: ({ config }) => config.game.spawnSchedule,
      function: 'spawn',
      input: ({ config }) => JSON.stringify({ count: config.game.spawnCount }),
    },
  },
  routes: [
    {
      path: 'captures',
      event: 'captureAttempt',
      body: apiBodies.capture,
      callerField: 'player',
      attemptIdField: 'attemptId',
      acceptedBody: '{"attemptId":"$attemptId"}',
    },
  ],
  outputs: ({ tables, functions, webSocket }) => ({
    collections_table: tables.collections.name,
    connections_table: tables.connections.name,
    spawn_function_name: functions.spawn.functionName,
    websocket_url: webSocket.url,
  }),
});
