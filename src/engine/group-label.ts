import { D, type Dec } from './decimal';
import { memo } from './memo';

/** `成本指标（20分）` → name 成本指标, group weight 20. */
export function splitGroupLabel(label: string | null | undefined): { name: string; weight: Dec | null } {
  return splitGroupLabelCached(label ?? '');
}

const splitGroupLabelCached = memo((label: string) => {
  const s = label.normalize('NFKC').trim();
  const m = /^(.*?)\s*\(\s*(\d+(?:\.\d+)?)\s*分\s*\)\s*$/.exec(s);
  if (m) return { name: m[1].trim(), weight: new D(m[2]) as Dec | null };
  return { name: s, weight: null as Dec | null };
});
