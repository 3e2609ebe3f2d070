/**
 * The map the benchmarks play on: positions spread over the dev stack's play area (seeded, so runs are comparable),
 * spawning fakémon at a position through the spawn function, and who must hear a world change — the players whose
 * watched neighbourhood contains its cell, computed with the same geo index the handlers use.
 */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { MAX_SPAWN } from '../../handlers/src/events/invocations';
import { cellOf, neighbourhoodOf } from '../../handlers/src/shared/cells';
import { positionIn, type PlayArea, type Position } from '../../handlers/src/shared/play-area';
import { loadEnvironments } from '../../modules/config/environments';

/** The dev environment's play area and cell resolution (what its spawn and ws-watch functions are given). */
export function devWorld(): { readonly playArea: PlayArea; readonly cellResolution: number } {
  const dev = loadEnvironments({}).find((env) => env.name === 'dev');
  if (!dev) throw new Error('no dev environment');
  return dev.game.world;
}

/** A small seeded generator (mulberry32): the same seed spreads players the same way in every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` positions spread uniformly over the play area. */
export function spreadPositions(n: number, area: PlayArea, random: () => number): Position[] {
  return Array.from({ length: n }, () => positionIn(area, random(), random()));
}

/** Spawns `ids` at `at` through the spawn function (at most MAX_SPAWN per invocation). */
export async function spawnAt(lambda: LambdaClient, spawnFunction: string, ids: readonly string[], at: Position): Promise<void> {
  for (let i = 0; i < ids.length; i += MAX_SPAWN) {
    const result = await lambda.send(new InvokeCommand({ FunctionName: spawnFunction, Payload: Buffer.from(JSON.stringify({ fakemon: ids.slice(i, i + MAX_SPAWN), at })) }));
    if (result.FunctionError) throw new Error(`spawn failed: ${Buffer.from(result.Payload ?? []).toString()}`);
  }
}

/** For each change position, the indexes of the watchers (by their watched position) that must hear of it. */
export function audiences(changes: readonly Position[], watchers: readonly Position[], resolution: number): number[][] {
  const watched = watchers.map((p) => new Set(neighbourhoodOf(cellOf(p, resolution))));
  return changes.map((p) => {
    const cell = cellOf(p, resolution);
    return watched.flatMap((cells, i) => (cells.has(cell) ? [i] : []));
  });
}
