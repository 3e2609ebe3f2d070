import { randomInt } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { createDynamoDbClient } from '../adapters/dynamodb';
import { createEventBridgeClient, eventBridgePublisher } from '../adapters/eventbridge';
import { WorldStore } from '../adapters/world-store';
import { isContractViolation, parseWith } from '../events/contract-violation';
import type { DetailOf } from '../events/catalog';
import { toPutEventsEntry } from '../events/envelope';
import { spawnInput } from '../events/invocations';
import { systemClock, type Clock } from '../shared/clock';
import { mapWithConcurrency } from '../shared/concurrency';
import type { LambdaContext } from '../shared/lambda';
import { lazy } from '../shared/lazy';
import { createLogger, type Logger } from '../shared/logger';
import { loadSpawnConfig, type SpawnConfig } from './config';
import { positionIn, type Position } from '../shared/play-area';
import { idsToSpawn, planSpawn, randomFakemonId, requestedPosition } from './domain';

export interface SpawnDeps {
  readonly dynamodb: DynamoDBClient;
  readonly eventBridge: EventBridgeClient;
  readonly config: SpawnConfig;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** @default `fm-` + 16 random hex digits */
  readonly newId?: () => string;
  /** A number in [0, 1), for random positions in the play area. @default cryptographically random */
  readonly random?: () => number;
}

export interface SpawnResult {
  readonly spawned: DetailOf<'spawned'>[];
}

export function makeHandler(deps: SpawnDeps): (event: unknown, context?: LambdaContext) => Promise<SpawnResult> {
  const clock = deps.clock ?? systemClock;
  const baseLogger = deps.logger ?? createLogger({ function: 'spawn' });
  const world = new WorldStore(deps.dynamodb, deps.config.worldTable);
  const publisher = eventBridgePublisher(deps.eventBridge);
  const random = deps.random ?? (() => randomInt(2 ** 47) / 2 ** 47);
  const randomPosition = (): Position => positionIn(deps.config.playArea, random(), random());

  return async (event, context) => {
    const correlationId = context?.awsRequestId;
    const log = baseLogger.child(correlationId ? { awsRequestId: correlationId, correlationId } : {});
    try {
      const input = parseWith('spawnInput', spawnInput, event);
      const now = clock();
      const at = requestedPosition(input, deps.config);
      const plans = idsToSpawn(input, deps.newId ?? randomFakemonId).map((id) => planSpawn(id, now, deps.config.spawnTtlSeconds, at ?? randomPosition(), deps.config));
      await mapWithConcurrency(plans, 10, (p) =>
        world.putWild({ fakemonId: p.fakemonId, species: p.species, expiresAt: p.expiresAt, lat: p.position.lat, lng: p.position.lng, cell: p.cell }),
      );
      await publisher.publish(plans.map((p) => toPutEventsEntry('spawned', p.detail, deps.config.eventBusName)));
      log.info('spawned', { count: plans.length, fakemon: plans.map((p) => p.fakemonId), cells: [...new Set(plans.map((p) => p.cell))] });
      return { spawned: plans.map((p) => p.detail) };
    } catch (error) {
      log.error(isContractViolation(error) ? 'spawn input rejected: contract violation' : 'spawn failed', { error });
      throw error;
    }
  };
}

const wired = lazy(() =>
  makeHandler({ dynamodb: createDynamoDbClient(), eventBridge: createEventBridgeClient(), config: loadSpawnConfig() }),
);

/** The Lambda entry point (`index.handler`): EventBridge Scheduler input `{"count": n}` or `{"fakemon": [ids]}`, optionally `"at": {lat, lng}`. */
export const handler = async (event: unknown, context?: LambdaContext): Promise<SpawnResult> => wired()(event, context);
