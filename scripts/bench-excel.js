#!/usr/bin/env node
/* Sync counts of the Office.js adapter against the fake host: every fixture workbook, and a fixture
 * plus a 100k-row sheet (chunked under the 5 MB payload limit). Prints one JSON line per case.
 * Meant to be called from bench/run.js (`npm run bench`); runs the TypeScript sources directly. */
'use strict';
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

// Minimal TS require hook: transpile only, the type-check is `npm run typecheck:addin`.
require.extensions['.ts'] = (module, filename) => {
  const out = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true },
    fileName: filename,
  });
  module._compile(out.outputText, filename);
};

const ROOT = path.resolve(__dirname, '..');
const { ExcelSession, newStats } = require(path.join(ROOT, 'src/hosts/excel'));
const { scoreWorkbook } = require(path.join(ROOT, 'src/sheet'));
const { FakeWorkbook } = require(path.join(ROOT, 'test/excel/fake-excel'));
const { fixtureBookJson, FIXTURES } = require(path.join(ROOT, 'test/excel/load-fixture'));

async function measure(name, wb) {
  const session = new ExcelSession((fn) => wb.run(fn), { triggerSourceSupported: true });
  const prep = newStats();
  await session.prepare(prep);
  wb.syncLog = [];
  const t0 = process.hrtime.bigint();
  const res = await session.recompute((b) => scoreWorkbook(b));
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const again = await session.recompute((b) => scoreWorkbook(b));
  console.log(
    JSON.stringify({
      bench: 'excel-syncs',
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
    }),
  );
}

(async () => {
  for (const f of fs.readdirSync(FIXTURES).filter((x) => x.endsWith('.xlsx')).sort()) {
    await measure(f, FakeWorkbook.fromJSON(await fixtureBookJson(f)));
  }
  const wb = FakeWorkbook.fromJSON(await fixtureBookJson('liaoning-project-F03.xlsx'));
  const big = wb.addSheet('明细');
  for (let r = 1; r <= 100000; r++) {
    big.setCell(r, 1, { value: `项目明细第${r}行`, numberFormat: 'General' });
    big.setCell(r, 2, { value: r * 1.5, numberFormat: '0.00' });
    big.setCell(r, 3, { value: r % 7 === 0 ? '已完成' : '进行中', numberFormat: '@' });
    big.setCell(r, 4, { value: r / 100000, numberFormat: '0.00%' });
  }
  await measure('F03 + 100k-row sheet', wb);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
