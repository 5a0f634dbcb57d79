import { D, type Dec } from './decimal';
import { memo } from './memo';
import { normalizeValueText } from './parse';
import type { CellInput } from './types';

/** A plain amount or weight (`133.12`, `3, 042. 92`, `20分`, `10%` for rates); null when empty, 'bad' when unreadable. */
export function readNumber(input: CellInput, opts: { percent?: boolean } = {}): Dec | null | 'bad' {
  if (input === null || input === undefined) return null;
  if (typeof input === 'number') return Number.isFinite(input) ? numberCached(input) : 'bad';
  if (typeof input !== 'string') return 'bad';
  return opts.percent ? readRateText(input) : readNumberText(input);
}

/** Weights and amounts repeat across rows (4, 10, 12.5 …): one Decimal each. */
const numberCache = new Map<number, Dec>();
function numberCached(n: number): Dec {
  let d = numberCache.get(n);
  if (!d) {
    d = new D(n);
    if (numberCache.size > 10_000) numberCache.clear();
    numberCache.set(n, d);
  }
  return d;
}

const readNumberText = memo((input: string) => parseNumberText(input, false));
const readRateText = memo((input: string) => parseNumberText(input, true));

function parseNumberText(input: string, percent: boolean): Dec | null | 'bad' {
  const s = normalizeValueText(input).replace(/\s+/g, '');
  if (!s) return null;
  const m = /^([-+]?\d+(?:\.\d*)?)(%|分|万元|元)?$/.exec(s);
  if (!m) return 'bad';
  const n = new D(m[1]);
  if (m[2] === '%') return n.dividedBy(100);
  // A printed rate without % (`0. 95`) is a fraction; `95` is percent points.
  if (percent && n.greaterThan(1.5)) return n.dividedBy(100);
  return n;
}

/** A fraction as the percent text a person sees (0.998 → "99.8%"), computed in decimal. */
export function percentText(fraction: number): string {
  return `${new D(String(fraction)).times(100).toFixed()}%`;
}
