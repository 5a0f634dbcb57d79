import * as fs from 'fs';
import { AutoRecompute, ExcelSession, newStats, type ExcelRunner, type RecomputeResult, type SyncStats } from '../src/hosts/excel';
import { scoreWorkbook } from '../src/sheet';
import { FakeWorkbook } from '../test/excel/fake-excel';
import { FIXTURES, fixtureBookJson } from '../test/excel/load-fixture';
import { stackedWorkbook } from '../test/excel/stacked';

const score = (b: Parameters<typeof scoreWorkbook>[0]) => scoreWorkbook(b);
const eventsDelivered = () => new Promise((r) => setTimeout(r, 5));

/** Syncs, bytes on the wire (requests + responses) and failed requests of one recompute. */
async function phase(wb: FakeWorkbook, fn: () => Promise<RecomputeResult>): Promise<Record<string, number>> {
  const from = wb.syncLog.length;
  const t0 = process.hrtime.bigint();
  const res = await fn();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const log = wb.syncLog.slice(from);
  const s: SyncStats = res.stats;
  return {
    syncs: s.syncs,
    readSyncs: s.readSyncs,
    writeSyncs: s.writeSyncs,
    bytes: log.reduce((n, x) => n + x.request + x.response, 0),
    maxResponse: Math.max(0, ...log.map((x) => x.response)),
    failedRequests: s.failedRequests,
    mergeQueries: s.mergeQueries,
    cellsRead: s.cellsRead,
    written: res.written.length,
    ms: Math.round(ms),
  };
}

/**
 * One workbook through the Office.js adapter and the fake host, its changes tracked as the pane
 * does with 自动重算 on: the first (cold) recompute, one with nothing changed, one after a person
 * edits one actual value in the middle form, and a full re-read (the explicit button, `fresh`).
 */
async function measure(name: string, wb: FakeWorkbook): Promise<Record<string, unknown>> {
  const run: ExcelRunner = (fn) => wb.run(fn as never) as never;
  const session = new ExcelSession(run, { triggerSourceSupported: true });
  const auto = new AutoRecompute({
    run,
    isOwnChange: (ev) => session.isOwnChange(ev),
    sheetNameOf: (id) => session.sheetNameOf(id),
    // The bench calls recompute itself; the debounce timer never fires.
    recompute: async () => undefined,
    scheduler: { set: () => null, clear: () => undefined },
    tracker: session,
  });
  const prep = newStats();
  await session.prepare(prep);
  await auto.enable();
  let first!: RecomputeResult;
  const cold = await phase(wb, async () => (first = await session.recompute(score)));
  await eventsDelivered();
  const unchanged = await phase(wb, () => session.recompute(score));
  const forms = first.score.forms;
  const form = forms[Math.floor(forms.length / 2)];
  const row = form?.form.rowCells.find((r) => r.actual && typeof wb.value(form.form.sheet, r.actual) === 'number');
  let edit: Record<string, number> | null = null;
  if (form && row) {
    wb.userEdit(form.form.sheet, row.actual!, (wb.value(form.form.sheet, row.actual!) as number) / 2);
    await eventsDelivered();
    edit = await phase(wb, () => session.recompute(score, [form.form.sheet]));
    await eventsDelivered();
  }
  const full = await phase(wb, () => session.recompute(score, undefined, { fresh: true }));
  await auto.disable();
  return { case: name, forms: forms.length, prepareSyncs: prep.syncs, cold, unchanged, editOneForm: edit, fullRead: full };
}

/** `npm run bench excel`: the fixtures, then 1k and 100k rows of forms stacked in one sheet (over 512 merged areas each). */
export async function benchExcel(): Promise<Record<string, unknown>> {
  const cases: Record<string, unknown>[] = [];
  const only = process.env.JIXIAO_BENCH_EXCEL;
  if (!only || only === 'fixtures') {
    for (const f of fs.readdirSync(FIXTURES).filter((x) => x.endsWith('.xlsx')).sort()) {
      cases.push(await measure(f, FakeWorkbook.fromJSON(await fixtureBookJson(f))));
    }
  }
  for (const rows of [1_000, 100_000]) {
    if (only && only !== String(rows)) continue;
    const st = await stackedWorkbook(rows);
    cases.push({ ...(await measure(`${rows} rows stacked in one sheet (${st.forms} forms × ${st.height} rows, ${st.forms * st.mergesPerForm} merged areas)`, st.wb)) });
  }
  return { cases };
}
