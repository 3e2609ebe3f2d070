import { randomBytes } from 'node:crypto';
import type { DetailOf } from '../events/catalog';
import { ContractViolation } from '../events/contract-violation';
import type { SpawnInput } from '../events/invocations';
import { epochSeconds, isoFromEpochSeconds } from '../shared/clock';
import { cellOf } from '../shared/cells';
import { bucketOf } from '../shared/hash';
import { isInPlayArea, formatPlayArea, type PlayArea, type Position } from '../shared/play-area';

/** The species a fakémon can be; chosen from its id, so a respawn keeps its species. */
export const SPECIES = [
  'fire-squirrel',
  'water-gecko',
  'leaf-owl',
  'storm-hare',
  'rock-turtle',
  'frost-fox',
  'ember-moth',
  'tide-crab',
  'dune-viper',
  'moss-bear',
  'spark-beetle',
  'shadow-bat',
] as const;

export type Species = (typeof SPECIES)[number];

export function speciesOf(fakemonId: string): Species {
  return SPECIES[bucketOf(`species:${fakemonId}`, SPECIES.length)] as Species;
}

/** A fresh fakémon id: `fm-` and 16 random hex digits. */
export function randomFakemonId(): string {
  return `fm-${randomBytes(8).toString('hex')}`;
}

/** The ids to spawn: the given ones, or `count` new unique ones. */
export function idsToSpawn(input: SpawnInput, newId: () => string = randomFakemonId): string[] {
  if ('fakemon' in input) return [...input.fakemon];
  const ids = new Set<string>();
  while (ids.size < input.count) ids.add(newId());
  return [...ids];
}

export interface SpawnPlan {
  readonly fakemonId: string;
  readonly species: Species;
  /** Epoch seconds (world item TTL). */
  readonly expiresAt: number;
  readonly position: Position;
  /** The cell of `position` at the world's resolution. */
  readonly cell: string;
  /** The `fakemon.spawned` detail. */
  readonly detail: DetailOf<'spawned'>;
}

/** Where the world is and how finely it is divided. */
export interface World {
  readonly playArea: PlayArea;
  readonly cellResolution: number;
}

/**
 * The position a spawn input asks for (none: every fakémon gets a random one). An `at` outside the play area is a
 * {@link ContractViolation}: nothing spawns where no player is meant to be, and retrying would not change that.
 */
export function requestedPosition(input: SpawnInput, world: World): Position | undefined {
  if (!input.at) return undefined;
  if (!isInPlayArea(world.playArea, input.at)) {
    throw new ContractViolation('spawnInput', [{ path: 'at', message: `${input.at.lat},${input.at.lng} is outside the play area ${formatPlayArea(world.playArea)}`, code: 'invalid_value' }]);
  }
  return input.at;
}

export function planSpawn(fakemonId: string, now: Date, ttlSeconds: number, position: Position, world: World): SpawnPlan {
  const species = speciesOf(fakemonId);
  const expiresAt = epochSeconds(now) + ttlSeconds;
  const cell = cellOf(position, world.cellResolution);
  return {
    fakemonId,
    species,
    expiresAt,
    position,
    cell,
    detail: { fakemon: fakemonId, species, expiresAt: isoFromEpochSeconds(expiresAt), lat: position.lat, lng: position.lng, cell },
  };
}
