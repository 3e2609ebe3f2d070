/**
 * Wildcard complexity, after event-ruler's MachineComplexityEvaluator: the largest number of
 * wildcard-pattern prefixes that one input string can match at the same time, over the wildcard
 * (and anything-but wildcard) patterns applied to the same field. For example "a*bbb" scores 4
 * ("abbb" matches "a*", "a*b", "a*bb" and "a*bbb") and "*a*a*a*a*a*a*a*a*" scores 17.
 *
 * AWS refuses rules that are too complex ("Rule is too complex - try using fewer wildcard
 * characters or fewer repeating character sequences after a wildcard character"). The threshold
 * AWS uses is not documented. Guess: MAX_WILDCARD_COMPLEXITY below is the "complexity of 10 per
 * rule" that event-ruler's README suggests for per-rule validation; it is consistent with the
 * AWS-validated LocalStack cases: "*:*:*:*:*:event-bus/*" (score 11) is refused while
 * "/Users/*\/dir/dir/dir/dir/dir/doc.txt" (score 7) and "arn:aws:events:us-east-1:*:event-bus/*"
 * are accepted.
 */
import { STAR, type WildcardToken } from './types';

export const MAX_WILDCARD_COMPLEXITY = 10;

/** Explored subset limit, so that pathological inputs cannot make validation slow. */
const MAX_EXPLORED = 20_000;

/**
 * Computes the complexity of a set of wildcard patterns on one field, capped at `cap`
 * (the result is `cap` as soon as some input reaches it).
 */
export function wildcardComplexity(patterns: readonly (readonly WildcardToken[])[], cap = Infinity): number {
  if (patterns.length === 0) return 0;
  // NFA state = (pattern, position); position k means "the first k tokens are consumed".
  const offsets: number[] = [];
  let total = 0;
  for (const tokens of patterns) {
    offsets.push(total);
    total += tokens.length + 1;
  }
  const owner: number[] = [];
  const position: number[] = [];
  patterns.forEach((tokens, p) => {
    for (let k = 0; k <= tokens.length; k++) {
      owner.push(p);
      position.push(k);
    }
  });

  const alphabet = new Set<string>();
  for (const tokens of patterns) for (const t of tokens) if (t !== STAR) alphabet.add(t);
  let other = '\u0000';
  while (alphabet.has(other)) other = String.fromCharCode(other.charCodeAt(0) + 1);
  alphabet.add(other);

  const closure = (states: Set<number>): number[] => {
    const stack = [...states];
    while (stack.length > 0) {
      const s = stack.pop() as number;
      const tokens = patterns[owner[s]];
      const k = position[s];
      if (k < tokens.length && tokens[k] === STAR && !states.has(s + 1)) {
        states.add(s + 1);
        stack.push(s + 1);
      }
    }
    return [...states].sort((a, b) => a - b);
  };

  const step = (states: readonly number[], c: string): number[] => {
    const next = new Set<number>();
    for (const s of states) {
      const tokens = patterns[owner[s]];
      const k = position[s];
      if (k >= 1 && tokens[k - 1] === STAR) next.add(s); // a star keeps consuming
      if (k < tokens.length && tokens[k] !== STAR && tokens[k] === c) next.add(s + 1);
    }
    return closure(next);
  };

  // Count only non-empty prefixes (position >= 1).
  const score = (states: readonly number[]): number => states.reduce((n, s) => n + (position[s] >= 1 ? 1 : 0), 0);

  const start = closure(new Set(offsets));
  const seen = new Set<string>([start.join(',')]);
  const queue: number[][] = [start];
  let best = 0;
  while (queue.length > 0 && seen.size <= MAX_EXPLORED) {
    const states = queue.shift() as number[];
    for (const c of alphabet) {
      const next = step(states, c);
      if (next.length === 0) continue;
      best = Math.max(best, score(next));
      if (best >= cap) return cap;
      const key = next.join(',');
      if (!seen.has(key)) {
        seen.add(key);
        queue.push(next);
      }
    }
  }
  return best;
}
