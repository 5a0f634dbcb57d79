import { a1, parseArea } from '../../sheet/a1';

/** Cell ranges and A1 addresses are the shared module's; this file adds what only Office.js addresses need. */
export { parseArea, areaAddress } from '../../sheet/a1';
import type { MergeArea } from '../../sheet/grid';

/** Strips the sheet part of an Office.js address: "'My Sheet'!A1:C3" → "A1:C3". */
export function localAddress(address: string): string {
  const bang = address.lastIndexOf('!');
  return bang >= 0 ? address.slice(bang + 1) : address;
}

/** RangeAreas.address is a comma-separated list of areas. */
export function parseAreaList(address: string | null | undefined): MergeArea[] {
  if (!address) return [];
  const out: MergeArea[] = [];
  for (const part of address.split(',')) {
    const area = parseArea(part.trim());
    if (area) out.push(area);
  }
  return out;
}

/** Every A1 address inside an area, or null when it holds more than `max` cells (then nobody should enumerate it). */
export function cellsOf(area: MergeArea, max: number): string[] | null {
  const n = (area.bottom - area.top + 1) * (area.right - area.left + 1);
  if (n > max) return null;
  const out: string[] = [];
  for (let r = area.top; r <= area.bottom; r++) for (let c = area.left; c <= area.right; c++) out.push(a1(r, c));
  return out;
}
