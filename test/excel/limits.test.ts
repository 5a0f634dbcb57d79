import { ExcelSession, newStats, readSheets, type ExcelRunner } from '../../src/hosts/excel';
import { PROFILES } from '../../src/engine';
import { scoreWorkbook } from '../../src/sheet';
import { FakeWorkbook, PAYLOAD_LIMIT } from './fake-excel';
import { fixtureBookJson } from './load-fixture';

const runner = (wb: FakeWorkbook): ExcelRunner => (fn) => wb.run(fn as never) as never;

/** A fixture form plus a 100k-row data sheet of the kind people keep next to their forms. */
async function bigWorkbook(rows = 100_000): Promise<FakeWorkbook> {
  const wb = FakeWorkbook.fromJSON(await fixtureBookJson('liaoning-project-F03.xlsx'));
  const big = wb.addSheet('明细');
  for (let r = 1; r <= rows; r++) {
    big.setCell(r, 1, { value: `项目明细第${r}行`, numberFormat: 'General' });
    big.setCell(r, 2, { value: r * 1.5, numberFormat: '0.00' });
    big.setCell(r, 3, { value: r % 7 === 0 ? '已完成' : '进行中', numberFormat: '@' });
    big.setCell(r, 4, { value: r / 100000, numberFormat: '0.00%' });
  }
  return wb;
}

describe('Excel on the web limits', () => {
  test('a 100k-row sheet is read in row blocks, every sync under 5 MB, and the forms still score', async () => {
    const wb = await bigWorkbook();
    const session = new ExcelSession(runner(wb), { triggerSourceSupported: true });
    await session.prepare();
    wb.syncLog = [];
    const res = await session.recompute((b) => scoreWorkbook(b, { profile: PROFILES.liaoning }));
    for (const s of wb.syncLog) {
      expect(s.request).toBeLessThanOrEqual(PAYLOAD_LIMIT);
      expect(s.response).toBeLessThanOrEqual(PAYLOAD_LIMIT);
    }
    const grid = res.grids.find((g) => g.name === '明细')!;
    expect(grid.values).toHaveLength(100_000);
    expect(grid.values[99_999]).toEqual(['项目明细第100000行', 150_000, '进行中', 1]);
    expect(grid.values[6]).toEqual(['项目明细第7行', 10.5, '已完成', 0.00007]);
    expect(res.stats.blocks).toBeGreaterThan(2);
    expect(res.stats.readSyncs).toBeGreaterThan(1);
    expect(res.stats.payloadRetries).toBe(0);
    expect(res.score.forms).toHaveLength(1);
    expect(res.stats.writeSyncs).toBe(1);
    console.log(`100k-row sheet: ${res.stats.blocks} blocks, ${res.stats.readSyncs} read syncs, ${res.stats.writeSyncs} write sync; largest response ${Math.max(...wb.syncLog.map((s) => s.response))} bytes`);
  });

  test('a payload error halves the blocks until they fit', async () => {
    const wb = await bigWorkbook(60_000);
    const session = new ExcelSession(runner(wb), { triggerSourceSupported: true });
    const layout = await session.prepare();
    // Underestimate the cell size so the first plan is too big for one response.
    const stats = newStats();
    const res = await wb.run((ctx) =>
      readSheets(ctx as never, layout.sheets, stats, {
        syncBudgetBytes: 4 * 1024 * 1024,
        maxBlockRows: 60_000,
        minBlockRows: 5_000,
        bytesPerCellRead: 4,
        bytesPerWrite: 200,
      }),
    );
    expect(stats.payloadRetries).toBeGreaterThan(0);
    const grid = res.grids.find((g) => g.name === '明细')!;
    expect(grid.values).toHaveLength(60_000);
    expect(grid.values.map((r) => r[0]).filter((v, i) => v !== `项目明细第${i + 1}行`)).toEqual([]);
  });

  test('more than 512 merged areas are read in blocks planned from the values: one more sync, no failed request', async () => {
    const wb = new FakeWorkbook();
    const s = wb.addSheet('合并');
    for (let i = 0; i < 600; i++) {
      const top = i * 2 + 1;
      s.setCell(top, 1, { value: `组${i}`, numberFormat: 'General' });
      s.setCell(top, 3, { value: i, numberFormat: 'General' });
      s.merges.push({ top, left: 1, bottom: top + 1, right: 2 });
    }
    const session = new ExcelSession(runner(wb), { triggerSourceSupported: true });
    const layout = await session.prepare();
    const stats = newStats();
    const res = await wb.run((ctx) => readSheets(ctx as never, layout.sheets, stats));
    const merges = res.grids[0].merges;
    expect(merges).toHaveLength(600);
    expect(merges).toContainEqual({ top: 1199, left: 1, bottom: 1200, right: 2 });
    // Values in one sync, then every merge block (each bounded under 512 areas) in one more.
    expect(stats.readSyncs).toBe(2);
    expect(stats.failedRequests).toBe(0);
    expect(stats.mergeQueries).toBeGreaterThanOrEqual(2);
  });

  test('a small sheet asked for its merged areas in one query, and holding over 512: one failed request, then bounded blocks', async () => {
    const wb = new FakeWorkbook();
    const s = wb.addSheet('合并');
    // 600 rows × 3 columns (under the 2,048 cells asked in one query), A:B merged on every row.
    for (let i = 1; i <= 600; i++) {
      s.setCell(i, 1, { value: `组${i}`, numberFormat: 'General' });
      s.setCell(i, 3, { value: i, numberFormat: 'General' });
      s.merges.push({ top: i, left: 1, bottom: i, right: 2 });
    }
    const session = new ExcelSession(runner(wb), { triggerSourceSupported: true });
    await session.prepare();
    const res = await session.recompute((b) => scoreWorkbook(b));
    expect(res.grids[0].merges).toHaveLength(600);
    expect(res.stats).toMatchObject({ failedRequests: 1, readSyncs: 3 });
    // Known counts from then on: one sync, no failure.
    const again = await session.recompute((b) => scoreWorkbook(b));
    expect(again.stats).toMatchObject({ failedRequests: 0, readSyncs: 1 });
    expect(again.grids[0].merges).toHaveLength(600);
  });

  test('a sheet that grew past its layout is read in full', async () => {
    const wb = await bigWorkbook(30_000);
    const session = new ExcelSession(runner(wb), { triggerSourceSupported: true });
    await session.prepare();
    const big = wb.sheet('明细');
    for (let r = 30_001; r <= 31_000; r++) big.setCell(r, 1, { value: `新增${r}`, numberFormat: 'General' });
    const res = await session.recompute((b) => scoreWorkbook(b, { profile: PROFILES.liaoning }));
    const grid = res.grids.find((g) => g.name === '明细')!;
    expect(grid.values).toHaveLength(31_000);
    expect(grid.values[30_999][0]).toBe('新增31000');
  });
});
