import fc from 'fast-check';
import { knownMergeBlocks, mergeBoundBlocks } from '../../src/hosts/excel';
import { rowsOfAddress } from '../../src/hosts/excel/sheet-cache';
import type { MergeArea } from '../../src/sheet';

/** A random sheet: non-overlapping merged areas (their other cells blank, as Excel keeps them) and random values elsewhere. */
const sheetArb = fc
  .record({
    rows: fc.integer({ min: 1, max: 60 }),
    cols: fc.integer({ min: 1, max: 12 }),
    tries: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })), { maxLength: 200 }),
    fill: fc.array(fc.boolean(), { minLength: 720, maxLength: 720 }),
    extendRight: fc.boolean(),
  })
  .map(({ rows, cols, tries, fill, extendRight }) => {
    const taken: boolean[][] = Array.from({ length: rows + 5 }, () => new Array(cols + 5).fill(false));
    const merges: MergeArea[] = [];
    for (const [r0, c0, h, w] of tries) {
      const top = (r0 % rows) + 1;
      const left = (c0 % cols) + 1;
      // Areas may run past the read rectangle to the right or below, as on a real sheet.
      const bottom = top + h - 1;
      const right = Math.min(left + w - 1, extendRight ? cols + 3 : cols);
      if (h * (right - left + 1) < 2) continue;
      let free = true;
      for (let r = top; r <= bottom && free; r++) for (let c = left; c <= right; c++) if (taken[r][c]) free = false;
      if (!free) continue;
      for (let r = top; r <= bottom; r++) for (let c = left; c <= right; c++) taken[r][c] = true;
      merges.push({ top, left, bottom, right });
    }
    const values = Array.from({ length: rows }, (_, i) =>
      Array.from({ length: cols }, (_, j) => {
        const r = i + 1;
        const c = j + 1;
        const m = merges.find((a) => a.top <= r && a.bottom >= r && a.left <= c && a.right >= c);
        if (m) return m.top === r && m.left === c && fill[(i * 12 + j) % 720] ? 'x' : '';
        return fill[(i * 12 + j) % 720] ? 'v' : '';
      }),
    );
    return { rows, cols, merges, values };
  });

function cellsOf(values: string[][], cols: number) {
  const rowBound = values.map((row) => row.filter((v) => v === '').length + (row[row.length - 1] !== '' ? 1 : 0));
  return { rect: { sheet: 's', top: 1, bottom: values.length, left: 1, right: cols }, values, formats: [], formulas: {}, rowBound };
}

describe('planning merge queries under the 512-area limit', () => {
  test('a block bounded from the values never holds more areas (by top-left cell) than its bound', () => {
    fc.assert(
      fc.property(sheetArb, fc.integer({ min: 2, max: 40 }), ({ cols, merges, values }, limit) => {
        const blocks = mergeBoundBlocks(cellsOf(values, cols) as never, limit);
        // The blocks tile the rows in order.
        expect(blocks[0].top).toBe(1);
        expect(blocks[blocks.length - 1].bottom).toBe(values.length);
        for (let i = 1; i < blocks.length; i++) expect(blocks[i].top).toBe(blocks[i - 1].bottom + 1);
        for (const b of blocks) {
          const inBlock = merges.filter((m) => m.top >= b.top && m.top <= b.bottom && m.left <= cols).length;
          expect(inBlock).toBeLessThanOrEqual(b.count);
          // Only a single row may go over the limit asked for.
          if (b.bottom > b.top) expect(b.count).toBeLessThanOrEqual(limit);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('blocks from known areas tile the rows and hold at most the target each, no row split', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 500 }), { maxLength: 400 }), fc.integer({ min: 1, max: 50 }), (tops, target) => {
        const merges = tops.map((t) => ({ top: t, left: 1, bottom: t, right: 2 }));
        const blocks = knownMergeBlocks(merges, 1, 500, target);
        expect(blocks[0].top).toBe(1);
        expect(blocks[blocks.length - 1].bottom).toBe(500);
        let total = 0;
        for (let i = 0; i < blocks.length; i++) {
          const b = blocks[i];
          if (i) expect(b.top).toBe(blocks[i - 1].bottom + 1);
          const n = tops.filter((t) => t >= b.top && t <= b.bottom).length;
          expect(n).toBe(b.count);
          if (b.bottom > b.top) expect(n).toBeLessThanOrEqual(target);
          total += n;
        }
        expect(total).toBe(tops.length);
      }),
    );
  });

  test('change addresses to rows: cells, areas, whole rows, lists; whole columns cannot be told', () => {
    expect(rowsOfAddress('B7')).toEqual([[7, 7]]);
    expect(rowsOfAddress("'表 1'!A3:C9")).toEqual([[3, 9]]);
    expect(rowsOfAddress('5:8')).toEqual([[5, 8]]);
    expect(rowsOfAddress('A1:B2, D10')).toEqual([[1, 2], [10, 10]]);
    expect(rowsOfAddress('C:C')).toBeNull();
  });
});
