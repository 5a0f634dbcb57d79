import * as fs from 'fs';
import { ExcelSession, newStats, type ExcelRunner } from '../src/hosts/excel';
import { scoreWorkbook } from '../src/sheet';
import { FakeWorkbook } from '../test/excel/fake-excel';
import { FIXTURES, fixtureBookJson } from '../test/excel/load-fixture';

/** Syncs and payload sizes of one recompute through the Office.js adapter against the fake host. */
async function measure(name: string, wb: FakeWorkbook): Promise<Record<string, unknown>> {
  const runner: ExcelRunner = (fn) => wb.run(fn as never) as never;
  const session = new ExcelSession(runner, { triggerSourceSupported: true });
  const prep = newStats();
  await session.prepare(prep);
  wb.syncLog = [];
  const t0 = process.hrtime.bigint();
  const res = await session.recompute((b) => scoreWorkbook(b));
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const again = await session.recompute((b) => scoreWorkbook(b));
  return {
    case: name,
    prepareSyncs: prep.syncs,
    recomputeSyncs: res.stats.syncs,
    readSyncs: res.stats.readSyncs,
    writeSyncs: res.stats.writeSyncs,
    blocks: res.stats.blocks,
    payloadRetries: res.stats.payloadRetries,
    maxRequestBytes: Math.max(0, ...wb.syncLog.map((s) => s.request)),
    maxResponseBytes: Math.max(0, ...wb.syncLog.map((s) => s.response)),
    written: res.written.length,
    steadyStateSyncs: again.stats.syncs,
    ms: Math.round(ms),
  };
}

/** Every fixture workbook, then a fixture plus a 100k-row sheet (chunked under the 5 MB payload limit). */
export async function benchExcel(): Promise<Record<string, unknown>> {
  const cases: Record<string, unknown>[] = [];
  for (const f of fs.readdirSync(FIXTURES).filter((x) => x.endsWith('.xlsx')).sort()) {
    cases.push(await measure(f, FakeWorkbook.fromJSON(await fixtureBookJson(f))));
  }
  const wb = FakeWorkbook.fromJSON(await fixtureBookJson('liaoning-project-F03.xlsx'));
  const big = wb.addSheet('明细');
  for (let r = 1; r <= 100000; r++) {
    big.setCell(r, 1, { value: `项目明细第${r}行`, numberFormat: 'General' });
    big.setCell(r, 2, { value: r * 1.5, numberFormat: '0.00' });
    big.setCell(r, 3, { value: r % 7 === 0 ? '已完成' : '进行中', numberFormat: '@' });
    big.setCell(r, 4, { value: r / 100000, numberFormat: '0.00%' });
  }
  cases.push(await measure('F03 + 100k-row sheet', wb));
  return { cases };
}
