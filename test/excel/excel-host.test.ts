import { decodeStateXml } from '../../src/hosts/state-xml';
import { ExcelSession, applyPlan, newStats, TEXT_FORMAT, type ExcelRunner } from '../../src/hosts/excel';
import { PROFILES } from '../../src/engine';
import { scoreWorkbook, STATE_XML_NAMESPACE, type CellWrite } from '../../src/sheet';
import * as path from 'path';
import { readXlsxWorkbook } from '../../src/hosts/xlsx';
import { at2, expectedFiles, expectedOutputs } from './expected';
import { FakeWorkbook } from './fake-excel';
import { FIXTURES, fixtureBookJson, loadFixture } from './load-fixture';

const runner = (wb: FakeWorkbook): ExcelRunner => (fn) => wb.run(fn as never) as never;

async function scoredSession(wb: FakeWorkbook, profile?: keyof typeof PROFILES) {
  const session = new ExcelSession(runner(wb), { triggerSourceSupported: wb.apiMinor >= 14 });
  const prep = newStats();
  await session.prepare(prep);
  const res = await session.recompute((b) => scoreWorkbook(b, { profile: profile ? PROFILES[profile] : undefined }));
  return { session, res, prep };
}

describe('every fixture through the Office.js adapter and the fake host', () => {
  for (const file of expectedFiles()) {
    const { workbook, forms } = expectedOutputs(file);
    test(`${workbook}: outputs written as published and as the pure pipeline gives, in 2 syncs`, async () => {
      const json = await fixtureBookJson(workbook);
      const wb = FakeWorkbook.fromJSON(json);
      const profile = forms[0].profile;
      const before = wb.syncCount;
      // As the task pane does by default: no profile chosen, each form's layout decides (national when nothing does).
      // Target tables (L4) name no region; their authors' profile is chosen for them.
      const targetTables = /^targets-/.test(workbook);
      const { res, prep } = await scoredSession(wb, targetTables ? profile : undefined);
      expect(res.score.forms.map((f) => f.profile.id)).toEqual(forms.map(() => profile));
      expect(res.score.forms.map((f) => f.profileChoice?.source)).toEqual(forms.map(() => (targetTables ? 'user' : profile === 'national' ? 'default' : 'inferred')));
      expect(prep.syncs).toBe(2);
      // The budget: one read and one write per recompute.
      expect(res.stats.readSyncs).toBe(1);
      expect(res.stats.writeSyncs).toBe(res.written.length ? 1 : 0);
      expect(res.stats.syncs).toBeLessThanOrEqual(2);
      expect(wb.syncCount - before).toBe(2 + res.stats.syncs);
      for (const f of forms) {
        for (const [addr, want] of Object.entries(f.cells)) {
          const got = wb.value(f.sheet, addr);
          expect({ cell: `${f.sheet}!${addr}`, value: typeof got === 'number' ? at2(got) : got }).toEqual({
            cell: `${f.sheet}!${addr}`,
            value: at2(want),
          });
        }
        for (const [addr, want] of Object.entries(f.texts)) expect({ cell: `${f.sheet}!${addr}`, value: wb.value(f.sheet, addr) }).toEqual({ cell: `${f.sheet}!${addr}`, value: want });
      }
      // Exactly what the CLI gives: the same file through the xlsx host's reader and the same pipeline.
      const direct = scoreWorkbook((await readXlsxWorkbook(path.join(FIXTURES, workbook))).grid, { profile: PROFILES[profile] });
      expect(direct.plan.writes.length).toBeGreaterThanOrEqual(res.written.length);
      for (const w of direct.plan.writes) {
        expect({ cell: `${w.sheet}!${w.address}`, value: wb.value(w.sheet, w.address) }).toEqual({ cell: `${w.sheet}!${w.address}`, value: w.value });
        if (typeof w.value === 'number' && w.numberFormat) expect(wb.getCell(w.sheet, w.address)!.numberFormat).toBe(w.numberFormat);
      }
      expect(res.score.forms.map((f) => f.result.total.toFixed())).toEqual(direct.forms.map((f) => f.result.total.toFixed()));
      // The state part records what was written.
      const state = wb.customXml.filter((p) => p.xml.includes(STATE_XML_NAMESPACE));
      expect(state).toHaveLength(res.written.length ? 1 : 0);
      if (!state.length) return;
      const prior = decodeStateXml(state[0].xml).prior;
      for (const w of res.written) if (w.value !== null) expect(prior[`${w.sheet}!${w.address}`]).toBeDefined();
    });
  }
});

