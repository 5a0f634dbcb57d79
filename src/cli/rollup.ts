import * as path from 'path';
import { parseArgs } from 'util';
import { toPlain } from '../engine';
import { applyPlanToXlsx, readXlsxWorkbook, XlsxReadError, XlsxWriteError, type XlsxBook } from '../hosts/xlsx';
import { addSheetToXlsx } from '../hosts/xlsx/add-sheet';
import { writeFileAtomic } from '../hosts/xlsx/atomic-file';
import { formsOf, rollupPlan, rollupWorkbook, type UnitSource } from '../sheet/rollup';
import { JixiaoError, LIMITS, show } from '../sheet/errors';
import { checkInputFile } from './safe-file';
import { ROLLUP_HELP, ROLLUP_USAGE } from './help';
import type { Io } from './io';
import { loadProfileArg } from './profile-arg';
import { renderTable } from './table';

const USAGE = `用法：${ROLLUP_USAGE}
（jixiao rollup --help 查看说明）
`;
export const DETAIL_SHEET = '汇总明细';

/**
 * `jixiao rollup`: combines the units' forms into the summary form (SCORING.md 4.5), scores it and
 * writes the summary actuals, scores and a 汇总明细 sheet into a copy of the summary workbook.
 * Exit 0 combined, 1 combined with problems (an indicator not combined), 2 unusable input.
 */
