import { AutoRecompute, ExcelSession, newStats, readLayout, readSheets, type ExcelRunner, type RecomputeResult } from '../../src/hosts/excel';
import { PROFILES } from '../../src/engine';
import { scoreWorkbook, type SheetGrid } from '../../src/sheet';
import { FakeWorkbook, PAYLOAD_LIMIT, areaA1 } from './fake-excel';
import { loadFixture } from './load-fixture';
import { eventsDelivered, ManualScheduler } from './manual-scheduler';
import { stackedWorkbook } from './stacked';

const scorer = (b: Parameters<typeof scoreWorkbook>[0]) => scoreWorkbook(b, { profile: PROFILES.liaoning });
const runner = (wb: FakeWorkbook): ExcelRunner => (fn) => wb.run(fn as never) as never;
/** A session whose cache is kept by change events, as the pane wires it when 自动重算 is on. */
async function tracked(wb: FakeWorkbook) {
  const run = runner(wb);
  const session = new ExcelSession(run, { triggerSourceSupported: true });
  const results: RecomputeResult[] = [];
  const auto = new AutoRecompute({
    run,
    isOwnChange: (ev) => session.isOwnChange(ev),
    sheetNameOf: (id) => session.sheetNameOf(id),
    recompute: async (sheets) => void results.push(await session.recompute(scorer, sheets)),
    scheduler: new ManualScheduler(),
    tracker: session,
  });
  await session.prepare();
  await auto.enable();
  return { session, auto, results };
}

/** What a fresh read of the workbook gives, through the layout and whole-sheet reader (no cache). */
async function freshGrids(wb: FakeWorkbook): Promise<SheetGrid[]> {
  return wb.run(async (ctx) => {
    const layout = await readLayout(ctx as never, [], newStats());
    return (await readSheets(ctx as never, layout.sheets, newStats())).grids;
  });
}

function canon(g: SheetGrid) {
  const merges = [...g.merges].sort((a, b) => a.top - b.top || a.left - b.left);
  return { name: g.name, originRow: g.originRow, originCol: g.originCol, values: g.values, formats: g.formats, formulas: g.formulas, merges };
}

async function expectSameAsFresh(wb: FakeWorkbook, grids: SheetGrid[]): Promise<void> {
  const fresh = await freshGrids(wb);
  for (const g of grids) {
    const f = fresh.find((x) => x.name === g.name);
    expect(f).toBeDefined();
    expect(canon(g)).toEqual(canon(f!));
  }
}

function bytes(wb: FakeWorkbook, from: number): number {
  return wb.syncLog.slice(from).reduce((n, s) => n + s.request + s.response, 0);
}

describe('the session cache on a stacked sheet of 3,000 rows (over 512 merged areas)', () => {
  test('cold read in 2 syncs with no failed request; unchanged recompute 1 sync; one edit reads its rows only', async () => {
    const st = await stackedWorkbook(3000);
    const { wb, sheet } = st;
    expect(st.forms * st.mergesPerForm).toBeGreaterThan(4 * 512);
    const { session } = await tracked(wb);

    const first = await session.recompute(scorer);
    expect(first.score.forms).toHaveLength(st.forms);
    expect(first.stats).toMatchObject({ readSyncs: 2, failedRequests: 0, payloadRetries: 0, fullSheets: 1 });
    expect(first.grids[0].merges).toHaveLength(st.forms * st.mergesPerForm);
    await eventsDelivered();

    // Nothing changed: the probe alone, small whatever the sheet's size.
    const log = wb.syncLog.length;
    const same = await session.recompute(scorer);
    // No merged area is asked for either: a merge or unmerge would have named its rows in an event.
    expect(same.stats).toMatchObject({ syncs: 1, readSyncs: 1, writeSyncs: 0, failedRequests: 0, cellsRead: 0, mergeQueries: 0 });
    expect(same.written).toHaveLength(0);
    expect(bytes(wb, log)).toBeLessThan(20_000);
    expect(same.score.forms.map((f) => f.result.total.toFixed())).toEqual(first.score.forms.map((f) => f.result.total.toFixed()));

    // A person edits one actual value in form 100: that row is read in the probe, that form rewritten.
    const form = first.score.forms[100];
    const row = form.form.rowCells.find((r) => r.actual && typeof wb.value(sheet, r.actual) === 'number')!;
    wb.userEdit(sheet, row.actual!, (wb.value(sheet, row.actual!) as number) / 3);
    await eventsDelivered();
    const edited = await session.recompute(scorer, [sheet]);
    expect(edited.stats).toMatchObject({ readSyncs: 1, writeSyncs: 1, failedRequests: 0, fullSheets: 0 });
    expect(edited.stats.cellsRead).toBeLessThanOrEqual(11);
    expect(edited.written.length).toBeGreaterThan(0);
    const lo = form.form.rowCells[0].actual ? Number(/\d+/.exec(form.form.rowCells[0].actual)![0]) - 20 : 0;
    for (const w of edited.written) expect(w.row).toBeGreaterThan(lo);
    await expectSameAsFresh(wb, edited.grids);
    await eventsDelivered();
    // Its own writes come back as events and are not re-read.
    const after = await session.recompute(scorer);
    expect(after.stats).toMatchObject({ syncs: 1, cellsRead: 0 });
  });

  test('the edit of one form in a workbook of two sheets reads only that sheet', async () => {
    const st = await stackedWorkbook(2000);
    const other = await loadFixture('liaoning-project-F01.xlsx');
    const json = other.toJSON();
    const wb = FakeWorkbook.fromJSON({ sheets: [...st.json.sheets, ...json.sheets] });
    const { session, auto, results } = await tracked(wb);
    const first = await session.recompute(scorer);
    await eventsDelivered();
    const f01 = first.score.forms.find((f) => f.form.sheet === json.sheets[0].name)!;
    const row = f01.form.rowCells.find((r) => r.actual && typeof wb.value(f01.form.sheet, r.actual) === 'number')!;
    wb.userEdit(f01.form.sheet, row.actual!, 1);
    await eventsDelivered();
    await auto.flush();
    expect(results).toHaveLength(1);
    expect(results[0].grids.map((g) => g.name)).toEqual([f01.form.sheet]);
    expect(results[0].stats).toMatchObject({ readSyncs: 1, failedRequests: 0, fullSheets: 0 });
    // The edited row, and the rows of the sheet's own formulas (their results may have moved).
    expect(results[0].stats.cellsRead).toBeLessThanOrEqual(11 * 3);
    await expectSameAsFresh(wb, results[0].grids);
  });
});

