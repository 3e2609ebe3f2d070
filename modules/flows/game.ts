import { apiBodies } from '../../handlers/src/events/api-bodies';
import { formatPlayArea } from '../../handlers/src/shared/play-area';
import { TABLES } from '../../handlers/src/shared/tables';
import { defineFlow } from '../flow/flow-definition';

/** Seconds a capture attempt's idempotency record is kept (longer than any retry or replay window we run). */
const ATTEMPT_TTL_SECONDS = 7 * 86400;

/** Seconds a connection record lives: API Gateway's maximum WebSocket connection duration (two hours). */
const CONNECTION_TTL_SECONDS = 7200;

/** Name of the connections-by-player index (`CONNECTIONS_BY_PLAYER_INDEX`). */
export const CONNECTIONS_BY_PLAYER_INDEX = 'byPlayer';

/** The route key of `{"action":"watch","lat":…,"lng":…}`. */
const WATCH_ROUTE_KEY = 'watch';

/**
 * The Fakémon capture game: `POST /captures` puts the attempt on the bus; the capture function settles it in one
 * DynamoDB transaction and emits the result; a rate schedule invokes spawn. What players are told travels two paths
 * that never wait for each other (issue 14):
 * - **results**: `capture_results` → `deliver-result` pushes a capture result to the attempting player's own
 *   connections (one Query on the connections' by-player index);
 * - **world updates**: `world_updates` → `world-updates` pushes each change of the world (spawned, captured, fled)
 *   to the connections watching its cell or a neighbour: one Query on its cell of the watchers table, one post per
 *   watcher;
 * - **interest**: the WebSocket route `watch` → `ws-watch` records which cells a connection watches (one watcher
 *   entry per cell) and answers on the socket.
 * The flow owns the players' WebSocket API (ws-connect tracks connections, ws-authorizer guards `$connect`). Each
 * function may touch only its own tables, actions and bus.
 */
export const gameFlow = defineFlow({
  name: 'game',
  description: 'Capture attempts settled by the capture function, results and spawns pushed to players over the WebSocket API',
  contracts: ['captureAttempt', 'captureSucceeded', 'captureFailed', 'spawned', 'fled'],
  tables: {
    world: TABLES.world,
    collections: TABLES.collections,
    attempts: TABLES.attempts,
    connections: TABLES.connections,
    watchers: TABLES.watchers,
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
        // UpdateItem: the transaction's capture, and marking a fakémon found fled.
        { sid: 'CaptureInWorld', actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], resources: [tables.world.arn] },
        { sid: 'AddToCollection', actions: ['dynamodb:PutItem'], resources: [tables.collections.arn] },
        { sid: 'RecordAttempt', actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], resources: [tables.attempts.arn] },
        { sid: 'PutEventsOnBus', actions: ['events:PutEvents'], resources: [bus.arn] },
      ],
    },
    'ws-connect': {
      reservesConcurrency: true,
      environment: ({ tables }) => ({ CONNECTIONS_TABLE: tables.connections.name, WATCHERS_TABLE: tables.watchers.name, CONNECTION_TTL_SECONDS: String(CONNECTION_TTL_SECONDS) }),
      statements: ({ tables }) => [
        { sid: 'TrackConnections', actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'], resources: [tables.connections.arn] },
        { sid: 'ForgetWatchers', actions: ['dynamodb:BatchWriteItem'], resources: [tables.watchers.arn] },
      ],
    },
    'ws-authorizer': {
      reservesConcurrency: true,
      environment: ({ players }) => ({ TOKEN_ISSUER: players.issuer, USER_POOL_CLIENT_ID: players.clientId }),
    },
    'deliver-result': {
      reservesConcurrency: true,
      environment: ({ tables, webSocket }) => ({
        CONNECTIONS_TABLE: tables.connections.name,
        CONNECTIONS_BY_PLAYER_INDEX,
        WEBSOCKET_MANAGEMENT_ENDPOINT: webSocket.managementEndpoint,
      }),
      statements: ({ tables, webSocket }) => [
        { sid: 'FindPlayerConnections', actions: ['dynamodb:Query'], resources: [tables.connections.indexArn(CONNECTIONS_BY_PLAYER_INDEX)] },
        { sid: 'ForgetGoneConnections', actions: ['dynamodb:DeleteItem'], resources: [tables.connections.arn] },
        { sid: 'PushToPlayers', actions: ['execute-api:ManageConnections'], resources: [webSocket.postToConnectionArn] },
      ],
    },
    'world-updates': {
      reservesConcurrency: true,
      environment: ({ tables, webSocket }) => ({ WATCHERS_TABLE: tables.watchers.name, WEBSOCKET_MANAGEMENT_ENDPOINT: webSocket.managementEndpoint }),
      statements: ({ tables, webSocket }) => [
        { sid: 'FindCellWatchers', actions: ['dynamodb:Query'], resources: [tables.watchers.arn] },
        { sid: 'ForgetGoneWatchers', actions: ['dynamodb:DeleteItem'], resources: [tables.watchers.arn] },
        { sid: 'PushToPlayers', actions: ['execute-api:ManageConnections'], resources: [webSocket.postToConnectionArn] },
      ],
    },
    'ws-watch': {
      reservesConcurrency: true,
      environment: ({ config, tables }) => ({
        CONNECTIONS_TABLE: tables.connections.name,
        WATCHERS_TABLE: tables.watchers.name,
        CELL_RESOLUTION: String(config.game.world.cellResolution),
      }),
      statements: ({ tables }) => [
        { sid: 'RecordWatchedCells', actions: ['dynamodb:UpdateItem', 'dynamodb:GetItem'], resources: [tables.connections.arn] },
        { sid: 'WriteWatchers', actions: ['dynamodb:BatchWriteItem'], resources: [tables.watchers.arn] },
      ],
    },
    spawn: {
      reservesConcurrency: true,
      environment: ({ config, tables, bus }) => ({
        WORLD_TABLE: tables.world.name,
        EVENT_BUS_NAME: bus.name,
        SPAWN_TTL_SECONDS: String(config.game.spawnTtlSeconds),
        PLAY_AREA: formatPlayArea(config.game.world.playArea),
        CELL_RESOLUTION: String(config.game.world.cellResolution),
      }),
      statements: ({ tables, bus }) => [
        { sid: 'SpawnInWorld', actions: ['dynamodb:PutItem'], resources: [tables.world.arn] },
        { sid: 'PutEventsOnBus', actions: ['events:PutEvents'], resources: [bus.arn] },
      ],
    },
  },
  webSocket: {
    connect: { handler: 'ws-connect', authorizer: 'ws-authorizer' },
    routes: { [WATCH_ROUTE_KEY]: { function: 'ws-watch', twoWay: true } },
  },
  rules: {
    capture_attempt: {
      description: 'Capture attempts from the API go to the capture function (idempotent per attempt id)',
      events: ['captureAttempt'],
      replayed: true,
      targets: [{ function: 'capture' }],
    },
    capture_results: {
      description: "Capture results are pushed to the attempting player's connections (not replayed: pushes are not idempotent)",
      events: ['captureSucceeded', 'captureFailed'],
      replayed: false,
      targets: [{ function: 'deliver-result' }],
    },
    world_updates: {
      description: "Spawns, captures and flights are pushed to the players watching the cell's neighbourhood (not replayed)",
      events: ['spawned', 'captureSucceeded', 'fled'],
      replayed: false,
      targets: [{ function: 'world-updates' }],
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
    watchers_table: tables.watchers.name,
    spawn_function_name: functions.spawn.functionName,
    websocket_url: webSocket.url,
  }),
});