export async function rollupCommand(args: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        output: { type: 'string', short: 'o' },
        weight: { type: 'string', default: 'spent' },
        profile: { type: 'string', short: 'p' },
        sheet: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    io.err(`参数有误：${show((e as Error).message, 200)}\n${USAGE}`);
    return 2;
  }
  const { values: opts, positionals: files } = parsed;
  if (opts.help) {
    io.out(ROLLUP_HELP);
    return 0;
  }
  if (files.length < 2) {
    io.err(`需要一个汇总表和至少一个单位的自评表\n${USAGE}`);
    return 2;
  }
  if (opts.weight !== 'spent' && opts.weight !== 'budget') {
    io.err(`--weight 应为 spent（全年执行数，默认）或 budget（全年预算数），实际为 “${opts.weight}”\n`);
    return 2;
  }
  const profile = await loadProfileArg(opts.profile);
  const [summaryFile, ...unitFiles] = files;
  const output = opts.output ?? path.join(path.dirname(summaryFile), `${path.basename(summaryFile, path.extname(summaryFile))}.rollup.xlsx`);
  const resolvedOut = path.resolve(output);
  if (files.some((f) => path.resolve(f) === resolvedOut)) {
    io.err(`输出文件 “${output}” 是输入文件之一；汇总结果需写到另一个文件\n`);
    return 2;
  }

  const books: XlsxBook[] = [];
  for (const f of files) {
    try {
      await checkInputFile(f, LIMITS.workbookBytes);
      books.push(await readXlsxWorkbook(f));
    } catch (e) {
      if (e instanceof XlsxReadError || (e instanceof JixiaoError && e.exitCode === 2)) {
        io.err(`${e.message}\n`);
        return 2;
      }
      throw e;
    }
  }
  const [summaryBook, ...unitBooks] = books;
  const summaryForms = formsOf(summaryBook.grid).filter((f) => opts.sheet === undefined || f.sheet === opts.sheet);
  if (summaryForms.length === 0) {
    io.err(`“${summaryFile}”${opts.sheet === undefined ? '' : ` 的工作表“${opts.sheet}”`} 中没有找到绩效自评表（汇总表）\n`);
    return 2;
  }
  const units: UnitSource[] = [];
  for (const [i, book] of unitBooks.entries()) {
    const forms = formsOf(book.grid);
    if (forms.length === 0) {
      io.err(`“${unitFiles[i]}” 中没有找到绩效自评表\n`);
      return 2;
    }
    const base = path.basename(unitFiles[i], path.extname(unitFiles[i]));
    for (const form of forms) units.push({ name: forms.length > 1 ? `${base}/${form.sheet}` : base, form });
  }

  const r = rollupWorkbook(summaryBook.grid, summaryForms[0], units, { profile, fundWeight: opts.weight });
  const plan = rollupPlan(r);
  try {
    const patched = await applyPlanToXlsx(summaryBook.source.bytes, plan);
    const detailWidth = r.detail.reduce((m, row) => Math.max(m, row.length), 0);
    const widths = Array.from({ length: detailWidth }, (_, i) => (i === 1 ? 36 : i === 0 ? 6 : 16));
    const withDetail = await addSheetToXlsx(patched, { name: DETAIL_SHEET, rows: r.detail, widths, freezeRows: 4 });
    await writeFileAtomic(resolvedOut, withDetail);
  } catch (e) {
    if (e instanceof XlsxWriteError) {
      io.err(`未写入 “${output}”：${e.message}\n`);
      return 2;
    }
    throw e;
  }

  const result = r.scored.forms[0]?.result ?? r.rollup.result;
  if (opts.json) {
    io.out(`${JSON.stringify(jsonReport(summaryFile, output, r, result), null, 2)}\n`);
  } else {
    const rows = r.rollup.rows
      .filter((row) => row.indicator)
      .map((row) => [row.indicator, methodText(row.method), row.combined === null ? '' : row.baseUnit === '%' || row.method === 'qualitative-mean' ? `${toPlain(row.combined.times(100).toDecimalPlaces(2))}%` : toPlain((row.combinedInTargetUnit ?? row.combined).toDecimalPlaces(4)), result.rows[row.index]?.score ? toPlain(result.rows[row.index].score!.toDecimalPlaces(2)) : '']);
    io.out(`${renderTable(['三级指标', '汇总方式', '汇总值', '得分'], rows)}\n`);
    io.out(`预算数 ${r.rollup.budget ? toPlain(r.rollup.budget) : '—'}，执行数 ${r.rollup.spent ? toPlain(r.rollup.spent) : '—'}，总分 ${toPlain(result.total.toDecimalPlaces(2))}（${result.grade}），口径 ${r.profile.name}\n`);
    io.out(`已写入 ${output}（含“${DETAIL_SHEET}”工作表）\n`);
    for (const p of r.problems) io.err(`${p.message}\n`);
    for (const k of r.keptInputs) io.err(`${k.sheet}!${k.address} 已有手工填写的值（${String(k.current)}），保留，未写入汇总值 ${k.combined}\n`);
  }
  return r.problems.some((p) => p.severity !== 'info') || r.keptInputs.length ? 1 : 0;
}

function methodText(m: string): string {
  return { sum: '累加', 'weighted-mean': '资金加权平均', 'qualitative-mean': '定性得分率加权', 'summary-typed': '已填，保留', 'not-combined': '未汇总' }[m] ?? m;
}

function jsonReport(summaryFile: string, output: string, r: ReturnType<typeof rollupWorkbook>, result: ReturnType<typeof rollupWorkbook>['rollup']['result']) {
  const t = (d: { toDecimalPlaces(n: number): unknown } | null) => (d === null ? null : toPlain(d.toDecimalPlaces(10) as never));
  return {
    summary: summaryFile,
    output,
    profile: r.profile.id,
    budget: t(r.rollup.budget),
    spent: t(r.rollup.spent),
    rows: r.rollup.rows.map((row) => ({
      indicator: row.indicator,
      method: row.method,
      baseUnit: row.baseUnit,
      combined: t(row.combined),
      score: t(result.rows[row.index]?.score ?? null),
      parts: row.parts.map((p) => ({ unit: p.unit, value: t(p.value), raw: p.raw ?? null, weight: t(p.weight) })),
    })),
    executionScore: t(result.executionScore),
    subtotal: t(result.subtotal),
    total: t(result.total),
    grade: result.grade,
    problems: r.problems,
    keptInputs: r.keptInputs,
  };
}
