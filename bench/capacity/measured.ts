import type { LinearUsage, Usage } from './usage';

/**
 * What the benchmark's `capacity` stage measured on the local runtime (`bench/stages/capacity.ts`): the AWS
 * usage of each kind of work, keyed as `bench/capacity/usage.ts` describes. Every per-capture figure of
 * docs/capacity.md comes from here.
 */
export interface MeasuredUsage {
  /**
   * A successful capture, one at a time, fitted against the number of connections that received its world
   * update ("watchers"): fixed + perWatcher × watchers.
   */
  readonly capture: LinearUsage;
  /** One run of the spawn function spawning `spawnRunSize` fakémon, fitted like a capture. */
  readonly spawnRun: LinearUsage;
  readonly spawnRunSize: number;
  /** An attempt on a fakémon that is already captured, one at a time. */
  readonly loss: Usage;
  /** Concurrent attempts on one fakémon: the usage per attempt (the winner's included, averaged). */
  readonly race: { readonly attempts: number; readonly watchers: number; readonly perAttempt: Usage };
  /** Opening one WebSocket connection ($connect). */
  readonly connect: Usage;
  /** Closing one WebSocket connection ($disconnect). */
  readonly disconnect: Usage;
  /** Watchers of each measured successful capture (the x values of the fit). */
  readonly captureWatchers: readonly number[];
  /** Number of measured attempts on captured fakémon. */
  readonly losses: number;
  /** Mean sizes in bytes: a world update, a capture result, a stored connection record. */
  readonly bytes: { readonly worldMessage: number; readonly resultMessage: number; readonly connectionRecord: number };
  /** Architecture of each function in the synthesized stack, by role. */
  readonly architectures: Readonly<Record<string, string>>;
}
