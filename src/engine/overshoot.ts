/** SCORING.md 3.5 Over-achievement deviation penalty (profile setting `overshoot`). */
import { D, type Dec, ONE, ZERO, dmax, dmin } from './decimal';
import type { Direction } from './polarity';
import type { Profile } from './profiles';
import type { FormKind } from './types';

/** Whether the actual beats the target by more than the profile's threshold, on a form kind it applies to. */
export function overshoots(dir: Direction, a: Dec, b: Dec, profile: Profile, formKind: FormKind): boolean {
  const o = profile.overshoot;
  if (!o || !o.formKinds.includes(formKind)) return false;
  if (dir === 'forward' || dir === 'equality') return b.greaterThan(a.times(factors(o.threshold).above));
  if (dir === 'reverse') return b.lessThan(a.times(factors(o.threshold).below));
  return false;
}

const factorCache = new Map<number, { above: Dec; below: Dec }>();

/** 1 ± threshold, made once per threshold (every row of a form asks; Decimals never change). */
function factors(threshold: number): { above: Dec; below: Dec } {
  let f = factorCache.get(threshold);
  if (!f) {
    const t = new D(threshold);
    f = { above: ONE.plus(t), below: ONE.minus(t) };
    if (factorCache.size > 64) factorCache.clear();
    factorCache.set(threshold, f);
  }
  return f;
}

/** The penalised score: weight × completion minus the profile's points, kept within [0, weight]. */
export function penalisedScore(weight: Dec, completion: Dec, profile: Profile): Dec {
  return dmin(weight, dmax(ZERO, weight.times(completion).minus(new D(profile.overshoot?.points ?? 0))));
}
