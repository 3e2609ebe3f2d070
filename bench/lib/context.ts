import * as path from 'node:path';
import { buildHandlers } from '../../handlers/build';
import { buildApp } from '../../modules/app';
import { readSynthesizedStack, type SynthesizedStack } from '../../local/stack/terraform-json';
import { toLocalStackConfig, type LocalStackConfig } from '../../local/stack/to-local-config';

/** Sample sizes of a run. */
export interface Counts {
  /** Fresh `node` processes per bundle (and per naive bundle) for the cold import time. */
  readonly coldImportRuns: number;
  /** `cdktf synth` child processes per app (the project, the empty baseline app). */
  readonly synthRuns: number;
  /** Concurrent capture attempts on one fakémon (and raw conditional PutItems for the baseline). */
  readonly contentionAttempts: number;
  /** Alternating rounds of baseline and capture batches; the median round is reported. */
  readonly contentionRounds: number;
  /** Players on WebSockets, each capturing its own fakémon. */
  readonly e2ePlayers: number;
  /** PutEvents + PutItem round trips for the end-to-end baseline. */
  readonly e2eBaselineSamples: number;
  /** Players spread over the map for the sustained load (each capture is made by one of them, at random). */
  readonly sustainedPlayers: number;
  /** Seconds of Poisson arrivals per tried rate. */
  readonly sustainedSeconds: number;
  /** Most rates the search tries before it stops (it also stops when the bracket is narrow enough). */
  readonly sustainedTrials: number;
  /** Events in the pattern-matching mix. */
  readonly patternEvents: number;
  /** Connected players (watchers) at each step of the per-capture AWS usage measurement (at least two steps). */
  readonly capacityWatcherSteps: readonly number[];
  /** Captures measured one at a time at each watcher step. */
  readonly capacityCapturesPerStep: number;
  /** Attempts on an already captured fakémon, measured one at a time. */
  readonly capacityLosses: number;
  /** Concurrent attempts on one fakémon (the hot-fakémon race). */
  readonly capacityRaceAttempts: number;
  /** Requests in each durability burst (captures and cart items; below the dev stage's throttling burst of 200). */
  readonly durabilityRequests: number;
  /** Alternating rounds in memory and with the journal; the median round is reported. */
  readonly durabilityRounds: number;
  /** Run offline `terraform validate` per stack. */
  readonly validate: boolean;
}

export const FULL_COUNTS: Counts = {
  coldImportRuns: 15,
  synthRuns: 5,
  contentionAttempts: 1000,
  contentionRounds: 3,
  e2ePlayers: 200,
  e2eBaselineSamples: 40,
  sustainedPlayers: 100,
  sustainedSeconds: 5,
  sustainedTrials: 7,
  patternEvents: 10_000,
  capacityWatcherSteps: [10, 60, 200],
  capacityCapturesPerStep: 4,
  capacityLosses: 4,
  capacityRaceAttempts: 40,
  durabilityRequests: 195,
  durabilityRounds: 3,
  validate: true,
};

export const QUICK_COUNTS: Counts = {
  coldImportRuns: 5,
  synthRuns: 1,
  contentionAttempts: 100,
  contentionRounds: 1,
  e2ePlayers: 20,
  e2eBaselineSamples: 10,
  sustainedPlayers: 10,
  sustainedSeconds: 1.5,
  sustainedTrials: 2,
  patternEvents: 1000,
  capacityWatcherSteps: [4, 40],
  capacityCapturesPerStep: 2,
  capacityLosses: 2,
  capacityRaceAttempts: 6,
  durabilityRequests: 30,
  durabilityRounds: 1,
  validate: false,
};

/** The repository root. */
export const ROOT = path.resolve(__dirname, '..', '..');

/** The dev stack, synthesized once per run into the run's temporary directory (never cdktf.out). */
export interface PreparedStack {
  readonly outdir: string;
  readonly stack: SynthesizedStack;
  /** Local config of the stack (tables, buses and rules, functions); endpoints are placeholders. */
  readonly config: LocalStackConfig;
}

export interface BenchContext {
  readonly quick: boolean;
  readonly counts: Counts;
  /** A fresh directory for this run, removed at the end. */
  readonly tmpDir: string;
  /** One progress line (stderr). */
  progress(line: string): void;
  /** The synthesized dev stack (prepared on first use, then shared by the stages). */
  devStack(): Promise<PreparedStack>;
}

export const DEV_STACK = 'fakemon-dev';

/**
 * Builds stale handler zips into handlers/dist (exactly what the local runtime does at start-up; the
 * stack references those zips) and synthesizes every environment into `<tmpDir>/cdktf.out`.
 */
export async function prepareDevStack(tmpDir: string): Promise<PreparedStack> {
  await buildHandlers({ log: null });
  const outdir = path.join(tmpDir, 'cdktf.out');
  const env = { ...process.env };
  delete env.FAKEMON_PR_ID;
  buildApp({ outdir, env }).synth();
  const stack = readSynthesizedStack(outdir, DEV_STACK);
  const outputs = stack.json.output ?? {};
  const config = toLocalStackConfig(stack, {
    accountId: String(outputs.account_id?.value ?? '000000000000'),
    region: String(outputs.region?.value ?? 'us-east-1'),
    awsEndpoint: 'http://127.0.0.1:4566',
    restEndpoint: 'http://127.0.0.1:3000',
    webSocketEndpoint: 'ws://127.0.0.1:3001',
  });
  return { outdir, stack, config };
}
