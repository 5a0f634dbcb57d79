/** SCORING.md §2 Units: target and actual compared in one base unit; a bare number takes the other side's. */
import type { Dec } from './decimal';
import type { ParsedValue } from './parse';
import type { RowNotes } from './row-notes';
import { show } from './show';

export type NumberValue = Extract<ParsedValue, { kind: 'number' }>;
export type RangeValue = Extract<ParsedValue, { kind: 'range' }>;

/** Target and actual in one unit: `b` is the actual's value; null when the units cannot be converted. */
export function alignUnits(target: NumberValue | RangeValue, actual: NumberValue, notes: RowNotes): { target: NumberValue | RangeValue; b: Dec } | null {
  const tUnit = target.unit;
  const aUnit = actual.unit;
  if (tUnit.base && aUnit.base && tUnit.base !== aUnit.base) {
    notes.problem('unit-mismatch', `指标值单位“${show(tUnit.written)}”与完成值单位“${show(aUnit.written)}”无法换算`, 'actual');
    return null;
  }
  if (tUnit.written !== aUnit.written && tUnit.base && aUnit.base) notes.flag('unit-converted');
  const b = tUnit.base === '%' && !aUnit.base ? bareInPercentContext(actual.value, target, notes) : actual.value;
  if (!tUnit.base && aUnit.base === '%' && target.kind === 'number') {
    return { target: { ...target, value: bareInPercentContext(target.value, actual, notes) }, b };
  }
  return { target, b };
}

/**
 * A bare number against a percentage is read in percent points (98 → 98 %) or as a fraction (an
 * unformatted Excel percentage: 0.95, or 1.44 for 144 %), whichever lies closer in magnitude to the
 * other side; reading it as a fraction is flagged. With nothing to compare (a zero target) it is points.
 */
function bareInPercentContext(v: Dec, other: NumberValue | RangeValue, notes: RowNotes): Dec {
  const ref = other.kind === 'number' ? other.value.abs() : other.high;
  const points = v.dividedBy(100);
  if (ref.isZero() || v.isZero()) return points;
  const spread = (x: Dec): Dec => {
    const a = x.abs();
    return a.greaterThan(ref) ? a.dividedBy(ref) : ref.dividedBy(a);
  };
  if (spread(v).lessThan(spread(points))) {
    notes.flag('unit-converted');
    return v;
  }
  return points;
}
