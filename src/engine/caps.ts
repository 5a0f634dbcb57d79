/** SCORING.md 4.2 Execution caps: a rate below a bound caps the total, through 减分项. */
import type { Dec } from './decimal';
import { ZERO } from './decimal';
import type { Profile } from './profiles';

/** The cap that applies to a rate: the lowest `rateBelow` the rate is under; null when none. */
export function capOf(executionRate: Dec | null, profile: Profile): { rateBelow: number; maxTotal: number } | null {
  if (executionRate === null) return null;
  return [...profile.executionCaps].sort((a, b) => a.rateBelow - b.rateBelow).find((c) => executionRate.lessThan(c.rateBelow)) ?? null;
}

/** 减分项 from the profile's execution caps: what the total exceeds its cap by, from unrounded parts. */
export function capDeduction(gross: Dec, executionRate: Dec | null, profile: Profile): Dec {
  const cap = capOf(executionRate, profile);
  return cap && gross.greaterThan(cap.maxTotal) ? gross.minus(cap.maxTotal) : ZERO;
}

/** Whether some cap's bound lies in (low, high]: a rate only known to lie in [low, high] may or may not be capped. */
export function capBoundWithin(low: Dec, high: Dec, profile: Profile): boolean {
  return profile.executionCaps.some((c) => low.lessThan(c.rateBelow) && high.greaterThanOrEqualTo(c.rateBelow));
}
