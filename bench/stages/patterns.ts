/**
 * Stage 5 — event-pattern matching.
 *
 * Rule × event evaluations per second of `compileEventPattern` over the dev stack's rules (from the
 * synthesized stack through `toLocalStackConfig`) and a seeded mix of events: capture attempts,
 * results (some replayed), spawns, cart events and unrelated events. Baseline, same run, same loop: a
 * trivial matcher per rule that compares `source` with the pattern's first `source` string.
 * Rounds alternate the two; the median rate is reported. The compiled matchers are checked against the
 * reference matcher on a sample of the events (a disagreement fails the run).
 */
import { referenceMatchEventPattern, compileEventPattern } from '../../local/eventbridge/pattern';
import type { BenchContext } from '../lib/context';
import type { StageReport } from '../lib/report';
import { median, now } from '../lib/stats';

export const MIN_EVALUATIONS_PER_SECOND = 500_000;

type Event = Record<string, unknown> & { source: string };
type Matcher = (event: object) => boolean;

/** mulberry32: a small seeded PRNG, so every run evaluates the same mix. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The kinds of events in the mix, with their weights. */
const MIX: ReadonlyArray<[kind: string, weight: number]> = [
  ['capture_attempt', 30],
  ['capture_succeeded', 8],
  ['capture_failed', 15],
  ['capture_result_replayed', 3],
  ['spawned', 12],
  ['cart_item_added', 10],
  ['cart_checked_out', 5],
  ['cart_reminder_due', 5],
  ['unrelated', 12],
];

export function eventMix(count: number, seed = 42): Event[] {
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const total = MIX.reduce((a, [, w]) => a + w, 0);
  const id = (): string => `${Math.floor(random() * 0xffffffff).toString(16).padStart(8, '0')}-bench-${Math.floor(random() * 1e9).toString(36)}`;
  const player = (): string => `player-${Math.floor(random() * 5000)}`;
  const fakemon = (): string => `${pick(['fire-squirrel', 'leaf-owl', 'rock-crab', 'ice-fox'])}-${Math.floor(random() * 1e6).toString(36)}`;
  const envelope = (source: string, detailType: string, detail: Record<string, unknown>, extra: Record<string, unknown> = {}): Event => ({
    version: '0',
    id: id(),
    'detail-type': detailType,
    source,
    account: '123456789012',
    time: '2024-05-14T07:42:21Z',
    region: 'eu-west-1',
    resources: [],
    detail,
    ...extra,
  });
  const events: Event[] = [];
  for (let i = 0; i < count; i++) {
    let r = random() * total;
    let kind = MIX[0]![0];
    for (const [k, w] of MIX) {
      if ((r -= w) < 0) {
        kind = k;
        break;
      }
    }
    switch (kind) {
      case 'capture_attempt':
        events.push(envelope('fakemon.attempt-to-capture-api', 'fakemon.capture_attempt', { player: player(), fakemon: fakemon() }));
        break;
      case 'capture_succeeded':
        events.push(envelope('fakemon.capture-service', 'fakemon.capture_succeeded', { attemptId: id(), player: player(), fakemon: fakemon(), species: 'leaf-owl', capturedAt: '2024-05-14T07:42:22Z' }));
        break;
      case 'capture_failed':
        events.push(envelope('fakemon.capture-service', 'fakemon.capture_failed', { attemptId: id(), player: player(), fakemon: fakemon(), reason: pick(['already_captured', 'dodged', 'fled', 'not_found']) }));
        break;
      case 'capture_result_replayed':
        events.push(
          envelope('fakemon.capture-service', pick(['fakemon.capture_succeeded', 'fakemon.capture_failed']), { attemptId: id(), player: player(), fakemon: fakemon() }, { 'replay-name': 'bench-replay' }),
        );
        break;
      case 'spawned':
        events.push(envelope('fakemon.world', 'fakemon.spawned', { fakemon: fakemon(), species: 'rock-crab', expiresAt: '2024-05-14T07:57:21Z' }));
        break;
      case 'cart_item_added':
        events.push(envelope('cart.api', 'cart.item_added', { cartId: `cart-${Math.floor(random() * 1000)}`, user: 'alice@example.com', product: 'poke-ball', quantity: 1 + Math.floor(random() * 5) }));
        break;
      case 'cart_checked_out':
        events.push(envelope('cart.api', 'cart.checked_out', { cartId: `cart-${Math.floor(random() * 1000)}`, user: 'bob@example.com' }));
        break;
      case 'cart_reminder_due':
        events.push(envelope('cart.reminder-service', 'cart.reminder_due', { cartId: `cart-${Math.floor(random() * 1000)}`, user: 'carol@example.com' }));
        break;
      default:
        events.push(
          pick([
            () => envelope('aws.ec2', 'EC2 Instance State-change Notification', { 'instance-id': 'i-0123456789abcdef0', state: 'running' }, { resources: ['arn:aws:ec2:eu-west-1:123456789012:instance/i-0123456789abcdef0'] }),
            () => envelope('aws.s3', 'Object Created', { bucket: { name: 'assets' }, object: { key: `k/${id()}`, size: 1024 } }),
            () => envelope('billing.api', 'invoice.paid', { invoiceId: id(), amount: 12.5, currency: 'EUR' }),
            () => envelope('fakemon.attempt-to-capture-api-v2', 'fakemon.capture_attempt', { player: player(), fakemon: fakemon() }),
            () => envelope('fakemon.capture-service', 'fakemon.capture_audited', { attemptId: id() }),
            () => envelope('cart.api', 'cart.item_removed', { cartId: 'cart-1', product: 'potion' }),
          ])(),
        );
    }
  }
  return events;
}

