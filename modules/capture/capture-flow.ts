import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { apiBodies, catalog, toJsonSchemaDraft4 } from '../../handlers/src/events';
import type { EnvironmentConfig } from '../config/environment-config';
import type { EventRoute } from '../event-api';
import type { EventBusRule, EventBusSchedule, EventBusScheduleGroup, EventPattern } from '../event-bus';
import { formatPlayArea } from '../../handlers/src/shared/play-area';
import { GameTables } from '../game-data';
import { createGameFunction, GameFunction, SynchronousGameFunction } from '../handler-function';
import { WebSocketApi } from '../websocket-api';
import { WorldUpdates } from './world-updates';

/** Props of {@link CaptureFlow}. */
export interface CaptureFlowProps {
  readonly config: EnvironmentConfig;
  /** Directory holding the handler zips. */
  readonly distDir: string;
  /** The game's tables. */
  readonly tables: GameTables;
  /** Name and ARN of the bus results and spawns are put on. */
  readonly busName: string;
  readonly busArn: string;
  /** Pattern fragment that keeps replayed events away from rules with side effects. */
  readonly notReplayed: EventPattern;
  /** What the WebSocket stage waits for (the account bootstrap check). @default none */
  readonly webSocketStageDependsOn?: readonly ITerraformDependable[];
  /** The players' user pool: the `$connect` authorizer accepts ID tokens of its game client only. */
  readonly players: { readonly issuer: string; readonly clientId: string };
}

/** Seconds a capture attempt's idempotency record is kept (longer than any retry or replay window we run). */
const ATTEMPT_TTL_SECONDS = 7 * 86400;

/** The key of the spawn schedule group in the bus's `scheduleGroups`. */
const SPAWN_SCHEDULE_GROUP_KEY = 'spawn';

const patternOf = (...entries: ReadonlyArray<{ source: string; detailType: string }>): EventPattern => ({
  source: [...new Set(entries.map((e) => e.source))],
  'detail-type': entries.map((e) => e.detailType),
});

/**
 * The Fakémon capture flow: `POST /captures` puts the attempt on the bus; the capture function settles it;
 * {@link WorldUpdates} pushes results and world updates over the WebSocket API (ws-connect tracks connections,
 * the `watch` route what they watch); a rate schedule invokes spawn. Each function may touch only its own
 * tables, actions and bus.
 */
export class CaptureFlow extends Construct {
  public readonly capture: GameFunction;
  /** Invoked only synchronously, by the WebSocket API's `$connect`/`$disconnect` integration. */
  public readonly wsConnect: SynchronousGameFunction;
  public readonly spawn: GameFunction;
  /** Results, world updates and the `watch` route (interest management). */
  public readonly world: WorldUpdates;
  /** The `$connect` authorizer (invoked synchronously by API Gateway). */
  public readonly wsAuthorizer: SynchronousGameFunction;
  /** The players' WebSocket API. */
  public readonly webSocketApi: WebSocketApi;

