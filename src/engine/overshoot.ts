/** SCORING.md 3.5 Over-achievement deviation penalty (profile setting `overshoot`). */
import { D, type Dec, ONE, ZERO, dmax, dmin } from './decimal';
import type { Direction } from './polarity';
import type { Profile } from './profiles';
import type { FormKind } from './types';

/** Whether the actual beats the target by more than the profile's threshold, on a form kind it applies to. */
export function overshoots(dir: Direction, a: Dec, b: Dec, profile: Profile, formKind: FormKind): boolean {
  const o = profile.overshoot;
  if (!o || !o.formKinds.includes(formKind)) return false;
  const t = new D(o.threshold);
  if (dir === 'forward' || dir === 'equality') return b.greaterThan(a.times(ONE.plus(t)));
  if (dir === 'reverse') return b.lessThan(a.times(ONE.minus(t)));
  return false;
}

/** The penalised score: weight × completion minus the profile's points, kept within [0, weight]. */
export function penalisedScore(weight: Dec, completion: Dec, profile: Profile): Dec {
  return dmin(weight, dmax(ZERO, weight.times(completion).minus(new D(profile.overshoot?.points ?? 0))));
}
