import DecimalBase from 'decimal.js';

/**
 * The engine's own Decimal constructor. A clone keeps our precision and rounding settings
 * from leaking into (or being changed by) anything else that uses decimal.js.
 */
export const D = DecimalBase.clone({ precision: 40, rounding: DecimalBase.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });
export type Dec = InstanceType<typeof D>;

export const ZERO = new D(0);
export const ONE = new D(1);
export const HUNDRED = new D(100);

export function dmin(a: Dec, b: Dec): Dec {
  return a.lessThan(b) ? a : b;
}
export function dmax(a: Dec, b: Dec): Dec {
  return a.greaterThan(b) ? a : b;
}
export function clamp01(x: Dec): Dec {
  return dmax(ZERO, dmin(ONE, x));
}
export function sum(xs: Iterable<Dec>): Dec {
  let s = ZERO;
  for (const x of xs) s = s.plus(x);
  return s;
}
/** Round half-up to n places; 'truncate' rounds toward zero. */
export function roundTo(x: Dec, places: number, mode: 'half-up' | 'truncate' = 'half-up'): Dec {
  return x.toDecimalPlaces(places, mode === 'half-up' ? D.ROUND_HALF_UP : D.ROUND_DOWN);
}
/** Plain decimal string without exponent or trailing zeros. */
export function toPlain(x: Dec): string {
  const s = x.toFixed();
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}