  constructor(scope: Construct, id: string, private readonly props: CaptureFlowProps) {
    super(scope, id);
    const { config, distDir, busName, busArn } = props;
    const { world, collections, attempts, connections, watchers } = props.tables.tables;
    const putEventsOnBus = { sid: 'PutEventsOnBus', actions: ['events:PutEvents'], resources: [busArn] };

    this.capture = createGameFunction(this, 'capture', config, distDir, {
      environment: {
        WORLD_TABLE: world.name,
        COLLECTIONS_TABLE: collections.name,
        ATTEMPTS_TABLE: attempts.name,
        EVENT_BUS_NAME: busName,
        DODGE_PROBABILITY: String(config.game.dodgeProbability),
        ATTEMPT_TTL_SECONDS: String(ATTEMPT_TTL_SECONDS),
      },
      statements: [
        // UpdateItem: the transaction's capture, and marking a fakémon found fled.
        { sid: 'CaptureInWorld', actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], resources: [world.arn] },
        { sid: 'AddToCollection', actions: ['dynamodb:PutItem'], resources: [collections.arn] },
        { sid: 'RecordAttempt', actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], resources: [attempts.arn] },
        putEventsOnBus,
      ],
    });
    this.wsConnect = createGameFunction(this, 'ws-connect', config, distDir, {
      asynchronous: false,
      environment: { CONNECTIONS_TABLE: connections.name, WATCHERS_TABLE: watchers.name, CONNECTION_TTL_SECONDS: '7200' },
      statements: [
        { sid: 'TrackConnections', actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'], resources: [connections.arn] },
        { sid: 'ForgetWatchers', actions: ['dynamodb:BatchWriteItem'], resources: [watchers.arn] },
      ],
    });
    this.wsAuthorizer = createGameFunction(this, 'ws-authorizer', config, distDir, {
      environment: { TOKEN_ISSUER: props.players.issuer, USER_POOL_CLIENT_ID: props.players.clientId },
      statements: [],
      asynchronous: false,
    });
    this.webSocketApi = new WebSocketApi(this, 'websocket', {
      apiName: `${config.namePrefix}-ws`,
      region: config.region,
      connectionHandler: this.wsConnect.handler.function,
      connectAuthorizer: this.wsAuthorizer.handler.function,
      throttleRateLimit: config.apiThrottle.rateLimit,
      throttleBurstLimit: config.apiThrottle.burstLimit,
      logRetentionDays: config.logRetentionDays,
      stageDependsOn: props.webSocketStageDependsOn,
    });
    this.spawn = createGameFunction(this, 'spawn', config, distDir, {
      environment: {
        WORLD_TABLE: world.name,
        EVENT_BUS_NAME: busName,
        SPAWN_TTL_SECONDS: String(config.game.spawnTtlSeconds),
        PLAY_AREA: formatPlayArea(config.game.world.playArea),
        CELL_RESOLUTION: String(config.game.world.cellResolution),
      },
      statements: [{ sid: 'SpawnInWorld', actions: ['dynamodb:PutItem'], resources: [world.arn] }, putEventsOnBus],
    });
    this.world = new WorldUpdates(this, 'world', { config, distDir, tables: props.tables, webSocketApi: this.webSocketApi, notReplayed: props.notReplayed });
  }

  /** The functions of the flow. */
  public get functions(): Array<GameFunction | SynchronousGameFunction> {
    return [this.capture, this.wsConnect, this.spawn, this.wsAuthorizer, ...this.world.functions];
  }

  /** The bus rules of the flow. */
  public get rules(): Record<string, EventBusRule> {
    const { retryPolicy } = this.props.config;
    const to = (name: string, fn: GameFunction): EventBusRule['targets'][number] => ({
      kind: 'lambda',
      name,
      function: fn.handler.function,
      deadLetterQueue: fn.deadLetterQueue.queue,
      retryPolicy,
    });
    return {
      capture_attempt: {
        description: 'Capture attempts from the API go to the capture function (idempotent per attempt id)',
        eventPattern: patternOf(catalog.captureAttempt),
        targets: [to('capture', this.capture)],
      },
      ...this.world.rules,
    };
  }

  /** The spawn schedule group, for the bus's `scheduleGroups`. */
  public get scheduleGroups(): Record<string, EventBusScheduleGroup> {
    return { [SPAWN_SCHEDULE_GROUP_KEY]: { name: `${this.props.config.namePrefix}-spawn` } };
  }

  /** The spawn schedule ("serverless cron"), for the bus's `schedules`. */
  public get schedules(): Record<string, EventBusSchedule> {
    const { config } = this.props;
    return {
      spawn: {
        description: 'Serverless cron: wild fakémon appear',
        group: SPAWN_SCHEDULE_GROUP_KEY,
        scheduleExpression: config.game.spawnSchedule,
        target: { kind: 'lambda', function: this.spawn.handler.function },
        input: JSON.stringify({ count: config.game.spawnCount }),
        deadLetterQueue: this.spawn.deadLetterQueue.queue,
        retryPolicy: config.retryPolicy,
      },
    };
  }

  /** The REST route of the flow. */
  public get routes(): EventRoute[] {
    return [
      {
        path: 'captures',
        model: { name: apiBodies.capture.modelName, schema: toJsonSchemaDraft4(apiBodies.capture.schema, { title: apiBodies.capture.modelName }) },
        source: catalog.captureAttempt.source,
        detailType: catalog.captureAttempt.detailType,
        callerField: 'player',
        attemptIdField: 'attemptId',
        acceptedBody: '{"attemptId":"$attemptId"}',
      },
    ];
  }
}
