import { execFileSync } from 'child_process';
import ExcelJS from 'exceljs';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readXlsxWorkbook, writeXlsxWorkbook } from '../src/hosts/xlsx';
import { PROFILES } from '../src/engine';
import { scoreWorkbook } from '../src/sheet';

const { liaoningProject } = require(path.join(__dirname, '..', '..', 'scripts', 'make-examples.js'));

export const ROWS_PER_FORM = 25;
const FIRST_ROW = 9;

type Row = [string, string, string, string, number, string, number, number];

/** 25 quantitative rows (weights 90 in all) in the shapes the formulas below can also compute. */
function rowsOf(seed: number): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < ROWS_PER_FORM; i++) {
    const k = seed * 31 + i * 7;
    const weight = i < 15 ? 4 : 3;
    if (i % 3 === 0) rows.push(['产出指标', '数量指标', `指标${i}`, '>=', 100 + (k % 50), '人', 80 + (k % 90), weight]);
    else if (i % 3 === 1) rows.push(['成本指标', '经济成本指标', `指标${i}`, '<=', 50 + (k % 30), '万元', 40 + (k % 40), weight]);
    else rows.push(['产出指标', '质量指标', `指标${i}`, '=', 100, '%', 85 + (k % 15), weight]);
  }
  return rows;
}

/** The Liaoning rules as spreadsheet formulas: what a spreadsheet would have to do to match us. */
function addFormulas(ws: ExcelJS.Worksheet): void {
  const last = FIRST_ROW + ROWS_PER_FORM - 1;
  for (let r = FIRST_ROW; r <= last; r++) {
    ws.getCell(`H${r}`).value = {
      formula: `IF(D${r}="<=",IF(G${r}<=E${r},1,ROUND(E${r}/G${r},2)),IF(G${r}>=E${r},1,ROUND(MAX(G${r},0)/E${r},2)))`,
    } as ExcelJS.CellFormulaValue;
    ws.getCell(`J${r}`).value = {
      formula: `MAX(0,I${r}*H${r}-IF(OR(AND(D${r}<>"<=",G${r}>E${r}*1.3),AND(D${r}="<=",G${r}<E${r}*0.7)),5,0))`,
    } as ExcelJS.CellFormulaValue;
  }
  const sum = last + 1;
  ws.getCell('H6').value = { formula: 'F6/C6' } as ExcelJS.CellFormulaValue;
  ws.getCell(`C${sum}`).value = { formula: `SUM(J${FIRST_ROW}:J${last})` } as ExcelJS.CellFormulaValue;
  ws.getCell(`F${sum}`).value = { formula: '10*MIN(H6,1)' } as ExcelJS.CellFormulaValue;
  ws.getCell(`H${sum}`).value = { formula: `MAX(0,C${sum}+F${sum}-IF(H6<0.5,59,IF(H6<0.6,69,1000)))` } as ExcelJS.CellFormulaValue;
  ws.getCell(`K${sum}`).value = { formula: `C${sum}+F${sum}-H${sum}` } as ExcelJS.CellFormulaValue;
}

export async function makeBatch(dir: string, workbooks: number, formsPerBook: number, formulas: boolean): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (let b = 0; b < workbooks; b++) {
    const wb = new ExcelJS.Workbook();
    for (let f = 0; f < formsPerBook; f++) {
      const seed = b * formsPerBook + f;
      const ws = wb.addWorksheet(`项目${f + 1}`);
      liaoningProject(ws, { name: `项目${seed}`, dept: '某局', unit: '某中心', budget: 100, spent: 40 + (seed % 61), rows: rowsOf(seed) });
      if (formulas) addFormulas(ws);
    }
    const file = path.join(dir, `batch-${b}.xlsx`);
    await wb.xlsx.writeFile(file);
    files.push(file);
  }
  return files;
}

/** A LibreOffice profile that recalculates every OOXML file on load (files written by ExcelJS carry no results). */
function libreOfficeProfile(dir: string): string {
  const user = path.join(dir, 'user');
  fs.mkdirSync(user, { recursive: true });
  fs.writeFileSync(
    path.join(user, 'registrymodifications.xcu'),
    `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`,
  );
  return `file://${dir}`;
}

/** `peers=none` leaves LibreOffice out (a quick run of our own figure). */
export async function benchXlsx(workbooks = 40, formsPerBook = 50, args: string[] = []): Promise<Record<string, unknown>> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-bench-'));
  try {
    const plain = await makeBatch(path.join(root, 'plain'), workbooks, formsPerBook, false);
    const withFormulas = await makeBatch(path.join(root, 'formulas'), workbooks, formsPerBook, true);
    const out = path.join(root, 'out');
    fs.mkdirSync(out);

    const t0 = process.hrtime.bigint();
    let forms = 0;
    const ours = new Map<string, number>();
    for (const file of plain) {
      const book = await readXlsxWorkbook(file);
      const scored = scoreWorkbook(book.grid, { profile: PROFILES.liaoning });
      forms += scored.forms.length;
      for (const s of scored.forms) ours.set(`${path.basename(file)}!${s.form.sheet}`, Number(s.result.total.toString()));
      await writeXlsxWorkbook(book, scored.plan, { path: path.join(out, path.basename(file)) });
    }
    const jixiaoSeconds = Number(process.hrtime.bigint() - t0) / 1e9;

    const result: Record<string, unknown> = {
      workbooks,
      forms,
      rows: forms * ROWS_PER_FORM,
      jixiao_seconds: Number(jixiaoSeconds.toFixed(2)),
      jixiao_rows_per_s: Math.round((forms * ROWS_PER_FORM) / jixiaoSeconds),
    };

    if (args.includes('peers=none')) return result;
    const soffice = ['/usr/bin/soffice', '/usr/lib/libreoffice/program/soffice'].find((p) => fs.existsSync(p));
    if (!soffice) return { ...result, libreoffice: 'not installed (apt-get install libreoffice-calc-nogui) — peer not measured' };
    const profile = libreOfficeProfile(path.join(root, 'lo-profile'));
    const loOut = path.join(root, 'lo-out');
    const run = (files: string[]) =>
      execFileSync(soffice, [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', 'xlsx', '--outdir', loOut, ...files], { stdio: 'pipe', timeout: 1_800_000 });
    run([withFormulas[0]]); // first start sets up the profile; not timed
    const t1 = process.hrtime.bigint();
    run(withFormulas);
    const loSeconds = Number(process.hrtime.bigint() - t1) / 1e9;

    // Cross-check: LibreOffice's recalculated totals equal ours (a second spreadsheet engine agrees).
    let compared = 0;
    let mismatches = 0;
    for (const file of withFormulas.slice(0, 3)) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path.join(loOut, path.basename(file)));
      wb.eachSheet((ws) => {
        const cell = ws.getCell(`K${FIRST_ROW + ROWS_PER_FORM}`).value as ExcelJS.CellFormulaValue;
        const theirs = Number(cell?.result);
        const mine = ours.get(`${path.basename(file)}!${ws.name}`)!;
        compared++;
        if (!(Math.abs(theirs - mine) < 1e-9)) mismatches++;
      });
    }
    return {
      ...result,
      libreoffice_seconds: Number(loSeconds.toFixed(2)),
      libreoffice_over_jixiao: Number((loSeconds / jixiaoSeconds).toFixed(2)),
      totals_cross_checked: compared,
      totals_mismatched: mismatches,
    };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