/** The trivial baseline: `source` equals the pattern's first `source` string (false when there is none). */
export function trivialMatcher(pattern: object): Matcher {
  const sources = (pattern as { source?: unknown }).source;
  const first = Array.isArray(sources) && typeof sources[0] === 'string' ? (sources[0] as string) : undefined;
  return (event) => (event as { source?: unknown }).source === first;
}

/** One timed pass: every matcher over every event, `passes` times; returns the matches (kept live) and ms. */
function timedPasses(matchers: readonly Matcher[], events: readonly object[], passes: number): { ms: number; matches: number } {
  let matches = 0;
  const started = now();
  for (let p = 0; p < passes; p++) {
    for (let e = 0; e < events.length; e++) {
      const event = events[e] as object;
      for (let m = 0; m < matchers.length; m++) if ((matchers[m] as Matcher)(event)) matches++;
    }
  }
  return { ms: now() - started, matches };
}

export async function patternsStage(ctx: BenchContext, report: StageReport): Promise<void> {
  const { config } = await ctx.devStack();
  const rules = config.buses.flatMap((b) => b.rules);
  if (rules.length === 0) throw new Error('the dev stack has no rules');
  const events = eventMix(ctx.counts.patternEvents);
  const compiled = rules.map((r) => compileEventPattern(r.eventPattern));
  const trivial = rules.map((r) => trivialMatcher(r.eventPattern));

  // The compiled matchers must agree with the reference implementation.
  const sample = events.slice(0, Math.min(events.length, 2000));
  let disagreements = 0;
  let firstDisagreement = '';
  for (const [i, rule] of rules.entries()) {
    for (const event of sample) {
      if ((compiled[i] as Matcher)(event) !== referenceMatchEventPattern(rule.eventPattern, event)) {
        disagreements++;
        firstDisagreement ||= `${rule.name} on ${JSON.stringify(event).slice(0, 160)}`;
      }
    }
  }
  report.check(
    'compiled matchers agree with the reference matcher',
    disagreements === 0,
    disagreements === 0 ? `${sample.length * rules.length} evaluations agree` : `${disagreements} disagreement(s), first: ${firstDisagreement}`,
  );

  const evalsPerPass = events.length * rules.length;
  const rounds = ctx.quick ? 3 : 7;
  const passes = Math.max(1, Math.ceil((ctx.quick ? 300_000 : 2_000_000) / evalsPerPass));
  ctx.progress(`${rules.length} rules × ${events.length} events, ${rounds} rounds × ${passes} pass(es), compiled and trivial alternating`);
  timedPasses(compiled, events, 1);
  timedPasses(trivial, events, 1);
  const compiledRates: number[] = [];
  const trivialRates: number[] = [];
  let compiledMatches = 0;
  let trivialMatches = 0;
  for (let r = 0; r < rounds; r++) {
    const c = timedPasses(compiled, events, passes);
    const t = timedPasses(trivial, events, passes);
    compiledRates.push((evalsPerPass * passes * 1000) / c.ms);
    trivialRates.push((evalsPerPass * passes * 1000) / t.ms);
    compiledMatches = c.matches / passes;
    trivialMatches = t.matches / passes;
  }
  report.figure({
    name: `rule × event evaluations/s (${rules.length} rules × ${events.length} events)`,
    unit: 'per-second',
    value: median(compiledRates),
    baseline: { name: 'trivial exact-source matcher', value: median(trivialRates) },
    target: { subject: 'value', op: '>=', threshold: MIN_EVALUATIONS_PER_SECOND },
    note: `median of ${rounds} rounds of ${passes} pass(es)`,
  });

  const perRule = rules.map((rule, i) => ({
    rule: rule.name,
    pattern: rule.eventPattern,
    matches: events.filter((e) => (compiled[i] as Matcher)(e)).length,
    trivialMatches: events.filter((e) => (trivial[i] as Matcher)(e)).length,
  }));
  Object.assign(report.details, {
    rules: rules.length,
    events: events.length,
    mix: Object.fromEntries(MIX),
    rounds,
    passesPerRound: passes,
    compiledRates,
    trivialRates,
    matchesPerPass: { compiled: compiledMatches, trivial: trivialMatches },
    perRule,
  });
}
