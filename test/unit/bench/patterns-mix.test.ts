/** The pattern-matching stage's inputs: a deterministic event mix and the trivial baseline matcher. */
import { eventMix, trivialMatcher } from '../../../bench/stages/patterns';

describe('bench pattern mix', () => {
  it('is the same for the same seed and holds every kind of event', () => {
    const a = eventMix(2000);
    expect(eventMix(2000)).toEqual(a);
    expect(eventMix(2000, 7)).not.toEqual(a);
    const sources = new Set(a.map((e) => e.source));
    for (const s of ['fakemon.attempt-to-capture-api', 'fakemon.capture-service', 'fakemon.world', 'cart.api', 'cart.reminder-service', 'aws.ec2']) {
      expect(sources.has(s)).toBe(true);
    }
    expect(a.some((e) => e['replay-name'] !== undefined)).toBe(true);
  });

  it('the trivial matcher compares source with the pattern’s first source string', () => {
    const match = trivialMatcher({ source: ['cart.api'], 'detail-type': ['cart.item_added'] });
    expect(match({ source: 'cart.api', 'detail-type': 'anything' })).toBe(true);
    expect(match({ source: 'cart.apix' })).toBe(false);
    expect(trivialMatcher({ source: [{ prefix: '' }] })({ source: 'x' })).toBe(false);
  });
});
