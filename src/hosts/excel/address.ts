import { a1, parseA1, type MergeArea } from '../../sheet/grid';

/** Strips the sheet part of an Office.js address: "'My Sheet'!A1:C3" → "A1:C3". */
export function localAddress(address: string): string {
  const bang = address.lastIndexOf('!');
  return bang >= 0 ? address.slice(bang + 1) : address;
}

/** 'A1:C3' (or 'B2', or with a sheet prefix) → 1-based inclusive area; null when not a cell range (e.g. '3:5'). */
export function parseArea(address: string): MergeArea | null {
  const [from, to = from] = localAddress(address).split(':');
  const a = parseA1(from);
  const b = parseA1(to);
  if (!a || !b) return null;
  return {
    top: Math.min(a.row, b.row),
    left: Math.min(a.col, b.col),
    bottom: Math.max(a.row, b.row),
    right: Math.max(a.col, b.col),
  };
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

export function areaAddress(area: MergeArea): string {
  const from = a1(area.top, area.left);
  const to = a1(area.bottom, area.right);
  return from === to ? from : `${from}:${to}`;
}

/** Every A1 address inside an area, or null when it holds more than `max` cells (then nobody should enumerate it). */
export function cellsOf(area: MergeArea, max: number): string[] | null {
  const n = (area.bottom - area.top + 1) * (area.right - area.left + 1);
  if (n > max) return null;
  const out: string[] = [];
  for (let r = area.top; r <= area.bottom; r++) for (let c = area.left; c <= area.right; c++) out.push(a1(r, c));
  return out;
}
