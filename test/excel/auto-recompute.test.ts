import { AutoRecompute, ExcelSession, type ExcelRunner, type RecomputeResult } from '../../src/hosts/excel';
import { PROFILES } from '../../src/engine';
import { scoreWorkbook } from '../../src/sheet';
import { loadFixture } from './load-fixture';
import { eventsDelivered, ManualScheduler } from './manual-scheduler';
import type { FakeWorkbook } from './fake-excel';

async function setup(apiMinor: number) {
  const wb = await loadFixture('liaoning-project-F01.xlsx');
  wb.apiMinor = apiMinor;
  const run: ExcelRunner = (fn) => wb.run(fn as never) as never;
  const session = new ExcelSession(run, { triggerSourceSupported: apiMinor >= 14 });
  const scorer = (b: Parameters<typeof scoreWorkbook>[0]) => scoreWorkbook(b, { profile: PROFILES.liaoning });
  const results: RecomputeResult[] = [];
  const scheduler = new ManualScheduler();
  const auto = new AutoRecompute({
    run,
    isOwnChange: (ev) => session.isOwnChange(ev),
    sheetNameOf: (id) => session.sheetNameOf(id),
    recompute: async (sheets) => {
      results.push(await session.recompute(scorer, sheets));
    },
    scheduler,
  });
  await session.prepare();
  await auto.enable();
  return { wb, session, scorer, auto, scheduler, results };
}

function quantitativeRow(res: RecomputeResult, wb: FakeWorkbook) {
  const form = res.score.forms[0];
  const i = form.result.rows.findIndex((r, k) => r.rule === 'forward' && r.score && form.form.rowCells[k].actual && typeof wb.value(form.form.sheet, form.form.rowCells[k].actual!) === 'number');
  return { sheet: form.form.sheet, cells: form.form.rowCells[i] };
}

for (const apiMinor of [14, 13]) {
  const how = apiMinor >= 14 ? 'triggerSource (ExcelApi 1.14)' : 'written cells and values (before 1.14)';
  describe(`自动重算 with own writes told apart by ${how}`, () => {
    test('own writes are ignored, a person’s edit recomputes that sheet once, and nothing loops', async () => {
      const { wb, session, scorer, auto, scheduler, results } = await setup(apiMinor);
      const first = await session.recompute(scorer);
      expect(first.written.length).toBeGreaterThan(5);
      await eventsDelivered();
      expect(auto.ignored).toBe(first.written.length);
      expect(scheduler.pending).toHaveLength(0);

      const { sheet, cells } = quantitativeRow(first, wb);
      const scoreBefore = wb.value(sheet, cells.score!);
      const actual = wb.value(sheet, cells.actual!) as number;
      wb.userEdit(sheet, cells.actual!, actual / 4);
      wb.userEdit(sheet, cells.actual!, actual / 2);
      await eventsDelivered();
      expect(scheduler.pending).toHaveLength(1); // debounced: two edits, one pending run
      scheduler.fire();
      await auto.flush();
      expect(auto.runs).toBe(1);
      expect(results).toHaveLength(1);
      expect(results[0].stats).toMatchObject({ readSyncs: 1, writeSyncs: 1, syncs: 2 });
      expect(results[0].grids.map((g) => g.name)).toEqual([sheet]);
      const scoreAfter = wb.value(sheet, cells.score!);
      expect(scoreAfter).not.toBe(scoreBefore);
      expect(typeof scoreAfter).toBe('number');

      // The recompute's own writes come back as events: all ignored, no new run armed.
      const ignoredBefore = auto.ignored;
      await eventsDelivered();
      expect(auto.ignored - ignoredBefore).toBe(results[0].written.length);
      expect(scheduler.pending).toHaveLength(0);
      expect(auto.runs).toBe(1);
      expect(session.echo.pendingCount).toBe(0);

      await auto.disable();
      wb.userEdit(sheet, cells.actual!, actual);
      await eventsDelivered();
      expect(scheduler.pending).toHaveLength(0);
      expect(wb.handlers).toHaveLength(0);
    });
  });
}

test('an edit that lands on a cell the add-in just wrote, with another value, is a person’s edit', async () => {
  const { wb, session, scorer, auto, scheduler } = await setup(13);
  const first = await session.recompute(scorer);
  const w = first.written.find((x) => typeof x.value === 'number')!;
  // The person types before the add-in's own event for that cell arrived.
  wb.userEdit(w.sheet, w.address, 7.77);
  await eventsDelivered();
  expect(auto.ignored).toBe(first.written.length);
  expect(scheduler.pending).toHaveLength(1);
});
