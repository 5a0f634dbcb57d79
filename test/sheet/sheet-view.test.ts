import fc from 'fast-check';
import { SheetView } from '../../src/sheet/sheet-view';
import type { MergeArea, SheetGrid } from '../../src/sheet/grid';

/** The merged area holding a cell, found the slow way: what SheetView's index must agree with. */
function areaByScan(merges: MergeArea[], row: number, col: number): MergeArea {
  return merges.find((m) => m.top <= row && m.bottom >= row && m.left <= col && m.right >= col) ?? { top: row, left: col, bottom: row, right: col };
}

function grid(originRow: number, originCol: number, rows: number, cols: number, merges: MergeArea[]): SheetGrid {
  const values = Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => `${r},${c}`));
  return { name: 'S', originRow, originCol, values, merges };
}

describe('SheetView merged-area lookup', () => {
  test('a merge above and left of the first value, and cells beyond the last column, resolve like a scan', () => {
    // Values start at C5; a merged title sits at A1:H2 and a block at B4:C6; E3:E9 runs down past the values' top.
    const merges: MergeArea[] = [
      { top: 1, left: 1, bottom: 2, right: 8 },
      { top: 4, left: 2, bottom: 6, right: 3 },
      { top: 3, left: 5, bottom: 9, right: 5 },
    ];
    const view = new SheetView(grid(5, 3, 6, 4, merges));
    for (let r = 0; r <= 14; r++) {
      for (let c = 0; c <= 12; c++) {
        const want = areaByScan(merges, r, c);
        expect(view.area(r, c)).toEqual(want);
        expect(view.isMaster(r, c)).toBe(want.top === r && want.left === c);
        expect(view.isVerticalContinuation(r, c)).toBe(want.top < r);
      }
    }
  });

  test('rows past 65,535 (where row × 16385 + col leaves the small-integer range) resolve like a scan', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(fc.record({ dr: fc.integer({ min: 0, max: 40 }), c: fc.integer({ min: 1, max: 12 }), h: fc.integer({ min: 0, max: 3 }), w: fc.integer({ min: 0, max: 3 }) }), { maxLength: 12 }),
        (originRow, raw) => {
          // Non-overlapping areas: later ones that touch an earlier one are dropped.
          const merges: MergeArea[] = [];
          for (const m of raw) {
            const a = { top: originRow + m.dr, left: m.c, bottom: originRow + m.dr + m.h, right: m.c + m.w };
            if (a.top === a.bottom && a.left === a.right) continue;
            if (merges.some((b) => b.top <= a.bottom && b.bottom >= a.top && b.left <= a.right && b.right >= a.left)) continue;
            merges.push(a);
          }
          const view = new SheetView(grid(originRow, 1, 30, 10, merges));
          const got: MergeArea[] = [];
          const want: MergeArea[] = [];
          for (let r = originRow - 1; r <= originRow + 46; r++) {
            for (let c = 1; c <= 17; c++) {
              got.push(view.area(r, c));
              want.push(areaByScan(merges, r, c));
            }
          }
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 100 },
    );
  });
});