describe('recompute behaviour', () => {
  test('a second recompute reads once and writes nothing', async () => {
    const wb = await loadFixture('liaoning-project-F02.xlsx');
    const { session } = await scoredSession(wb, 'liaoning');
    const again = await session.recompute((b) => scoreWorkbook(b, { profile: PROFILES.liaoning }));
    expect(again.written).toHaveLength(0);
    expect(again.stats).toMatchObject({ syncs: 1, readSyncs: 1, writeSyncs: 0 });
  });

  test('a score typed by a person is kept and reported, the rest still updates', async () => {
    const wb = await loadFixture('liaoning-project-F01.xlsx');
    const { session, res } = await scoredSession(wb, 'liaoning');
    const sheet = res.score.forms[0].form.sheet;
    const cells = res.score.forms[0].form.rowCells.filter((r) => r.score && typeof wb.value(sheet, r.score) === 'number');
    const manual = cells[0].score!;
    wb.userEdit(sheet, manual, 1.5);
    const next = await session.recompute((b) => scoreWorkbook(b, { profile: PROFILES.liaoning }));
    expect(wb.value(sheet, manual)).toBe(1.5);
    expect(next.score.plan.kept.map((k) => k.address)).toContain(manual);
    expect(next.written.map((w) => w.address)).not.toContain(manual);
    const total = next.score.forms[0].form.outputs.total!;
    expect(wb.value(sheet, total)).toBeCloseTo(next.score.forms[0].result.total.toNumber(), 9);
  });

  test('a renamed sheet refreshes the layout instead of failing', async () => {
    const wb = await loadFixture('hubei-project-2.xlsx');
    const { session } = await scoredSession(wb, 'hubei');
    wb.sheets[0].name = '改名后的表';
    const res = await session.recompute((b) => scoreWorkbook(b, { profile: PROFILES.hubei }));
    expect(res.score.forms.map((f) => f.form.sheet)).toEqual(['改名后的表']);
  });
});

function plainWrite(address: string, row: number, col: number, value: number | string | null, numberFormat?: string): CellWrite {
  return { sheet: 'S', address, row, col, value, numberFormat, kind: 'row-score' };
}

describe('applyPlan', () => {
  test('strings stay text (never a formula), numbers stay numbers, values before formats', async () => {
    const wb = new FakeWorkbook();
    wb.addSheet('S');
    const writes = [
      plainWrite('A1', 1, 1, '=SUM(B1:B9)'),
      plainWrite('A2', 2, 1, '-5'),
      plainWrite('A3', 3, 1, '+1'),
      plainWrite('A4', 4, 1, '@x'),
      plainWrite('A5', 5, 1, '95%'),
      plainWrite('B1', 1, 2, 0.9512, '0.00%'),
      plainWrite('B2', 2, 2, 12.375, '0.00'),
      plainWrite('B3', 3, 2, '优'),
    ];
    const stats = newStats();
    await wb.run((ctx) => applyPlan(ctx as never, writes, { prior: {}, changed: false, partId: null }, stats));
    expect(stats).toMatchObject({ syncs: 1, writeSyncs: 1 });
    for (const [addr, text] of [['A1', '=SUM(B1:B9)'], ['A2', '-5'], ['A3', '+1'], ['A4', '@x'], ['A5', '95%'], ['B3', '优']]) {
      const c = wb.getCell('S', addr)!;
      expect({ addr, value: c.value, formula: c.formula, fmt: c.numberFormat }).toEqual({ addr, value: text, formula: undefined, fmt: TEXT_FORMAT });
    }
    expect(wb.getCell('S', 'B1')).toEqual({ value: 0.9512, numberFormat: '0.00%' });
    expect(wb.getCell('S', 'B2')).toEqual({ value: 12.375, numberFormat: '0.00' });
  });

  test('the fake itself turns a string into a formula or a number when nothing protects it', async () => {
    const wb = new FakeWorkbook();
    wb.addSheet('S');
    await wb.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('S');
      ws.getRange('A1').values = [['=1+1']];
      ws.getRange('A2').values = [['42']];
      await ctx.sync();
    });
    expect(wb.getCell('S', 'A1')!.formula).toBe('1+1');
    expect(wb.value('S', 'A2')).toBe(42);
  });

  test('a plan larger than one request is split, and the state part goes with the last batch', async () => {
    const wb = new FakeWorkbook();
    wb.addSheet('S');
    const writes: CellWrite[] = [];
    for (let r = 1; r <= 30_000; r++) writes.push(plainWrite(`A${r}`, r, 1, `说明文字${r}`.repeat(8)));
    const stats = newStats();
    const prior = Object.fromEntries(writes.map((w) => [`S!${w.address}`, String(w.value)]));
    const res = await wb.run((ctx) => applyPlan(ctx as never, writes, { prior, changed: true, partId: null }, stats));
    expect(stats.writeSyncs).toBeGreaterThan(1);
    for (const log of wb.syncLog) expect(log.request).toBeLessThanOrEqual(5 * 1024 * 1024);
    expect(wb.value('S', 'A30000')).toBe('说明文字30000'.repeat(8));
    expect(res.statePartId).toBe(wb.customXml[0].id);
    expect(Object.keys(decodeStateXml(wb.customXml[0].xml).prior)).toHaveLength(30_000);
  });
});