describe('cache invalidation', () => {
  async function warm(rows = 1200) {
    const st = await stackedWorkbook(rows);
    const t = await tracked(st.wb);
    const first = await t.session.recompute(scorer);
    await eventsDelivered();
    return { ...st, ...t, first };
  }

  test('rows inserted: the sheet is read whole again and equals a fresh read', async () => {
    const { wb, sheet, session, first } = await warm();
    wb.userInsertRows(sheet, 40, 3);
    await eventsDelivered();
    const res = await session.recompute(scorer);
    expect(res.stats).toMatchObject({ fullSheets: 1, failedRequests: 0 });
    expect(res.score.forms).toHaveLength(first.score.forms.length);
    await expectSameAsFresh(wb, res.grids);
  });

  test('rows deleted at the bottom (no event seen): the used range shrinks and the grid is cropped', async () => {
    const { wb, sheet, session, height } = await warm();
    const s = wb.sheet(sheet);
    const bottom = s.usedArea(true)!.bottom;
    // Cleared cell by cell as a macro might, with the events lost: only the used range tells.
    for (let r = bottom - height + 1; r <= bottom; r++) s.rows[r] = [];
    s.merges = s.merges.filter((m) => m.top <= bottom - height);
    const res = await session.recompute(scorer);
    expect(res.stats.failedRequests).toBe(0);
    await expectSameAsFresh(wb, res.grids);
  });

  test('cells merged (Excel says RangeEdited over the area): those rows and their areas are read in the probe, nothing else', async () => {
    const { wb, sheet, session } = await warm();
    const s = wb.sheet(sheet);
    // Two blank cells side by side in a form, in no merged area, then merged: same used range, same values, one more area.
    const used = s.usedArea(true)!;
    const covered = (r: number, c: number) => s.merges.some((m) => m.top <= r && m.bottom >= r && m.left <= c && m.right >= c);
    const blank = (r: number, c: number) => !covered(r, c) && (s.cell(r, c)?.value ?? null) === null;
    let last = 0;
    let col = 0;
    for (let r = used.top; r <= used.bottom && !last; r++) {
      for (let c = used.left; c < used.right; c++) {
        if (blank(r, c) && blank(r, c + 1)) {
          last = r;
          col = c;
          break;
        }
      }
    }
    expect(last).toBeGreaterThan(0);
    wb.userMerge(sheet, `${String.fromCharCode(64 + col)}${last}:${String.fromCharCode(65 + col)}${last}`);
    await eventsDelivered();
    const res = await session.recompute(scorer);
    expect(res.stats.failedRequests).toBe(0);
    expect(res.grids[0].merges).toContainEqual({ top: last, left: col, bottom: last, right: col + 1 });
    // One sync: the probe reads that row (one sheet width) and asks for its merged areas once.
    expect(res.stats).toMatchObject({ syncs: 1, readSyncs: 1, fullSheets: 0, mergeQueries: 1 });
    expect(res.stats.cellsRead).toBeLessThanOrEqual(11);
    await expectSameAsFresh(wb, res.grids);
  });

  test('cells unmerged, and a cell edited: rows and merges match a fresh read', async () => {
    const { wb, sheet, session } = await warm();
    const m = wb.sheet(sheet).merges[30];
    wb.userUnmerge(sheet, areaA1(m));
    wb.userEdit(sheet, `A${m.bottom + 1}`, '新的说明');
    await eventsDelivered();
    const res = await session.recompute(scorer);
    expect(res.grids[0].merges).not.toContainEqual(m);
    expect(res.stats).toMatchObject({ failedRequests: 0, fullSheets: 0 });
    await expectSameAsFresh(wb, res.grids);
  });

  test('forms pasted over 340 rows (more merged areas than one query may return): their rows bounded from the values, no failed request', async () => {
    const { wb, sheet, session, first, height } = await warm(3000);
    const s = wb.sheet(sheet);
    const step = height + 1;
    // Rows [top, top+340) are replaced by the same forms shifted down one row: new values, new merged areas.
    const top = step * 10 + 1;
    const bottom = top + 339;
    const old = s.rows.slice(top - 1, bottom);
    for (let r = top; r <= bottom; r++) s.rows[r] = old[r - top] ?? [];
    s.merges = s.merges.flatMap((m) => (m.top >= top && m.top <= bottom ? (m.bottom + 1 <= bottom ? [{ ...m, top: m.top + 1, bottom: m.bottom + 1 }] : []) : [m]));
    wb.markDirty();
    wb.emit({ type: 'WorksheetChanged', changeType: 'RangeEdited', source: 'Local', worksheetId: s.id, address: `A${top}:K${bottom}`, triggerSource: 'Unknown', details: null });
    await eventsDelivered();
    const res = await session.recompute(scorer);
    expect(res.stats).toMatchObject({ readSyncs: 2, failedRequests: 0, fullSheets: 0 });
    expect(res.stats.cellsRead).toBe(340 * 11);
    expect(res.score.forms.length).toBeGreaterThan(first.score.forms.length - 2);
    await expectSameAsFresh(wb, res.grids);
  });

  test('a sheet renamed, added and deleted: the list in the probe tells, nothing is read twice', async () => {
    const { wb, sheet, session } = await warm(600);
    wb.sheet(sheet).name = '改名后的汇总';
    const renamed = await session.recompute(scorer);
    // Read: the probe only. Written: the state record, whose keys carry the sheet's name.
    expect(renamed.stats).toMatchObject({ readSyncs: 1, fullSheets: 0, cellsRead: 0 });
    expect(renamed.grids.map((g) => g.name)).toEqual(['改名后的汇总']);
    expect(new Set(renamed.score.forms.map((f) => f.form.sheet))).toEqual(new Set(['改名后的汇总']));

    const extra = await loadFixture('liaoning-project-F02.xlsx');
    const src = extra.sheets[0];
    const added = wb.addSheet(src.name);
    added.rows = src.rows;
    added.merges = src.merges;
    const withNew = await session.recompute(scorer);
    expect(withNew.grids.map((g) => g.name)).toEqual(['改名后的汇总', src.name]);
    expect(withNew.stats.fullSheets).toBe(1);
    await expectSameAsFresh(wb, withNew.grids);

    wb.sheets.splice(1, 1);
    const gone = await session.recompute(scorer);
    expect(gone.grids.map((g) => g.name)).toEqual(['改名后的汇总']);
  });

  test('a number format changed by a person (onFormatChanged): that row is read again', async () => {
    const { wb, sheet, session, first } = await warm();
    const form = first.score.forms[3];
    const row = form.form.rowCells.find((r) => r.actual && typeof wb.value(sheet, r.actual) === 'number')!;
    wb.userFormat(sheet, row.actual!, '0.0%');
    await eventsDelivered();
    const res = await session.recompute(scorer);
    expect(res.stats).toMatchObject({ readSyncs: 1, fullSheets: 0 });
    expect(res.stats.cellsRead).toBeGreaterThan(0);
    await expectSameAsFresh(wb, res.grids);
  });

  test('typing below the last row grows the grid by the new rows only', async () => {
    const { wb, sheet, session } = await warm();
    const bottom = wb.sheet(sheet).usedArea(true)!.bottom;
    wb.userEdit(sheet, `B${bottom + 2}`, '补充说明');
    await eventsDelivered();
    const res = await session.recompute(scorer);
    expect(res.stats).toMatchObject({ fullSheets: 0, failedRequests: 0 });
    await expectSameAsFresh(wb, res.grids);
  });

  test('without change tracking every recompute reads the scope whole, still bounded and without failed requests', async () => {
    const st = await stackedWorkbook(1200);
    const session = new ExcelSession(runner(st.wb), { triggerSourceSupported: true });
    await session.prepare();
    const a = await session.recompute(scorer);
    const b = await session.recompute(scorer);
    for (const r of [a, b]) expect(r.stats).toMatchObject({ fullSheets: 1, failedRequests: 0 });
    // The second whole read plans its merge queries from the counts it knows: with the values, in one sync.
    expect(b.stats.readSyncs).toBe(1);
    for (const s of st.wb.syncLog) expect(s.response).toBeLessThanOrEqual(PAYLOAD_LIMIT);
  });
});
