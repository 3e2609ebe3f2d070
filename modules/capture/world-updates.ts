import { Construct } from 'constructs';
import { catalog } from '../../handlers/src/events';
import type { EnvironmentConfig } from '../config/environment-config';
import type { EventBusRule, EventPattern } from '../event-bus';
import { CONNECTIONS_BY_PLAYER_INDEX, GameTables } from '../game-data';
import { createGameFunction, GameFunction, SynchronousGameFunction } from '../handler-function';
import type { WebSocketApi } from '../websocket-api';

/** Props of {@link WorldUpdates}. */
export interface WorldUpdatesProps {
  readonly config: EnvironmentConfig;
  /** Directory holding the handler zips. */
  readonly distDir: string;
  /** The game's tables (connections and watchers are used here). */
  readonly tables: GameTables;
  /** The players' WebSocket API: the `watch` route is added to it, and pushes go through its management endpoint. */
  readonly webSocketApi: WebSocketApi;
  /** Pattern fragment that keeps replayed events away from rules with side effects. */
  readonly notReplayed: EventPattern;
}

/** The route key of `{"action":"watch","lat":…,"lng":…}`. */
export const WATCH_ROUTE_KEY = 'watch';

const patternOf = (...entries: ReadonlyArray<{ source: string; detailType: string }>): EventPattern => ({
  source: [...new Set(entries.map((e) => e.source))],
  'detail-type': entries.map((e) => e.detailType),
});

/**
 * What players are told, in two paths that never wait for each other (issue 14):
 * - **results**: `capture_results` → `deliver-result` pushes a capture result to the attempting player's own
 *   connections (one Query on the connections' by-player index);
 * - **world updates**: `world_updates` → `world-updates` pushes each change of the world (spawned, captured, fled)
 *   to the connections watching its cell or a neighbour: one invocation per change, one Query on its cell of the
 *   watchers table, one post per watcher;
 * - **interest**: the WebSocket route `watch` → `ws-watch` records which cells a connection watches (one watcher
 *   entry per cell) and answers on the socket.
 * Each function may touch only its own tables and actions.
 */
export class WorldUpdates extends Construct {
  public readonly deliverResult: GameFunction;
  public readonly worldUpdates: GameFunction;
  /** Invoked only synchronously, by the WebSocket API's `watch` route. */
  public readonly wsWatch: SynchronousGameFunction;

  constructor(scope: Construct, id: string, private readonly props: WorldUpdatesProps) {
    super(scope, id);
    const { config, distDir, webSocketApi } = props;
    const { connections, watchers } = props.tables.tables;
    const pushToPlayers = { sid: 'PushToPlayers', actions: ['execute-api:ManageConnections'], resources: [webSocketApi.postToConnectionArn] };

    this.deliverResult = createGameFunction(this, 'deliver-result', config, distDir, {
      environment: {
        CONNECTIONS_TABLE: connections.name,
        CONNECTIONS_BY_PLAYER_INDEX,
        WEBSOCKET_MANAGEMENT_ENDPOINT: webSocketApi.managementEndpoint,
      },
      statements: [
        { sid: 'FindPlayerConnections', actions: ['dynamodb:Query'], resources: [`${connections.arn}/index/${CONNECTIONS_BY_PLAYER_INDEX}`] },
        { sid: 'ForgetGoneConnections', actions: ['dynamodb:DeleteItem'], resources: [connections.arn] },
        pushToPlayers,
      ],
    });
    this.worldUpdates = createGameFunction(this, 'world-updates', config, distDir, {
      environment: { WATCHERS_TABLE: watchers.name, WEBSOCKET_MANAGEMENT_ENDPOINT: webSocketApi.managementEndpoint },
      statements: [
        { sid: 'FindCellWatchers', actions: ['dynamodb:Query'], resources: [watchers.arn] },
        { sid: 'ForgetGoneWatchers', actions: ['dynamodb:DeleteItem'], resources: [watchers.arn] },
        pushToPlayers,
      ],
    });
    this.wsWatch = createGameFunction(this, 'ws-watch', config, distDir, {
      asynchronous: false,
      environment: { CONNECTIONS_TABLE: connections.name, WATCHERS_TABLE: watchers.name, CELL_RESOLUTION: String(config.game.world.cellResolution) },
      statements: [
        { sid: 'RecordWatchedCells', actions: ['dynamodb:UpdateItem', 'dynamodb:GetItem'], resources: [connections.arn] },
        { sid: 'WriteWatchers', actions: ['dynamodb:BatchWriteItem'], resources: [watchers.arn] },
      ],
    });
    webSocketApi.addMessageRoute({ routeKey: WATCH_ROUTE_KEY, handler: this.wsWatch.handler.function });
  }

  /** The functions. */
  public get functions(): Array<GameFunction | SynchronousGameFunction> {
    return [this.deliverResult, this.worldUpdates, this.wsWatch];
  }

  /** The bus rules: results and world updates, neither replayed (pushes are not idempotent). */
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
      capture_results: {
        description: "Capture results are pushed to the attempting player's connections (not replayed: pushes are not idempotent)",
        eventPattern: { ...patternOf(catalog.captureSucceeded, catalog.captureFailed), ...this.props.notReplayed },
        targets: [to('deliver-result', this.deliverResult)],
      },
      world_updates: {
        description: "Spawns, captures and flights are pushed to the players watching the cell's neighbourhood (not replayed)",
        eventPattern: { ...patternOf(catalog.spawned, catalog.captureSucceeded, catalog.fled), ...this.props.notReplayed },
        targets: [to('world-updates', this.worldUpdates)],
      },
    };
  }
}
