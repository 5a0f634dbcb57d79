/** SCORING.md 3.2–3.4: completion of a quantitative row by its polarity, and ranges and repeated bounds (§2). */
import { type Dec, ONE, ZERO, clamp01, dmax } from './decimal';
import type { Operator } from './parse';
import { directionOf, type Direction } from './polarity';
import type { Profile } from './profiles';
import type { RangeValue, NumberValue } from './compare-units';
import type { RowRule } from './types';

/** A range target `1-2 次`: met inside the band, else the ratio to the nearer bound. */
export function rangeCompletion(range: RangeValue, b: Dec): Dec {
  const { low, high } = range;
  if (b.greaterThanOrEqualTo(low) && b.lessThanOrEqualTo(high)) return ONE;
  if (b.lessThan(low)) return low.isZero() ? ZERO : clamp01(dmax(b, ZERO).dividedBy(low));
  return b.isZero() ? ZERO : clamp01(high.dividedBy(b));
}

/** An actual that repeats a bound (`≥95%` against `≥95%`) says the target was met. */
export function repeatsMetBound(actual: NumberValue, dir: Direction, a: Dec, b: Dec): boolean {
  if (actual.op === null || actual.op === '=' || actual.op === '!=') return false;
  if (directionOf(actual.op) !== dir) return false;
  return (dir === 'forward' && b.greaterThanOrEqualTo(a)) || (dir === 'reverse' && b.lessThanOrEqualTo(a));
}

/** The rule that applies and the exact completion it gives. */
export function ruleCompletion(op: Operator, a: Dec, b: Dec, profile: Profile): { rule: RowRule; completion: Dec } {
  const dir = directionOf(op);
  if (dir === 'not-equal') return { rule: 'equality', completion: b.equals(a) ? ZERO : ONE };
  if (a.isZero() || a.isNegative()) return { rule: 'zero-target', completion: zeroTarget(op, a, b) };
  if (dir === 'forward' || dir === 'equality') return { rule: dir, completion: forward(a, b) };
  return profile.reverse === 'ratio' ? { rule: 'reverse-ratio', completion: reverseRatio(a, b) } : { rule: 'reverse-linear', completion: reverseLinear(a, b) };
}

/** 3.2 Forward and equality: min(B / A, 1); a negative B counts as 0. */
export function forward(a: Dec, b: Dec): Dec {
  return b.greaterThanOrEqualTo(a) ? ONE : clamp01(dmax(b, ZERO).dividedBy(a));
}

/** 3.3 Reverse, ratio (Hubei, Liaoning): min(A / B, 1). */
export function reverseRatio(a: Dec, b: Dec): Dec {
  return b.lessThanOrEqualTo(a) ? ONE : clamp01(a.dividedBy(b));
}

/** 3.3 Reverse, linear (national): 1 − (B − A) / A, 0 at 2A. */
export function reverseLinear(a: Dec, b: Dec): Dec {
  return b.lessThanOrEqualTo(a) ? ONE : clamp01(ONE.minus(b.minus(a).dividedBy(a)));
}

/** 3.4 Zero (and negative) targets: met or not, never a division. */
export function zeroTarget(op: Operator, a: Dec, b: Dec): Dec {
  const dir = directionOf(op);
  if (dir === 'forward') return b.greaterThanOrEqualTo(a) && !(op === '>' && b.equals(a)) ? ONE : ZERO;
  if (dir === 'reverse') return b.lessThanOrEqualTo(a) ? ONE : ZERO;
  return a.isZero() ? (b.lessThanOrEqualTo(0) ? ONE : ZERO) : b.equals(a) ? ONE : ZERO;
}
