import { randomBytes } from 'node:crypto';
import type { DetailOf } from '../events/catalog';
import type { SpawnInput } from '../events/invocations';
import { epochSeconds, isoFromEpochSeconds } from '../shared/clock';
import { bucketOf } from '../shared/hash';

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
  /** The `fakemon.spawned` detail. */
  readonly detail: DetailOf<'spawned'>;
}

export function planSpawn(fakemonId: string, now: Date, ttlSeconds: number): SpawnPlan {
  const species = speciesOf(fakemonId);
  const expiresAt = epochSeconds(now) + ttlSeconds;
  return { fakemonId, species, expiresAt, detail: { fakemon: fakemonId, species, expiresAt: isoFromEpochSeconds(expiresAt) } };
}
